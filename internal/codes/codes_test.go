package codes

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/errors/*.txtar")

// archive is a minimal txtar: a comment, then "-- name --" sections.
type archive struct {
	comment string
	files   map[string]string
	order   []string
}

func parseArchive(t *testing.T, src string) *archive {
	t.Helper()
	a := &archive{files: map[string]string{}}
	cur := ""
	var b strings.Builder
	flush := func() {
		if cur == "" {
			a.comment = b.String()
		} else {
			a.files[cur] = b.String()
			a.order = append(a.order, cur)
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") {
			flush()
			cur = strings.TrimSuffix(strings.TrimPrefix(trimmed, "-- "), " --")
			continue
		}
		b.WriteString(line)
	}
	flush()
	return a
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, name := range a.order {
		b.WriteString("-- " + name + " --\n")
		b.WriteString(a.files[name])
	}
	return b.Bytes()
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
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(t, string(src))
			// The archive's other YAML files are language files.
			var texts []Source
			for _, name := range a.order {
				if name != "codes.yaml" && strings.HasSuffix(name, ".yaml") {
					texts = append(texts, Source{name, []byte(a.files[name])})
				}
			}
			_, err = Parse(Source{"codes.yaml", []byte(a.files["codes.yaml"])}, texts...)
			if err == nil {
				t.Fatalf("Parse succeeded; want an error")
			}
			got := err.Error() + "\n"
			if *update {
				a.files["want"] = got
				if err := os.WriteFile(file, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := a.files["want"]; got != want {
				t.Errorf("Parse error =\n%s\nwant\n%s", got, want)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				name, _, _ := strings.Cut(line, ":")
				if _, ok := a.files[name]; !ok || !strings.HasSuffix(name, ".yaml") {
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
