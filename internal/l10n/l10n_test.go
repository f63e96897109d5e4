package l10n

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
)

func TestState(t *testing.T) {
	en := "Exceeded Storage"
	for _, tc := range []struct {
		f    Field
		want State
	}{
		{Field{English: en}, Missing},
		{Field{English: en, Translated: true}, Unmarked},
		{Field{English: en, Translated: true, Source: Hash(en)}, Current},
		{Field{English: en, Translated: true, Source: Hash("Storage Exceeded")}, Outdated},
	} {
		if got := tc.f.State(); got != tc.want {
			t.Errorf("%+v: state %v, want %v", tc.f, got, tc.want)
		}
	}
}

func TestMark(t *testing.T) {
	fields := []Field{
		{Path: "codes/552/title", English: "new", Translated: true, Source: Hash("old")},
		{Path: "codes/552/summary", English: "s", Translated: true},
		{Path: "codes/552/when", English: "w"},
		{Path: "ui/lang_name", English: "English", Translated: true, Source: Hash("English")},
	}
	// Without paths: only the unmarked ones, outdated ones stay outdated.
	got, n := Mark(fields, nil, nil)
	if n != 1 || got["codes/552/summary"] != Hash("s") || got["codes/552/title"] != Hash("old") || len(got) != 3 {
		t.Errorf("Mark(nil) = %v, %d", got, n)
	}
	// With a prefix: every field under it is marked current.
	got, n = Mark(fields, nil, []string{"codes/552"})
	if n != 2 || got["codes/552/title"] != Hash("new") || got["codes/552/summary"] != Hash("s") {
		t.Errorf("Mark(codes/552) = %v, %d", got, n)
	}
	if _, ok := got["codes/552/when"]; ok {
		t.Error("an untranslated field was recorded")
	}
	// Records of texts another loader keeps are left alone.
	got, _ = Mark(fields, Sources{"pairs/250/354": {Hash: "0a0b0c0d"}, "codes/999/title": {Hash: "01020304"}}, nil)
	if got["pairs/250/354"] != "0a0b0c0d" || got["codes/999/title"] != "" {
		t.Errorf("Mark kept %v", got)
	}
	if u := Unknown(fields, []string{"codes/55", "codes/552/title", "ui"}); len(u) != 1 || u[0] != "codes/55" {
		t.Errorf("Unknown = %v", u)
	}
}

func TestRewrite(t *testing.T) {
	src := "lang_name: Tiếng Việt\nx: y\n\n" + header + SectionKey + ":\n  codes/1/title: \"00000000\"\n"
	out := string(Rewrite([]byte(src), map[string]string{"ui/x": "0a0b0c0d", "codes/552/title": "12345678"}))
	want := "lang_name: Tiếng Việt\nx: y\n\n" + header + SectionKey + ":\n  codes/552/title: \"12345678\"\n  ui/x: \"0a0b0c0d\"\n"
	if out != want {
		t.Errorf("Rewrite:\n%s\nwant:\n%s", out, want)
	}
	// Rewriting its own output changes nothing, and the section reads back.
	if again := string(Rewrite([]byte(out), map[string]string{"ui/x": "0a0b0c0d", "codes/552/title": "12345678"})); again != out {
		t.Errorf("Rewrite is not stable:\n%s", again)
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(out), &root); err != nil {
		t.Fatal(err)
	}
	doc := root.Content[0]
	var errs diag.List
	s := ParseSources("vi.yaml", doc.Content[len(doc.Content)-1], &errs)
	if errs.Err() != nil || s.Hash("codes/552/title") != "12345678" || s["ui/x"].Line != 8 {
		t.Errorf("ParseSources = %v, %v", s, errs.Err())
	}
	// No records: no section.
	if out := string(Rewrite([]byte(src), nil)); strings.Contains(out, SectionKey) || out != "lang_name: Tiếng Việt\nx: y\n" {
		t.Errorf("Rewrite(nil) = %q", out)
	}
}

func TestParseSourcesRefusesHandEdits(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("codes/552/title: abc\nui/x: [1]\n"), &root); err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	ParseSources("vi.yaml", root.Content[0], &errs)
	err := errs.Err()
	if err == nil || !strings.Contains(err.Error(), "vi.yaml:1:18") || !strings.Contains(err.Error(), "vi.yaml:2:7") {
		t.Errorf("errors = %v", err)
	}
}
