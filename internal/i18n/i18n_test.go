package i18n

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	en := "lang_name: English\nlang_locale: en_US\ngreeting: \"Hello, {name}\"\nbye: Bye\n"
	for _, tc := range []struct {
		name string
		vi   string
		want string
	}{
		{"unknown key", "lang_name: Tiếng Việt\ngreting: Chào {name}\n", `i18n/vi.yaml:2:1: unknown key "greting": it is not in i18n/en.yaml (did you mean "greeting"?)`},
		{"placeholder renamed", "lang_name: Tiếng Việt\ngreeting: Chào {ten}\n", `i18n/vi.yaml:2:1: key "greeting": placeholders [{ten}] differ from English [{name}] (i18n/en.yaml:3); use exactly the same names`},
		{"placeholder dropped", "greeting: Xin chào\n", `i18n/vi.yaml:1:1: key "greeting": placeholders [] differ from English [{name}]`},
		{"not text", "lang_name: Tiếng Việt\nbye: [a, b]\n", `i18n/vi.yaml:2:6: key "bye": the value must be text, not a list (quote it)`},
		{"duplicate", "bye: Tạm biệt\nbye: Chào\n", `i18n/vi.yaml:2:1: key "bye" appears twice (first at line 1); keep one`},
		{"malformed", "bye: \"Tạm biệt\n", `i18n/vi.yaml:1:6: malformed YAML: the quote " that opens here is never closed; end the text with " on this line`},
		{"tab", "lang_name: Tiếng Việt\nbye:\n\tTạm biệt\n", "i18n/vi.yaml:3:1: malformed YAML: a tab indents this line; YAML indentation takes spaces only, so replace the tab with spaces"},
		{"empty", "", `i18n/vi.yaml: the file has no keys; give at least lang_name, the language's own name for itself, and the texts it translates from en.yaml`},
		{"comments only", "# to do\n", `i18n/vi.yaml: the file has no keys`},
		{"empty mapping", "{}\n", `i18n/vi.yaml: the file has no keys`},
		{"document marker only", "---", `i18n/vi.yaml: the file has no keys`},
		{"directive on the first line", "%", `i18n/vi.yaml:1:1: malformed YAML: YAML reads a line that starts with "%" as a directive`},
		{"tag on the first line", "!→", `i18n/vi.yaml:1:1: malformed YAML: YAML reads a value that starts with "!" as a tag, and cannot read this one; put the text in quotes`},
		{"tag decoding to a newline", "lang_name: Tiếng Việt\nbye: !%0A Tạm biệt\n", `i18n/vi.yaml:2:6: key "bye": the value must be text, not a value tagged "!\n" (quote it)`},
		{"empty value at the end of the file", "lang_name: Tiếng Việt\n? bye", `i18n/vi.yaml:2:6: key "bye": the value must be text, not nothing (quote it)`},
		{"lone carriage return", "lang_name: Tiếng Việt\rbye: Tạm biệt\r", `i18n/vi.yaml:1:22: a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings`},
		{"not a mapping", "- bye\n", `i18n/vi.yaml:1:1: a language file must be a mapping of key to text, not a list`},
		{"no language name", "# Vietnamese\nbye: Tạm biệt\n", `i18n/vi.yaml:2:1: missing required key "lang_name", the language's own name for itself, which the language switcher shows; add it, written in vi (like lang_name: Tiếng Việt in vi.yaml)`},
		{"second document", "lang_name: Tiếng Việt\n---\nbye: Tạm biệt\n", `i18n/vi.yaml:2:1: a second YAML document starts here, and a file holds only one; remove the "---" line and merge what follows into the document above`},
		{"escaped control character", "lang_name: Tiếng Việt\nbye: \"Tạm biệt\\a\"\n", `i18n/vi.yaml:2:6: the text holds control character U+0007, written as an escape; remove it (only tab and newline may appear in text)`},
		{"raw control character", "lang_name: Tiếng Việt\nbye: Tạm\x08 biệt\n", `i18n/vi.yaml:2:9: control character U+0008; remove it`},
		{"invalid UTF-8", "lang_name: Ti\xeang Vi\xeat\n", `i18n/vi.yaml:1:14: invalid UTF-8 (byte 0xea); save the file as UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(map[string][]byte{"i18n/en.yaml": []byte(en), "i18n/vi.yaml": []byte(tc.vi)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v; want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestParseFileErrors covers errors that concern whole files: the English
// file, and two files for one language.
func TestParseFileErrors(t *testing.T) {
	en := "lang_name: English\nlang_locale: en_US\nbye: Bye\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string // the whole error text
	}{
		{
			"tags differing in case",
			map[string]string{"i18n/en.yaml": en, "i18n/pt-BR.yaml": "lang_name: Português\n", "i18n/pt-br.yaml": "lang_name: Português\n"},
			`i18n/pt-br.yaml: this file and i18n/pt-BR.yaml are both for language "pt-br" (tags are compared ignoring case, as some file systems compare names); keep one of the two`,
		},
		{
			"English malformed: no follow-on errors",
			map[string]string{"i18n/en.yaml": "lang_name: English\nbye: 'Bye\n", "i18n/vi.yaml": "lang_name: Tiếng Việt\nbye: Tạm biệt\n"},
			`i18n/en.yaml:2:6: malformed YAML: the quote ' that opens here is never closed; end the text with ' on this line (to put a ' inside the text, write '')`,
		},
		{
			"English without its locale",
			map[string]string{"i18n/en.yaml": "lang_name: English\nbye: Bye\n"},
			`i18n/en.yaml:1:1: missing required key "lang_locale" (the Open Graph locale of the pages); add it, like lang_locale: en_US`,
		},
		{
			"English without its name",
			map[string]string{"i18n/en.yaml": "lang_locale: en_US\nbye: Bye\n"},
			`i18n/en.yaml:1:1: missing required key "lang_name", the language's own name for itself, which the language switcher shows; add it, written in en (like lang_name: Tiếng Việt in vi.yaml)`,
		},
		{
			"not a tag",
			map[string]string{"i18n/en.yaml": en, "i18n/Vietnamese.yaml": "lang_name: Tiếng Việt\n"},
			`i18n/Vietnamese.yaml: "Vietnamese" is not a language tag; name the file after its language, like vi.yaml or pt-BR.yaml`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string][]byte{}
			for name, src := range tc.files {
				files[name] = []byte(src)
			}
			_, err := Parse(files)
			if err == nil || err.Error() != tc.want {
				t.Errorf("Parse error =\n%v\nwant\n%s", err, tc.want)
			}
		})
	}
}

func TestMissingFallsBack(t *testing.T) {
	c, err := Parse(map[string][]byte{
		"i18n/en.yaml": []byte("lang_name: English\nlang_locale: en_US\ngreeting: \"Hello, {name}\"\nbye: Bye\n"),
		"i18n/vi.yaml": []byte("lang_name: Tiếng Việt\ngreeting: \"Chào {name}\"\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(c.Langs, ","), "en,vi"; got != want {
		t.Errorf("Langs = %s; want %s", got, want)
	}
	if got, want := strings.Join(c.missing["vi"], ","), "bye,lang_locale"; got != want {
		t.Errorf("missing[vi] = %s; want %s", got, want)
	}
	for _, tc := range []struct {
		lang, key string
		args      []any
		want      string
		fallback  bool
	}{
		{"vi", "greeting", []any{"name", "Lan"}, "Chào Lan", false},
		{"vi", "bye", nil, "Bye", true},
		{"en", "bye", nil, "Bye", false},
	} {
		got, fb, err := c.Format(tc.lang, tc.key, tc.args...)
		if err != nil || got != tc.want || fb != tc.fallback {
			t.Errorf("Format(%s, %s) = %q, %v, %v; want %q, %v", tc.lang, tc.key, got, fb, err, tc.want, tc.fallback)
		}
	}
}

func TestFormatErrors(t *testing.T) {
	c, err := Parse(map[string][]byte{"en.yaml": []byte("lang_name: English\nlang_locale: en_US\ngreeting: \"Hello, {name}\"\n")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		key  string
		args []any
		want string
	}{
		{"unknown key", "greting", nil, `unknown i18n key "greting"`},
		{"unknown key, suggested", "greetin", nil, `unknown i18n key "greetin" (did you mean "greeting"?); add it to en.yaml, or correct the key where it is used`},
		// A placeholder's fault is reported at the text, in its file.
		{"missing value", "greeting", nil, `en.yaml:3:1: key "greeting": placeholder {name} gets no value (given: none); correct it to one of those, or give name a value where the text is used`},
		{"misspelt placeholder", "greeting", []any{"nam", "a"}, `en.yaml:3:1: key "greeting": placeholder {name} gets no value (given: {nam}); correct it to one of those, or give name a value where the text is used`},
		{"extra value", "greeting", []any{"name", "a", "other", "b"}, `en.yaml:3:1: key "greeting": a value for {other} is given, but the text has no such placeholder (it has: {name}); put {other} in the text where the value belongs, or stop giving it where the text is used`},
		{"odd arguments", "greeting", []any{"name"}, "name, value pairs"},
		{"name not text", "greeting", []any{1, "a"}, "argument 1 must be a placeholder name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.Format("en", tc.key, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Format(%q) error = %v; want it to contain %q", tc.key, err, tc.want)
			}
		})
	}
}
