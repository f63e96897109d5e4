package render

import (
	"slices"
	"strconv"
	"strings"

	"smtpcodes/internal/site"
)

// limitPairs drops, from every view, the compare chips of code and
// enhanced pages whose pair page the site does not build (Config.Pairs).
// The related codes' compare links and a pair page's other comparisons
// need none dropped: every Pairs builds the pair of two related codes.
func (r *Renderer) limitPairs() {
	sel, set := r.cfg.Pairs, r.cfg.Codes
	if sel == site.AllPairs {
		return
	}
	for _, lv := range r.langs {
		for _, v := range lv.codes {
			v.Others = slices.DeleteFunc(v.Others, func(l Link) bool { return !sel.Has(set, v.data, l.Code.data) })
		}
		for _, v := range lv.enhanced {
			v.Others = slices.DeleteFunc(v.Others, func(l EnhancedLink) bool { return !sel.HasEnhanced(v.data, l.Code.data) })
		}
	}
}

// PairList lists the reply code pairs the site has, as the compare picker
// reads them ("211-214 220-421 ...", lower code first), or is empty when
// the site has every pair, so the picker may offer any two codes.
func (d *PageData) PairList() string {
	var pairs []string
	all := true
	for _, v := range d.Codes {
		n := 0
		for _, l := range slices.Concat(v.Related, v.Others) {
			n++
			if v.Code < l.Code.Code {
				pairs = append(pairs, strconv.Itoa(v.Code)+"-"+strconv.Itoa(l.Code.Code))
			}
		}
		all = all && n == len(d.Codes)-1
	}
	if all {
		return ""
	}
	slices.Sort(pairs)
	return strings.Join(slices.Compact(pairs), " ")
}
