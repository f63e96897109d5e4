package render

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// Template error goldens: each testdata/errors/*.txtar holds a comment, the
// templates (NAME.html) and language files (i18n/LANG.yaml) that differ
// from a minimal working set, optionally a "delete" section naming files
// to remove, and the "want" section: the error of New, or else of
// rendering the English page of code 552 from the three-code fixture.
// Refresh with go test ./internal/render -run TestTemplateErrors -update.

// stubTemplates is a minimal working template folder: every page kind
// has its file, and each shows only the title.
func stubTemplates() map[string]string {
	files := map[string]string{
		"base.html":     "<!DOCTYPE html>\n<html lang=\"{{.Lang}}\"><title>{{.Title}}</title>\n{{template \"main\" .}}\n</html>\n",
		"partials.html": "{{define \"title\"}}<h1>{{.Title}}</h1>{{end}}\n",
	}
	for _, kind := range site.Kinds {
		files[kind.Template()+".html"] = "{{define \"main\"}}\n{{template \"title\" .}}\n{{end}}\n"
	}
	return files
}

// stubCatalog is a minimal catalog: the keys a code page needs outside
// the templates, and one heading.
var stubCatalog = map[string]string{
	"i18n/en.yaml": "lang_name: English\nlang_locale: en_US\ntitle_code: \"SMTP {code}: {title}\"\ncrumb_home: Home\ncrumb_codes: Codes\nh_fix: How to fix it\nnot_translated: Not yet translated.\n",
	"i18n/vi.yaml": "lang_name: Tiếng Việt\nlang_locale: vi_VN\n",
}

func TestTemplateErrors(t *testing.T) {
	archives, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(src))
			dir := t.TempDir()
			files := map[string]string{}
			for name, text := range stubTemplates() {
				files["templates/"+name] = text
			}
			for name, text := range stubCatalog {
				files[name] = text
			}
			for name, text := range a.files {
				switch {
				case name == "want" || name == "delete":
				case strings.HasPrefix(name, "i18n/"):
					files[name] = text
				default:
					files["templates/"+name] = text
				}
			}
			for _, name := range strings.Fields(a.files["delete"]) {
				delete(files, "templates/"+name)
			}
			for name, text := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := renderError(t, dir)
			if got == "" {
				t.Fatal("New and Render succeeded; want an error")
			}
			got = strings.ReplaceAll(got, dir+string(filepath.Separator), "") + "\n"
			if *update {
				a.files["want"] = got
				if !slices.Contains(a.order, "want") {
					a.order = append(a.order, "want")
				}
				if err := os.WriteFile(file, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := a.files["want"]; got != want {
				t.Errorf("error =\n%s\nwant\n%s(run go test ./internal/render -run TestTemplateErrors -update and review the diff)", got, want)
			}
		})
	}
}

// renderError makes a Renderer of the templates and catalog below dir and
// renders the English page of code 552, returning the first error's text.
func renderError(t *testing.T, dir string) string {
	t.Helper()
	cat, err := i18n.Load(filepath.Join(dir, "i18n"))
	if err != nil {
		return err.Error()
	}
	set, err := codes.Load("../../testdata/codes.yaml", []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{TemplateDir: filepath.Join(dir, "templates"), Codes: set, Catalog: cat, BaseURL: "https://example.org/", Assets: testAssets})
	if err != nil {
		return err.Error()
	}
	c := lookup(t, set, 552)
	var buf bytes.Buffer
	if err := r.Render(&buf, site.Page{Kind: site.Code, Lang: "en", Path: site.CodePath("en", c), A: c}); err != nil {
		return err.Error()
	}
	return ""
}

// TestStubsRender makes sure the minimal set of the goldens works, so
// that each golden's error comes from its own change.
func TestStubsRender(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for name, text := range stubTemplates() {
		files["templates/"+name] = text
	}
	for name, text := range stubCatalog {
		files[name] = text
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if msg := renderError(t, dir); msg != "" {
		t.Fatalf("the stub templates fail: %s", msg)
	}
}

// archive is a txtar archive (golang.org/x/tools/txtar) by file name,
// keeping the order of its files so that -update rewrites only want.
type archive struct {
	comment string
	files   map[string]string
	order   []string
}

func parseArchive(src string) *archive {
	ar := txtar.Parse([]byte(src))
	a := &archive{comment: string(ar.Comment), files: map[string]string{}}
	for _, f := range ar.Files {
		a.files[f.Name] = string(f.Data)
		a.order = append(a.order, f.Name)
	}
	return a
}

func (a *archive) format() []byte {
	ar := &txtar.Archive{Comment: []byte(a.comment)}
	for _, name := range a.order {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(a.files[name])})
	}
	return txtar.Format(ar)
}
