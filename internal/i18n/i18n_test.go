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
		{"not text", "bye: [a, b]\n", `i18n/vi.yaml:1:6: key "bye": the value must be text (quote it)`},
		{"duplicate", "bye: Tạm biệt\nbye: Chào\n", `i18n/vi.yaml:2:1: key "bye" appears twice (first at line 1); keep one`},
		{"malformed", "bye: \"Tạm biệt\n", `i18n/vi.yaml:1:1: malformed YAML`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(map[string][]byte{"i18n/en.yaml": []byte(en), "i18n/vi.yaml": []byte(tc.vi)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v; want it to contain %q", err, tc.want)
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
	if got, want := strings.Join(c.Missing["vi"], ","), "bye,lang_locale"; got != want {
		t.Errorf("Missing[vi] = %s; want %s", got, want)
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
		{"missing value", "greeting", nil, "no value given for placeholder {name}"},
		{"extra value", "greeting", []any{"name", "a", "other", "b"}, "given 2 values for its 1 placeholders"},
		{"odd arguments", "greeting", []any{"name"}, "name, value pairs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := c.Format("en", tc.key, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Format(%q) error = %v; want it to contain %q", tc.key, err, tc.want)
			}
		})
	}
}
