package build_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"smtpcodes/internal/build"
)

// TestLangStylesheet builds the fixture with static/lang/vi.css: every
// Vietnamese page loads it, after its other stylesheets, and no other page
// does, so a language's fonts and line breaking weigh nothing elsewhere.
func TestLangStylesheet(t *testing.T) {
	in := copyInputs(t)
	if err := os.MkdirAll(filepath.Join(in.dir, "static", "lang"), 0o755); err != nil {
		t.Fatal(err)
	}
	in.write(t, "static/lang/vi.css", ":lang(vi) { line-height: 1.7; }\n")
	in.cfg.OutDir = filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(in.cfg); err != nil {
		t.Fatal(err)
	}
	s, err := crawl(in.cfg.OutDir, in.cfg.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var vi, others int
	for _, p := range s.sortedPages() {
		var sheets []string
		for _, l := range p.loads {
			if strings.HasSuffix(l, ".css") {
				sheets = append(sheets, s.fileOfRef(p.file, l))
			}
		}
		own := slices.IndexFunc(sheets, func(f string) bool { return strings.HasPrefix(f, "assets/lang/vi.") })
		switch {
		case strings.HasPrefix(p.file, "vi/"):
			vi++
			if own < 0 || own != len(sheets)-1 {
				t.Errorf("%s loads the stylesheets %q; want assets/lang/vi.*.css among them, last", p.file, sheets)
			}
		default:
			others++
			if own >= 0 {
				t.Errorf("%s loads %s, the stylesheet of Vietnamese", p.file, sheets[own])
			}
		}
	}
	if vi == 0 || others == 0 {
		t.Fatalf("%d Vietnamese pages and %d others; want some of each", vi, others)
	}
}
