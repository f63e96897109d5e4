package site

import (
	"slices"

	"smtpcodes/internal/codes"
)

// Pairs says which pair pages a site has: pairs in site.yaml. A site of n
// codes has n(n-1)/2 pairs per language, which soon outgrows what some
// hosts take (see package hosts); RelatedPairs keeps the pairs a reader is
// pointed to and leaves out the rest.
type Pairs int

const (
	// AllPairs builds every pair of reply codes and every pair of
	// enhanced codes (pairs: all, the default).
	AllPairs Pairs = iota
	// RelatedPairs builds the pair of two reply codes where one lists
	// the other under related or the two have a curated note, and the
	// pair of two enhanced codes of one subject, such as X.2.1 and X.2.2
	// (pairs: related).
	RelatedPairs
)

// PairsNames are the values of pairs in site.yaml, by Pairs.
var PairsNames = []string{"all", "related"}

func (p Pairs) String() string { return PairsNames[p] }

// ParsePairs returns the Pairs a site.yaml value names.
func ParsePairs(s string) (Pairs, bool) {
	i := slices.Index(PairsNames, s)
	return Pairs(max(i, 0)), i >= 0
}

// Has reports whether the site has the pair page of reply codes a and b,
// in either order; set holds the curated notes.
func (p Pairs) Has(set *codes.Set, a, b *codes.Code) bool {
	if p == AllPairs {
		return true
	}
	return slices.Contains(a.Related, b.Code) || slices.Contains(b.Related, a.Code) || set.Note(a.Code, b.Code) != nil
}

// HasEnhanced reports whether the site has the pair page of enhanced
// codes e and f.
func (p Pairs) HasEnhanced(e, f *codes.Enhanced) bool {
	return p == AllPairs || e.Subject == f.Subject
}

// Count is the number of pages PlanWith yields; for AllPairs it is
// PageCount.
func (p Pairs) Count(set *codes.Set, langs []string) int {
	n, m, l := len(set.Codes), len(set.Enhanced), len(langs)
	if p == AllPairs {
		return PageCount(n, m, l)
	}
	pairs := 0
	for i, a := range set.Codes {
		for _, b := range set.Codes[i+1:] {
			if p.Has(set, a, b) {
				pairs++
			}
		}
	}
	for i, e := range set.Enhanced {
		for _, f := range set.Enhanced[i+1:] {
			if p.HasEnhanced(e, f) {
				pairs++
			}
		}
	}
	return 2 + l*(4+n+m+pairs)
}
