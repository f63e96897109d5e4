//go:build !race

package synth_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smtpcodes/internal/build"
	"smtpcodes/internal/hosts"
	"smtpcodes/internal/site"
	"smtpcodes/internal/synth"
)

// TestSyntheticHostLimits builds a synthetic site of 145 codes in two
// languages, over 21,000 pages, with every pair page: more files than
// Cloudflare Pages takes on its free plan. The build must succeed, with a
// warning that names the host and its limit and points at pairs: related;
// the same site with pairs: related must fit, with no warning.
//
// The race detector makes the build of 21,000 pages many times slower, so
// go test -race leaves this file out (the build constraint above); make
// test runs it without -race (Makefile, target hostlimits).
func TestSyntheticHostLimits(t *testing.T) {
	dir := scratch(t)
	if err := synth.Write(synth.Options{Codes: 145, Langs: 2, Out: dir, En: "../../i18n/en.yaml", Seed: 1}); err != nil {
		t.Fatal(err)
	}
	cfg := build.Config{
		DataFile:    filepath.Join(dir, "data", "codes.yaml"),
		TemplateDir: "../../templates",
		I18nDir:     filepath.Join(dir, "i18n"),
		StaticDir:   "../../static",
		OutDir:      filepath.Join(dir, "public"),
		BaseURL:     "https://example.org/",
		Pairs:       site.AllPairs,
	}
	free := limit(t, "Cloudflare Pages (free plan)", hosts.Files)

	start := time.Now()
	res, err := build.Run(cfg)
	if err != nil {
		t.Fatalf("the build failed; a host's limit must only warn: %v", err)
	}
	t.Logf("%d pages built in %s", res.Pages, time.Since(start).Round(time.Millisecond))
	// What the host would count: every file of the folder.
	files := 0
	err = filepath.WalkDir(cfg.OutDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if int64(files) <= free.Max {
		t.Fatalf("the synthetic site has %d files, not over %s's %d: make it larger", files, free.Host, free.Max)
	}
	// The site is all there: its pages and the one file of a pair.
	for _, f := range []string{"index.html", "_headers", filepath.Join("en", "index.html")} {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, f)); err != nil {
			t.Errorf("the site has no %s: %v", f, err)
		}
	}
	pairs, _ := filepath.Glob(filepath.Join(cfg.OutDir, "en", "smtp", "*-vs-*", "index.html"))
	if want := 145 * 144 / 2; len(pairs) != want {
		t.Errorf("en has %d pair pages; want every pair, %d", len(pairs), want)
	}
	want := free.Host + " takes at most " + hosts.Count(free.Max) + " files per site; this site has " + hosts.Count(int64(files))
	if len(res.Warnings) != 1 {
		t.Fatalf("warnings = %q; want one, starting %q", res.Warnings, want)
	}
	w := res.Warnings[0]
	if !strings.HasPrefix(w, want) {
		t.Errorf("warning = %q; want it to start %q", w, want)
	}
	for _, part := range []string{"(" + free.Source + ")", "pairs: related"} {
		if !strings.Contains(w, part) {
			t.Errorf("warning = %q; want it to name %q", w, part)
		}
	}

	// What the warning advises: the same site with fewer pair pages fits.
	cfg.Pairs = site.RelatedPairs
	cfg.OutDir = filepath.Join(dir, "related")
	res, err = build.Run(cfg)
	if err != nil {
		t.Fatalf("pairs: related: %v", err)
	}
	if int64(res.Files) > free.Max || len(res.Warnings) != 0 {
		t.Errorf("pairs: related: %d files, warnings %q; want at most %d files and no warning", res.Files, res.Warnings, free.Max)
	}
}

// scratch is a new folder in memory (/dev/shm) where the machine has one,
// else on disk: what the test checks does not depend on the disk, whose
// speed on a shared machine varies severalfold.
func scratch(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "smtpcodes-hostlimits-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// limit is the limit of hosts.Limits of host on m.
func limit(t *testing.T, host string, m hosts.Measure) hosts.Limit {
	t.Helper()
	for _, l := range hosts.Limits {
		if l.Host == host && l.Measure == m {
			return l
		}
	}
	t.Fatalf("hosts.Limits has no limit of %s on measure %d", host, m)
	return hosts.Limit{}
}
