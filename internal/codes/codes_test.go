package codes

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/errors/*.txtar")

// readArchive reads a txtar archive of testdata/errors: a comment saying
// what the case is about, the input files (codes.yaml, then the language
// files) and the expected error text in a want section. TestErrors and
// FuzzParse both read the archives through it, so they read the same
// files.
func readArchive(tb testing.TB, file string) *txtar.Archive {
	tb.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// section returns the file called name of a, or nil when a has none.
func section(a *txtar.Archive, name string) *txtar.File {
	for i := range a.Files {
		if a.Files[i].Name == name {
			return &a.Files[i]
		}
	}
	return nil
}

// contents returns the data of the file called name of a, or nil.
func contents(a *txtar.Archive, name string) []byte {
	if f := section(a, name); f != nil {
		return f.Data
	}
	return nil
}

// TestErrors loads each broken file of testdata/errors and compares the
// error text, positions included, with the archive's want section.
func TestErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			a := readArchive(t, file)
			// The archive's other YAML files are language files.
			var texts []Source
			for _, f := range a.Files {
				if f.Name != "codes.yaml" && strings.HasSuffix(f.Name, ".yaml") {
					texts = append(texts, Source{f.Name, f.Data})
				}
			}
			_, err := Parse(Source{"codes.yaml", contents(a, "codes.yaml")}, texts...)
			if err == nil {
				t.Fatalf("Parse succeeded; want an error")
			}
			got := err.Error() + "\n"
			if *update {
				// Only the want section changes; the rest of the
				// archive is written back as it was read.
				if w := section(a, "want"); w != nil {
					w.Data = []byte(got)
				} else {
					a.Files = append(a.Files, txtar.File{Name: "want", Data: []byte(got)})
				}
				if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(contents(a, "want")); got != want {
				t.Errorf("Parse error =\n%s\nwant\n%s", got, want)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				name, _, _ := strings.Cut(line, ":")
				if section(a, name) == nil || !strings.HasSuffix(name, ".yaml") {
					t.Errorf("error line %q does not start with the name of a file of the archive", line)
				}
			}
		})
	}
}

func TestLoadFixture(t *testing.T) {
	set, err := Load("../../testdata/codes.yaml", []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(set.Codes); got != 3 {
		t.Fatalf("len(Codes) = %d; want 3", got)
	}
	for i, want := range []int{250, 354, 552} {
		if got := set.Codes[i].Code; got != want {
			t.Errorf("Codes[%d] = %d; want %d (sorted by number)", i, got, want)
		}
	}
	c, ok := set.Lookup(552)
	if !ok {
		t.Fatal("Lookup(552) found nothing")
	}
	if got, want := c.Class(), PermanentNegative; got != want {
		t.Errorf("552.Class() = %v; want %v", got, want)
	}
	if got := c.Category(); got != 5 {
		t.Errorf("552.Category() = %d; want 5", got)
	}
	if got, fb := c.Get("vi", Title); got != "Vượt quá dung lượng lưu trữ" || fb {
		t.Errorf("Get(vi, title) = %q, %v; want the Vietnamese title, no fallback", got, fb)
	}
	if got, want := c.References[1].URL(), "https://www.rfc-editor.org/rfc/rfc1870#section-6"; got != want {
		t.Errorf("References[1].URL() = %q; want %q", got, want)
	}
}

func TestFallback(t *testing.T) {
	data := `rfcs: {5321: SMTP}
codes:
  - code: 250
    reply_text: Okay
    model: [{to: [MAIL], then: next}]
    references: [{rfc: 5321}]
`
	en := "codes:\n  250: {title: Okay, summary: Done., description: Done., when: Always., fix_sender: Nothing., fix_admin: Nothing., server: Always., client: Go on.}\n"
	vi := "codes:\n  250: {title: Được}\n"
	set, err := Parse(Source{"codes.yaml", []byte(data)}, Source{"en.yaml", []byte(en)}, Source{"vi.yaml", []byte(vi)})
	if err != nil {
		t.Fatal(err)
	}
	c := set.Codes[0]
	for _, tc := range []struct {
		lang     string
		field    Field
		want     string
		fallback bool
	}{
		{"vi", Title, "Được", false},
		{"vi", Summary, "Done.", true},
		{"en", Summary, "Done.", false},
	} {
		got, fb := c.Get(tc.lang, tc.field)
		if got != tc.want || fb != tc.fallback {
			t.Errorf("Get(%s, %s) = %q, %v; want %q, %v", tc.lang, tc.field, got, fb, tc.want, tc.fallback)
		}
	}
}

// TestLongTitle is the 10,000-character title that once failed only when
// the page was written ("file name too long"): it fails at load, at the
// title.
func TestLongTitle(t *testing.T) {
	data := `rfcs: {5321: SMTP}
codes:
  - code: 250
    reply_text: Okay
    model: [{to: [MAIL], then: next}]
    references: [{rfc: 5321}]
`
	en := `codes:
  250:
    title: ` + strings.Repeat("Okay ", 2000) + `
    summary: Done.
    description: Done.
    when: Always.
    fix_sender: Nothing.
    fix_admin: Nothing.
    server: Always.
    client: Go on.
`
	_, err := Parse(Source{"codes.yaml", []byte(data)}, Source{"en.yaml", []byte(en)})
	want := "en.yaml:3:12: code 250: en.title is 9999 characters long; shorten it to at most 100 (a title names the page in headings, links and search results)"
	if err == nil || err.Error() != want {
		t.Errorf("Parse(10,000-character title) error = %v; want %s", err, want)
	}
}
