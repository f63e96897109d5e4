package site

import (
	"testing"

	"smtpcodes/internal/codes"
)

// TestAppendPathIn checks the rule AppendPathIn relies on: the path of
// every page in every language is what PathIn makes.
func TestAppendPathIn(t *testing.T) {
	set := &codes.Set{
		Codes:    []*codes.Code{code(354, 1, "Start Mail Input"), code(552, 2, "Exceeded Storage")},
		Enhanced: []*codes.Enhanced{enhanced(2, 2, 3, "Mailbox Full"), enhanced(3, 4, 4, "Message Too Big")},
	}
	langs := []string{"en", "vi", "pt-BR"}
	n := 0
	PlanWith(set, langs, AllPairs, func(p Page) bool {
		for _, lang := range langs {
			if got, want := string(p.AppendPathIn([]byte("x"), lang)), "x"+p.PathIn(lang); got != want {
				t.Errorf("%s in %s: AppendPathIn = %q; want %q", p.File(), lang, got, want)
			}
		}
		n++
		return true
	})
	if n < len(Kinds) {
		t.Fatalf("planned %d pages; want one of each of the %d kinds at least", n, len(Kinds))
	}
}
