package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"smtpcodes/internal/build"
)

// TestOutdatedTranslation changes one English text of the fixture: its
// Vietnamese page shows the translation with a note linking the English
// page, the build counts it, -strict fails on it at its line, and marking
// it current clears all three.
func TestOutdatedTranslation(t *testing.T) {
	data := copyFixture(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(data, out)
	viPage := filepath.Join(out, "vi", "smtp", "552-exceeded-storage", "index.html")
	note := regexp.MustCompile(`<p class=outdated-note>[^<]+<a href=/en/smtp/552-exceeded-storage/ hreflang=en>`)

	res, err := build.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Outdated) != 0 {
		t.Fatalf("the fixture has outdated translations: %v", res.Outdated)
	}
	if page, _ := os.ReadFile(viPage); note.Match(page) {
		t.Fatal("a current translation shows the outdated note")
	}

	editFixture(t, data, "description: The recipient's storage is exhausted.", "description: The recipient's mailbox has no room left.")
	res, err = build.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	vi := filepath.Join(filepath.Dir(data), "text", "vi.yaml")
	line := lineOf(t, vi, "    description: Dung lượng của người nhận đã hết.")
	want := vi + ":" + line + ":18: codes/552/description: the English text changed"
	if len(res.Outdated) != 1 || !strings.HasPrefix(res.Outdated[0], want) {
		t.Errorf("outdated = %q; want one starting %q", res.Outdated, want)
	}
	page, err := os.ReadFile(viPage)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(note.FindAll(page, -1)); n != 1 {
		t.Errorf("%s shows the outdated note %d times; want once, after the description", viPage, n)
	}
	if !bytes.Contains(page, []byte("Dung lượng của người nhận đã hết.")) {
		t.Errorf("%s lost the outdated translation; it must still show it", viPage)
	}
	if en, _ := os.ReadFile(filepath.Join(out, "en", "smtp", "552-exceeded-storage", "index.html")); bytes.Contains(en, []byte("outdated-note")) {
		t.Error("the English page shows the outdated note")
	}
	strict := cfg
	strict.Strict = true
	if _, err := build.Run(strict); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("strict build error = %v; want one naming %q", err, want)
	}

	n, _, err := build.Mark(cfg, "vi", []string{"codes/552/description"})
	if err != nil || n != 1 {
		t.Fatalf("Mark = %d, %v; want 1 record set", n, err)
	}
	res, err = build.Run(strict)
	if err != nil {
		t.Fatalf("strict build after marking: %v", err)
	}
	if page, _ := os.ReadFile(viPage); note.Match(page) {
		t.Error("the note is still shown after marking the translation current")
	}
	if _, _, err := build.Mark(cfg, "vi", []string{"codes/553"}); err == nil || !strings.Contains(err.Error(), "codes/553 names no text") {
		t.Errorf("Mark(codes/553) error = %v; want one saying the path names no text", err)
	}
}

// TestCopiedLanguage is how a language is added: a copy of the English
// file is all missing until translated, and the status report says so.
func TestCopiedLanguage(t *testing.T) {
	data := copyFixture(t)
	dir := filepath.Dir(data)
	i18nDir := filepath.Join(dir, "i18n")
	if err := os.Mkdir(i18nDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"en.yaml", "vi.yaml"} {
		copyFile(t, filepath.Join("../../i18n", f), filepath.Join(i18nDir, f))
	}
	copyFile(t, filepath.Join("../../i18n", "en.yaml"), filepath.Join(i18nDir, "de.yaml"))
	copyFile(t, filepath.Join(dir, "text", "en.yaml"), filepath.Join(dir, "text", "de.yaml"))
	cfg := fixtureConfig(data, filepath.Join(dir, "public"))
	cfg.I18nDir = i18nDir
	in, err := build.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	build.Report(&b, in, false)
	de := regexp.MustCompile(`(?m)^de +(\d+) +0 +0 +0 +(\d+)$`).FindStringSubmatch(b.String())
	if de == nil || de[1] != de[2] {
		t.Errorf("report:\n%s\nwant de with every text missing", b.String())
	}
}

func lineOf(t *testing.T, file, text string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if l == text {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s has no line %q", file, text)
	return ""
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestUntranslatedPageNotIndexed removes every Vietnamese text of code
// 552: its Vietnamese page is still built, but marked noindex with the
// English page as canonical, and neither the sitemap nor any hreflang list
// offers it as the Vietnamese version.
func TestUntranslatedPageNotIndexed(t *testing.T) {
	data := copyFixture(t)
	vi := filepath.Join(filepath.Dir(data), "text", "vi.yaml")
	src, err := os.ReadFile(vi)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vi, removeText(t, src, 552), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(fixtureConfig(data, out)); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	viURL := baseURL + "vi/smtp/552-exceeded-storage/"
	page := read("vi/smtp/552-exceeded-storage/index.html")
	for _, want := range []string{`<meta name=robots content=noindex>`, `<link rel=canonical href=` + baseURL + `en/smtp/552-exceeded-storage/>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the untranslated Vietnamese page lacks %s", want)
		}
	}
	if strings.Contains(page, `hreflang="vi" href="`+viURL+`"`) {
		t.Error("the untranslated page lists itself as the Vietnamese version")
	}
	if en := read("en/smtp/552-exceeded-storage/index.html"); strings.Contains(en, `hreflang="vi" href="`+viURL+`"`) {
		t.Error("the English page offers the untranslated page as its Vietnamese version")
	}
	if strings.Contains(read("sitemap.xml"), viURL) {
		t.Error("the sitemap lists the untranslated page")
	}
	// A page with a translated code stays indexed.
	if pair := read("vi/smtp/250-vs-354/index.html"); strings.Contains(pair, "noindex") {
		t.Error("a translated pair page is marked noindex")
	}
}
