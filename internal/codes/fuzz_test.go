package codes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"smtpcodes/internal/diag/diagtest"
)

// FuzzParse loads arbitrary bytes as data/codes.yaml. Whatever the bytes,
// Parse must not panic, and either
//
//   - fail with one *diag.Error per problem, each naming codes.yaml and a
//     line and column inside the file (line >= 1, col >= 1; only "the file
//     is empty" has none), and a message of one line with no control
//     character; or
//   - return a set that keeps the package doc's promises: no control
//     character but tab and newline in any text, numbers and enhanced codes
//     in their one spelling, English complete, titles and slugs bounded,
//     related codes and pair notes naming defined codes.
//
// The seeds are the broken files of testdata/errors, the three-code
// fixture and, in testdata/fuzz/FuzzParse, trimmed entries of the real data.
// `make fuzz` runs it for FUZZTIME.
func FuzzParse(f *testing.F) {
	archives, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(archives) == 0 {
		f.Fatalf("no test archives: %v", err)
	}
	for _, file := range archives {
		a := readArchive(f, file)
		f.Add(contents(a, "codes.yaml"), contents(a, "en.yaml"))
	}
	fixture, err := os.ReadFile("../../testdata/codes.yaml")
	if err != nil {
		f.Fatal(err)
	}
	fixtureEn, err := os.ReadFile("../../testdata/text/en.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture, fixtureEn)
	f.Fuzz(func(t *testing.T, src, en []byte) {
		set, err := Parse(Source{"codes.yaml", src}, Source{"en.yaml", en})
		if err != nil {
			if set != nil {
				t.Errorf("Parse returned a set and the error %v", err)
			}
			diagtest.Check(t, map[string][]byte{"codes.yaml": src, "en.yaml": en}, err, wholeFile)
			return
		}
		if set == nil {
			t.Fatal("Parse returned neither a set nor an error")
		}
		checkSet(t, set)
	})
}

// checkSet checks what a successful Parse promises.
func checkSet(t *testing.T, set *Set) {
	t.Helper()
	clean := func(what, s string) {
		t.Helper()
		for _, r := range s {
			if unicode.IsControl(r) && r != '\t' && r != '\n' {
				t.Errorf("%s = %q holds control character %U; the loader refuses them", what, s, r)
				return
			}
		}
	}
	for num, title := range set.RFCs {
		clean(fmt.Sprintf("title of RFC %d", num), title)
	}
	refs := func(what string, refs []Reference) {
		t.Helper()
		for _, r := range refs {
			if _, ok := set.RFCs[r.RFC]; !ok {
				t.Errorf("%s cites RFC %d, which rfcs does not list", what, r.RFC)
			}
			clean(what+": section", r.Section)
		}
	}
	texts := func(what string, text map[string]Text, fields []Field) {
		t.Helper()
		for lang, fs := range text {
			if lang != "en" && lang != "vi" {
				t.Errorf("%s has text in language %q, which is not a site language", what, lang)
			}
			for f, s := range fs {
				clean(fmt.Sprintf("%s: %s.%s", what, lang, f), s)
				if s != strings.TrimSpace(s) {
					t.Errorf("%s: %s.%s = %q is not trimmed", what, lang, f, s)
				}
			}
			if title := fs[Title]; utf8.RuneCountInString(title) > MaxTitle || strings.Contains(title, "\n") {
				t.Errorf("%s: %s.title = %q; want one line of at most %d characters", what, lang, title, MaxTitle)
			}
		}
		for _, f := range fields {
			if text[DefaultLang][f] == "" {
				t.Errorf("%s: en.%s is empty; English must be complete", what, f)
			}
		}
		if sl := Slug(text[DefaultLang][Title]); sl == "" || len(sl) > MaxSlug {
			t.Errorf("%s: the English title gives the slug %q; want 1 to %d characters", what, sl, MaxSlug)
		}
	}
	for i, c := range set.Codes {
		what := fmt.Sprintf("code %d", c.Code)
		if c.Code < 200 || c.Code > 599 || c.Code/10%10 > 5 {
			t.Errorf("%s: not a reply code, yet loaded", what)
		}
		if i > 0 && set.Codes[i-1].Code >= c.Code {
			t.Errorf("codes %d and %d: want the codes sorted, each once", set.Codes[i-1].Code, c.Code)
		}
		if got, ok := set.Lookup(c.Code); !ok || got != c {
			t.Errorf("Lookup(%d) = %v, %v; want the entry", c.Code, got, ok)
		}
		if c.Line < 1 || c.Col < 1 {
			t.Errorf("%s is at line %d, column %d; want its position", what, c.Line, c.Col)
		}
		if c.ReplyText == "" {
			t.Errorf("%s: empty reply_text", what)
		}
		if len(c.Model) == 0 {
			t.Errorf("%s: no model", what)
		}
		if len(c.References) == 0 {
			t.Errorf("%s: no references", what)
		}
		for _, s := range []string{c.ReplyText, c.Transcript, c.About} {
			clean(what, s)
		}
		for _, r := range c.ProviderReplies {
			clean(what+": provider reply", r.Provider+r.Reply+r.Source)
		}
		refs(what, c.References)
		for _, r := range c.Related {
			if _, ok := set.Lookup(r); !ok || r == c.Code {
				t.Errorf("%s: related code %d is itself or not defined", what, r)
			}
		}
		texts(what, c.Text, Fields)
	}
	for i, e := range set.Enhanced {
		what := "enhanced code " + e.Code
		if want := fmt.Sprintf("X.%d.%d", e.Subject, e.Detail); e.Code != want || e.Subject > 7 {
			t.Errorf("%s: subject %d, detail %d; want the canonical spelling %s and a subject of 0 to 7", what, e.Subject, e.Detail, want)
		}
		if i > 0 {
			p := set.Enhanced[i-1]
			if p.Subject > e.Subject || p.Subject == e.Subject && p.Detail >= e.Detail {
				t.Errorf("enhanced codes %s and %s: want them sorted, each once", p.Code, e.Code)
			}
		}
		if len(e.Use) == 0 {
			t.Errorf("%s: use is empty", what)
		}
		for _, c := range e.Use {
			if c != PositiveCompletion && c != TransientNegative && c != PermanentNegative {
				t.Errorf("%s: used in class %d", what, c)
			}
		}
		for _, b := range e.Basic {
			if _, ok := set.Lookup(b); !ok {
				t.Errorf("%s: basic code %d is not defined", what, b)
			}
		}
		refs(what, e.References)
		texts(what, e.Text, EnhancedFields)
	}
	for _, n := range set.Notes {
		what := fmt.Sprintf("pair note %d/%d", n.A, n.B)
		_, okA := set.Lookup(n.A)
		_, okB := set.Lookup(n.B)
		if n.A >= n.B || !okA || !okB {
			t.Errorf("%s: want two defined codes, lower first", what)
		}
		if n.Text[DefaultLang] == "" {
			t.Errorf("%s: no English text", what)
		}
		for lang, s := range n.Text {
			clean(what+": "+lang, s)
		}
		if set.Note(n.B, n.A) != n {
			t.Errorf("Note(%d, %d) does not find %s", n.B, n.A, what)
		}
	}
}

// wholeFile reports whether msg is the one problem that the loaders
// report, by design, for the file as a whole (diag.Error with line 0): a
// file with no content.
func wholeFile(msg string) bool {
	return strings.HasPrefix(msg, "the file is empty;")
}
