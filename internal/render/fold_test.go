package render

import (
	"strings"
	"testing"

	"smtpcodes/internal/site"
)

// TestFold renders every page of the fixture from templates folded once
// per lane (fold.go) and from templates as html/template escapes them:
// the bytes must be the same. It also checks that folding rewrote what
// it is for: the text escapers of HTML values, and the constant headings
// and label of a pair page.
func TestFold(t *testing.T) {
	folded, set, cat := fixtureRenderer(t, nil)
	plain, _, _ := fixtureRenderer(t, func(c *Config) { c.noFold = true })
	sameRendering(t, folded, plain, set, cat.Langs)

	clone, err := folded.bases[site.Pair].Clone()
	if err != nil {
		t.Fatal(err)
	}
	n := folded.fold(clone, "vi")
	if n.escapers < 20 || n.texts < 5 {
		t.Errorf("folding the pair page's set dropped %d escapers and made %d texts; want at least 20 and 5", n.escapers, n.texts)
	}
	which, err := folded.t("vi", "h_which")
	if err != nil {
		t.Fatal(err)
	}
	crumbs, _, err := cat.Format("vi", "breadcrumbs")
	if err != nil {
		t.Fatal(err)
	}
	main := clone.Lookup("main").Tree.Root.String()
	if strings.Contains(main, `t "h_which"`) || !strings.Contains(main, "<h2 id=h-which>"+string(which)+"</h2>") {
		t.Errorf("the folded pair page should have the heading %q as text:\n%s", which, main)
	}
	if base := clone.Lookup("base.html").Tree.Root.String(); strings.Contains(base, "csp") || !strings.Contains(base, string(cspMeta)) || !strings.Contains(base, "<html lang=vi>") {
		t.Errorf("the folded base.html should have the CSP <meta> and the language as text:\n%s", base)
	}
	if strings.Contains(main, `ts "breadcrumbs"`) || !strings.Contains(main, `aria-label="`+crumbs+`"`) {
		t.Errorf("the folded pair page should have the label %q as text:\n%s", crumbs, main)
	}
}
