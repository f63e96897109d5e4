package site

import (
	"slices"
	"strconv"
	"testing"

	"smtpcodes/internal/codes"
)

func TestPairs(t *testing.T) {
	a, b, c, d := code(211, 1, "A"), code(214, 2, "B"), code(220, 3, "C"), code(221, 4, "D")
	a.Related = []int{214}
	x21, x22, x31 := enhanced(2, 1, 5, "E"), enhanced(2, 2, 6, "F"), enhanced(3, 1, 7, "G")
	set := &codes.Set{
		Codes:    []*codes.Code{a, b, c, d},
		Enhanced: []*codes.Enhanced{x21, x22, x31},
		Notes:    []*codes.PairNote{{A: 220, B: 221}},
	}
	langs := []string{"en", "vi"}
	for _, tc := range []struct {
		pairs Pairs
		want  []string // the pair pages of one language
	}{
		{AllPairs, []string{"211-214", "211-220", "211-221", "214-220", "214-221", "220-221", "X.2.1-X.2.2", "X.2.1-X.3.1", "X.2.2-X.3.1"}},
		// 211 lists 214; 220 and 221 have a note; X.2.1 and X.2.2 share a subject.
		{RelatedPairs, []string{"211-214", "220-221", "X.2.1-X.2.2"}},
	} {
		t.Run(tc.pairs.String(), func(t *testing.T) {
			var got []string
			n := 0
			PlanWith(set, langs, tc.pairs, func(p Page) bool {
				n++
				switch {
				case p.Lang != "en":
				case p.Kind == Pair:
					got = append(got, strconv.Itoa(p.A.Code)+"-"+strconv.Itoa(p.B.Code))
				case p.Kind == EnhancedPair:
					got = append(got, p.E.Code+"-"+p.F.Code)
				}
				return true
			})
			if !slices.Equal(got, tc.want) {
				t.Errorf("PlanWith(%v) pairs = %q; want %q", tc.pairs, got, tc.want)
			}
			if c := tc.pairs.Count(set, langs); c != n {
				t.Errorf("%v.Count = %d; want %d, the pages PlanWith yields", tc.pairs, c, n)
			}
		})
	}
	for i, name := range PairsNames {
		if p, ok := ParsePairs(name); !ok || p != Pairs(i) || p.String() != name {
			t.Errorf("ParsePairs(%q) = %v, %v; want %d", name, p, ok, i)
		}
	}
	if _, ok := ParsePairs("some"); ok {
		t.Errorf(`ParsePairs("some") succeeded`)
	}
}
