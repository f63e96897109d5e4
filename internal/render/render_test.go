package render

import (
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testAssets names every file of static/ as the build would, with a
// fixed hash so that the goldens do not change with the files.
var testAssets = func() map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir("../../static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel("../../static", p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		ext := path.Ext(rel)
		out[rel] = "assets/" + strings.TrimSuffix(rel, ext) + ".0123456789" + ext
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
}()

// newRenderer is a Renderer of the fixture with the catalogs of
// catalogDir, under the base path /docs/.
func newRenderer(t testing.TB, catalogDir string) (*Renderer, *codes.Set) {
	t.Helper()
	if catalogDir == "../../i18n" {
		r, set, _ := fixtureRenderer(t, nil)
		return r, set
	}
	cat, err := i18n.Load(catalogDir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fixture()
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{
		TemplateDir: "../../templates",
		Codes:       f.set,
		Catalog:     cat,
		BaseURL:     "https://example.org/docs/",
		Assets:      testAssets,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, f.set
}

func lookup(t testing.TB, set *codes.Set, code int) *codes.Code {
	t.Helper()
	c, ok := set.Lookup(code)
	if !ok {
		t.Fatalf("fixture has no code %d", code)
	}
	return c
}

// TestGolden renders one code page and one pair page per language from the
// three-code fixture and compares them with testdata/golden. Run
// go test ./internal/render -update to refresh them, and review the diff.
func TestGolden(t *testing.T) {
	r, set := newRenderer(t, "../../i18n")
	c354, c552 := lookup(t, set, 354), lookup(t, set, 552)
	for _, lang := range []string{"en", "vi"} {
		for _, tc := range []struct {
			name string
			page site.Page
		}{
			{"code-552", site.Page{Kind: site.Code, Lang: lang, Path: site.CodePath(lang, c552), A: c552}},
			{"pair-354-552", site.Page{Kind: site.Pair, Lang: lang, Path: site.PairPath(lang, c354, c552), A: c354, B: c552}},
			{"enhanced-x-2-2", site.Page{Kind: site.Enhanced, Lang: lang, Path: site.EnhancedPath(lang, set.Enhanced[0]), E: set.Enhanced[0]}},
		} {
			name := lang + "-" + tc.name
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := r.Render(&buf, tc.page); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden", name+".html")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
				}
				if got := buf.String(); got != string(want) {
					t.Errorf("Render(%s) differs from %s; run with -update and review the diff.\n%s", tc.page.Path, golden, firstDiff(got, string(want)))
				}
			})
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestFallbackMarked checks that English shown in place of a missing
// translation is marked with lang="en" and a visible note.
func TestFallbackMarked(t *testing.T) {
	dir := t.TempDir()
	en, err := os.ReadFile("../../i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "en.yaml"), en, 0o644)
	// A Vietnamese catalog with only its name: every other string falls back.
	os.WriteFile(filepath.Join(dir, "vi.yaml"), []byte("lang_name: Tiếng Việt\nlang_locale: vi_VN\nh_fix: Cách khắc phục\n"), 0o644)
	r, set := newRenderer(t, dir)
	c := lookup(t, set, 552)
	var buf bytes.Buffer
	if err := r.Render(&buf, site.Page{Kind: site.Code, Lang: "vi", Path: site.CodePath("vi", c), A: c}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		`<html lang=vi>`,
		`<h2 id=h-fix>Cách khắc phục</h2>`,
		`<h2 id=h-description><span lang="en" class="untranslated" title="This part is not yet translated and is shown in English.">Description</span></h2>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestEscaping(t *testing.T) {
	r, set := newRenderer(t, "../../i18n")
	c := lookup(t, set, 354)
	var buf bytes.Buffer
	if err := r.Render(&buf, site.Page{Kind: site.Code, Lang: "en", Path: site.CodePath("en", c), A: c}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<script>alert(1)</script>") {
		t.Error("raw HTML from the data reached the page")
	}
	if !slices.Contains(codeTexts(t, page), "<script>alert(1)</script>") {
		t.Error("markup in a code span is not shown as text")
	}
	if !strings.Contains(page, "354 Start mail input; end with &lt;CRLF&gt;.&lt;CRLF&gt;") {
		t.Error("reply text is not escaped as text")
	}
	if !strings.Contains(page, `<a href=../>`) {
		t.Error("the link to the code list is not written relative to the page")
	}
}

// codeTexts returns the text of each <code> element of page, as a
// browser shows it.
func codeTexts(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "code" {
			var b strings.Builder
			for c := range n.Descendants() {
				if c.Type == html.TextNode {
					b.WriteString(c.Data)
				}
			}
			out = append(out, b.String())
		}
	}
	return out
}

func TestTemplateErrorNamesFile(t *testing.T) {
	dir := t.TempDir()
	names, err := filepath.Glob("../../templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range names {
		name := filepath.Base(path)
		src, err := os.ReadFile(filepath.Join("../../templates", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "code.html" {
			src = append([]byte("{{define \"x\"}}\n{{if}}\n{{end}}\n"), src...)
		}
		os.WriteFile(filepath.Join(dir, name), src, 0o644)
	}
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		t.Fatal(err)
	}
	set, err := codes.Load("../../testdata/codes.yaml", []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{TemplateDir: dir, Codes: set, Catalog: cat, BaseURL: "https://example.org/", Assets: testAssets})
	want := filepath.Join(dir, "code.html") + ":2: "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("New with a broken code.html: error = %v; want it to start with %q", err, want)
	}
}

func TestCompareSections(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"4.2.9", "4.2.10", -1},
		{"4.5.3.1.10", "4.5.3.1.9", 1},
		{"3.4", "3.4", 0},
		{"4", "4.1", -1},
		{"4..2", "4.2", 0},
		{"4.2.", "4.2", 0},
		{"", "1", -1},
		{"A.1", "4.1", 1},
		{"4.10a", "4.10", 1},
		{"4.2", "4", 1},
	} {
		if got := compareSections(tc.a, tc.b); got != tc.want {
			t.Errorf("compareSections(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func BenchmarkCodePage(b *testing.B) {
	r, set := newRenderer(b, "../../i18n")
	c := lookup(b, set, 552)
	p := site.Page{Kind: site.Code, Lang: "en", Path: site.CodePath("en", c), A: c}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkPairPage(b *testing.B) {
	r, set := newRenderer(b, "../../i18n")
	a, c := lookup(b, set, 354), lookup(b, set, 552)
	p := site.Page{Kind: site.Pair, Lang: "en", Path: site.PairPath("en", a, c), A: a, B: c}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Render(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkPairKey measures the key of a pair page, which every build
// computes for every page before it renders any.
func BenchmarkPairKey(b *testing.B) {
	r, set := newRenderer(b, "../../i18n")
	a, c := lookup(b, set, 354), lookup(b, set, 552)
	p := site.Page{Kind: site.Pair, Lang: "vi", Path: site.PairPath("vi", a, c), A: a, B: c}
	for b.Loop() {
		r.Key(p)
	}
}

// TestJoinSentences checks that a lead joined in one pass from
// sentence_join cut at its placeholders is the lead filled two sentences
// at a time, and that a pattern of another shape is not cut.
func TestJoinSentences(t *testing.T) {
	hs := []template.HTML{"One.", "<b>Two</b>.", "Three &amp; four.", "Five."}
	for _, tc := range []struct {
		pattern string
		cut     bool
	}{
		{"{first} {next}", true},
		{"{first}{next}", true},
		{"<p>{first}</p> | <i>{next}</i>.", true},
		{"{next} {first}", false},
		{"{first} {first} {next}", false},
		{"{first} {other} {next}", false},
		{"{first}", false},
	} {
		pieces := cutJoin(tc.pattern)
		if (pieces != nil) != tc.cut {
			t.Errorf("cutJoin(%q) = %q; want it cut: %v", tc.pattern, pieces, tc.cut)
		}
		if pieces == nil {
			continue
		}
		for n := range len(hs) + 1 {
			want := ""
			for i, h := range hs[:n] {
				if i == 0 {
					want = string(h)
					continue
				}
				var err error
				if want, err = i18n.Fill("sentence_join", tc.pattern, []any{"first", template.HTML(want), "next", h}, func(v any) string { return string(v.(template.HTML)) }); err != nil {
					t.Fatal(err)
				}
			}
			got, err := (*Renderer)(nil).joinSentences("en", hs[:n], pieces)
			if err != nil || string(got) != want {
				t.Errorf("%q, %d sentences: %q, %v; want %q", tc.pattern, n, got, err, want)
			}
		}
	}
}
