package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smtpcodes/internal/build"
	"smtpcodes/internal/site"
)

// TestIncrementalEqualsFresh applies one edit of each kind an author makes
// to a copy of the fixture's inputs, rebuilds over the previous output,
// with what a build of the inputs before the edit kept (as the preview
// rebuilds), and builds the edited inputs into an empty folder with
// nothing kept: the two trees must be the same, byte for byte. A page whose key misses something its template
// shows would keep its old bytes here.
func TestIncrementalEqualsFresh(t *testing.T) {
	first := copyInputs(t)
	before := filepath.Join(t.TempDir(), "public")
	first.cfg.OutDir = before
	if _, err := build.Run(first.cfg); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, in *inputsCopy)
	}{
		{"English title and so the slug", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/en.yaml", "title: Exceeded Storage", "title: Storage Exceeded")
		}},
		{"translated field", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/vi.yaml", "description: Dung lượng của người nhận đã hết.", "description: Hộp thư của người nhận đã hết chỗ.")
		}},
		{"English field with a translation", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/en.yaml", "description: The recipient's storage is exhausted.", "description: The recipient's mailbox has no room left.")
		}},
		{"translated title", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/vi.yaml", "title: Vượt quá dung lượng lưu trữ", "title: Hết dung lượng lưu trữ")
		}},
		{"enhanced code's English title and so its slug", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/en.yaml", "title: Mailbox Full", "title: Mailbox Over Quota")
		}},
		{"translation marked outdated", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/vi.yaml", `codes/552/description: "c62efae2"`, `codes/552/description: "00000000"`)
		}},
		{"related list", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "codes.yaml", "related: [354]\n    provider_replies:", "related: [354, 250]\n    provider_replies:")
		}},
		{"reply model", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "codes.yaml", "      - to: [DATA-END]\n        then: accepted\n", "      - to: [DATA-END, BDAT-LAST]\n        then: accepted\n")
		}},
		{"RFC title", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "codes.yaml", "1870: SMTP Service Extension for Message Size Declaration", "1870: SMTP Service Extension for Message Size Declaration (SIZE)")
		}},
		{"pair note", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/en.yaml", "**552** refuses it as too large.", "**552** refuses it for want of room.")
		}},
		{"translated pair note", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "text/vi.yaml", "**552** từ chối vì thư quá lớn.", "**552** từ chối vì hết chỗ.")
		}},
		{"pairs setting", func(t *testing.T, in *inputsCopy) {
			in.cfg.Pairs = site.RelatedPairs
		}},
		{"UI string", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "i18n/vi.yaml", "crumb_home: Trang chủ", "crumb_home: Trang đầu")
		}},
		{"template", func(t *testing.T, in *inputsCopy) {
			in.replace(t, "templates/base.html", `<main id=main`, `<main data-edited=yes id=main`)
		}},
		{"static asset", func(t *testing.T, in *inputsCopy) {
			in.append(t, "static/style.css", "\n.edited { color: red; }\n")
		}},
		{"a language's own stylesheet added", func(t *testing.T, in *inputsCopy) {
			if err := os.MkdirAll(filepath.Join(in.dir, "static", "lang"), 0o755); err != nil {
				t.Fatal(err)
			}
			in.write(t, "static/lang/vi.css", "body { line-height: 1.7; }\n")
		}},
		{"base URL", func(t *testing.T, in *inputsCopy) {
			in.cfg.BaseURL = "https://example.org/docs/smtp/"
		}},
		{"code added", func(t *testing.T, in *inputsCopy) {
			in.append(t, "codes.yaml", `  - code: 251
    reply_text: "User not local; will forward to <forward-path>"
    model:
      - to: [RCPT]
        then: next
    references:
      - {rfc: 5321, section: "3.4"}
    related: [250]
`)
			in.replace(t, "text/en.yaml", "\nenhanced:", `
  251:
    title: User Not Local, Will Forward
    summary: The server takes the message and forwards it.
    description: The mailbox moved; the server forwards the message.
    when: After RCPT TO for a moved user.
    fix_sender: Nothing to do.
    fix_admin: Nothing to do.
    server: Sends it when it forwards.
    client: Goes on.
enhanced:`)
		}},
		{"code removed", func(t *testing.T, in *inputsCopy) {
			src := in.read(t, "codes.yaml")
			in.write(t, "codes.yaml", string(removeCode(t, []byte(src), 354)))
			for _, f := range []string{"text/en.yaml", "text/vi.yaml"} {
				in.write(t, f, string(removeText(t, []byte(in.read(t, f)), 354)))
			}
		}},
		{"language added", func(t *testing.T, in *inputsCopy) {
			de := strings.Replace(in.read(t, "i18n/vi.yaml"), "lang_name: Tiếng Việt", "lang_name: Deutsch", 1)
			de = strings.Replace(de, "lang_locale: vi_VN", "lang_locale: de_DE", 1)
			in.write(t, "i18n/de.yaml", de)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := copyInputs(t)
			// The build before the edit is the same for every case: each
			// starts from a copy of it, manifest and all.
			out := filepath.Join(t.TempDir(), "public")
			copyDir(t, before, out)
			copyFile(t, filepath.Join(filepath.Dir(before), ".public.manifest"), filepath.Join(filepath.Dir(out), ".public.manifest"))
			// The rebuild keeps what a build of the inputs before the
			// edit made of them, as the preview does (build.Cache).
			in.cfg.Cache = build.NewCache()
			warm := in.cfg
			warm.OutDir = filepath.Join(t.TempDir(), "public")
			if _, err := build.Run(warm); err != nil {
				t.Fatalf("build before the edit: %v", err)
			}
			in.cfg.OutDir = out
			tc.edit(t, in)
			res, err := build.Run(in.cfg)
			if err != nil {
				t.Fatalf("rebuild after the edit: %v", err)
			}
			if res.Unchanged == res.Files {
				t.Fatalf("the rebuild after the edit changed no file; the edit proves nothing")
			}
			fresh := in.cfg
			fresh.OutDir, fresh.Cache = filepath.Join(t.TempDir(), "public"), nil
			if _, err := build.Run(fresh); err != nil {
				t.Fatalf("fresh build of the edited inputs: %v", err)
			}
			compareTrees(t, out, fresh.OutDir)
		})
	}
}

// inputsCopy is a copy of every input of a fixture build, for a test to edit.
type inputsCopy struct {
	dir string
	cfg build.Config
}

func copyInputs(t *testing.T) *inputsCopy {
	t.Helper()
	data := copyFixture(t)
	dir := filepath.Dir(data)
	for _, d := range []string{"templates", "static"} {
		copyDir(t, filepath.Join("../..", d), filepath.Join(dir, d))
	}
	copyDir(t, fixtureUI, filepath.Join(dir, "i18n"))
	cfg := fixtureConfig(data, "")
	cfg.TemplateDir = filepath.Join(dir, "templates")
	cfg.I18nDir = filepath.Join(dir, "i18n")
	cfg.StaticDir = filepath.Join(dir, "static")
	return &inputsCopy{dir: dir, cfg: cfg}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			copyDir(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
			continue
		}
		copyFile(t, filepath.Join(from, e.Name()), filepath.Join(to, e.Name()))
	}
}

func (in *inputsCopy) read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(in.dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (in *inputsCopy) write(t *testing.T, rel, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(in.dir, rel), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (in *inputsCopy) replace(t *testing.T, rel, old, new string) {
	t.Helper()
	src := in.read(t, rel)
	if !strings.Contains(src, old) {
		t.Fatalf("%s has no %q", rel, old)
	}
	in.write(t, rel, strings.Replace(src, old, new, 1))
}

func (in *inputsCopy) append(t *testing.T, rel, text string) {
	t.Helper()
	in.write(t, rel, in.read(t, rel)+text)
}
