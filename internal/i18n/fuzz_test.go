package i18n

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"smtpcodes/internal/diag/diagtest"
)

// fuzzEnglish is the reference file FuzzParse loads beside the fuzzed
// Vietnamese one: keys with and without placeholders.
const fuzzEnglish = `lang_name: English
lang_locale: en_US
crumb_home: Home
code_title: "SMTP {code} {title}"
pair_title: "SMTP {a} vs {b}: what is the difference?"
bye: Bye
`

// FuzzParse loads arbitrary bytes as one language file, twice: as
// i18n/vi.yaml beside a fixed English file, and as i18n/en.yaml alone.
// Whatever the bytes, Parse must not panic, and either
//
//   - fail with one *diag.Error per problem, each naming the fuzzed file
//     and a line and column inside it (line >= 1, col >= 1; only "the file
//     has no keys" has none), and a message of one line with no control
//     character; or
//   - return a catalog whose texts are trimmed, not empty and free of
//     control characters but tab and newline, that has lang_name (and, for
//     English, lang_locale), and whose Vietnamese keys are English keys with
//     English's placeholders.
//
// The seeds are in testdata/fuzz/FuzzParse (trimmed real language files)
// and below (one of each kind of problem). `make fuzz` runs it for FUZZTIME.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		fuzzEnglish,
		"lang_name: Tiếng Việt\ncode_title: \"SMTP {code}: {title}\"\n",
		"lang_name: Tiếng Việt\ngreting: Chào\n",
		"lang_name: Tiếng Việt\ncode_title: SMTP {ma}\n",
		"lang_name: Tiếng Việt\nbye: [a, b]\n",
		"bye: Tạm biệt\nbye: Chào\n",
		"bye: \"Tạm biệt\n",
		"lang_name: Tiếng Việt\nbye:\n\tTạm biệt\n",
		"",
		"# to do\n",
		"{}\n",
		"- bye\n",
		"lang_name: Tiếng Việt\n---\nbye: Tạm biệt\n",
		"lang_name: Tiếng Việt\nbye: \"Tạm biệt\\a\"\n",
		"lang_name: Tiếng Việt\nbye: Tạm\x08 biệt\n",
		"lang_name: Ti\xeang Vi\xeat\n",
		"lang_name: Tiếng Việt\nbye: |\n  Tạm biệt\n  và hẹn gặp lại\ncrumb_home: >-\n  Trang\n  chủ\n",
		"lang_name: &n Tiếng Việt\nbye: *n\n",
		"\xff\xfel\x00a\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse(map[string][]byte{"i18n/en.yaml": []byte(fuzzEnglish), "i18n/vi.yaml": src})
		check(t, "i18n/vi.yaml", src, c, err)
		c, err = Parse(map[string][]byte{"i18n/en.yaml": src})
		check(t, "i18n/en.yaml", src, c, err)
	})
}

// check checks the outcome of a Parse in which file held src.
func check(t *testing.T, file string, src []byte, c *Catalog, err error) {
	t.Helper()
	if err != nil {
		if c != nil {
			t.Errorf("%s: Parse returned a catalog and the error %v", file, err)
		}
		diagtest.Check(t, map[string][]byte{file: src}, err, wholeFile)
		return
	}
	if c == nil {
		t.Fatalf("%s: Parse returned neither a catalog nor an error", file)
	}
	lang := strings.TrimSuffix(strings.TrimPrefix(file, "i18n/"), ".yaml")
	want := []string{Default}
	if lang != Default {
		want = append(want, lang)
	}
	if !slices.Equal(c.Langs, want) {
		t.Errorf("%s: Langs = %v; want %v", file, c.Langs, want)
	}
	required := []string{"lang_name"}
	if lang == Default {
		required = append(required, "lang_locale")
	}
	for _, key := range required {
		if _, ok := c.strings[lang][key]; !ok {
			t.Errorf("%s: loaded without the required key %q", file, key)
		}
	}
	for key, e := range c.strings[lang] {
		if e.text == "" || e.text != strings.TrimSpace(e.text) {
			t.Errorf("%s: key %q = %q; want trimmed, non-empty text", file, key, e.text)
		}
		for _, s := range []string{key, e.text} {
			for _, r := range s {
				if unicode.IsControl(r) && r != '\t' && r != '\n' {
					t.Errorf("%s: key %q = %q holds control character %U; the loader refuses them", file, key, e.text, r)
					break
				}
			}
		}
		if e.line < 1 || e.col < 1 {
			t.Errorf("%s: key %q is at line %d, column %d; want its position", file, key, e.line, e.col)
		}
		if lang == Default {
			continue
		}
		ref, ok := c.strings[Default][key]
		if !ok {
			t.Errorf("%s: key %q is not in English, yet loaded", file, key)
			continue
		}
		if got, want := placeholders(e.text), placeholders(ref.text); !slices.Equal(got, want) {
			t.Errorf("%s: key %q has placeholders %v; English has %v", file, key, got, want)
		}
		if got, fb, err := c.Lookup(lang, key); err != nil || fb || got != e.text {
			t.Errorf("Lookup(%q, %q) = %q, %v, %v; want %q, false, nil", lang, key, got, fb, err, e.text)
		}
	}
	for _, key := range c.missing[lang] {
		if _, ok := c.strings[lang][key]; ok || !c.Has(key) {
			t.Errorf("%s: key %q counted missing, yet present or not an English key", file, key)
		}
	}
}

// wholeFile reports whether msg is the one problem that the loaders
// report, by design, for the file as a whole (diag.Error with line 0): a
// file with no content.
func wholeFile(msg string) bool {
	return strings.HasPrefix(msg, "the file has no keys;")
}
