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
			v.Compare = slices.DeleteFunc(v.Compare, func(c int) bool { return !sel.Has(set, v.data, lv.byCode[c].data) })
		}
		for _, v := range lv.enhanced {
			v.Compare = slices.DeleteFunc(v.Compare, func(c string) bool { return !sel.HasEnhanced(v.data, lv.enhancedByCode[c].data) })
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
		others := make([]int, 0, len(v.Related)+len(v.Compare))
		for _, l := range v.Related {
			others = append(others, l.Code.Code)
		}
		others = append(others, v.Compare...)
		for _, o := range others {
			if v.Code < o {
				pairs = append(pairs, strconv.Itoa(v.Code)+"-"+strconv.Itoa(o))
			}
		}
		all = all && len(others) == len(d.Codes)-1
	}
	if all {
		return ""
	}
	slices.Sort(pairs)
	return strings.Join(slices.Compact(pairs), " ")
}
