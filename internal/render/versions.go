package render

// Versions: what a page says of its versions in the site's languages. At
// eight languages, the alternates of a page's head and the items of its
// language switcher are a third of a pair page. They are the same on
// every page of a kind and language whose pages are translated into the
// same languages, but for one string: the page's path after its language,
// its tail ("/smtp/354-vs-552/"), which the path of each of its versions
// shares (site.Page.AppendPathIn). So a page's Versions is one view for
// all such pages, made with a stand-in for the tail; its parts are
// rendered once, by html/template as any part, and cut at the stand-in,
// and a page is assembled with its own tail put in the cuts.
//
// Why that is the page html/template would write: a tail is put in only
// when it consists of letters, digits and "-._~/" (safeTail), which every
// escaper of an attribute value or a URL in an attribute writes as they
// are, one by one, and with no ":" a URL's scheme comes before it. The
// stand-in is such a string too. Each part is rendered with a second
// stand-in as well, and is cut only if both renders cut into the same
// pieces (a base URL holding the stand-in would not); otherwise a page
// renders the part with its own tail. TestMemo compares every page with
// one rendered from a view made with the page's own paths.

import (
	"slices"
	"strings"

	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// Versions is a page's versions in the languages of the site, what its
// head tells search engines (the canonical URL, the alternates and
// x-default, the Open Graph type, URL and locale) and what its language
// switcher lists.
type Versions struct {
	Lang       string // the page's language; "" on the pages of no language
	Locale     string
	Article    bool
	Noindex    bool
	Canonical  string
	Alternates []Alternate
	XDefault   string
	// twin is, on a view made with tailStandIn, the same view made with
	// twinStandIn; nil on a view of one page's own paths.
	twin *Versions
}

// tailStandIn and twinStandIn stand for a page's tail in a shared
// Versions view and in its twin.
const (
	tailStandIn = "/~~tail~~/"
	twinStandIn = "/~~twin~~/"
)

// versionsKey is what a shared Versions view is made from, besides the
// tail: the page's kind (whether it is listed and an article, where its
// x-default points), its language and the languages it is translated
// into.
type versionsKey struct {
	kind    site.Kind
	lang    string
	indexed langSet
}

// versions returns the Versions of the page in: the view shared by the
// pages of its kind, language and translations, when the page has a tail
// that can be put in (pageTail), and the memo is on; else a view of the
// page's own paths.
func (r *Renderer) versions(in *pageIn) *Versions {
	if _, ok := pageTail(in.page); !ok || r.cfg.noMemo {
		return r.newVersions(in.Kind, in.Lang, in.Indexed, in.Path, in.page.PathIn)
	}
	k := versionsKey{in.Kind, in.Lang, in.Indexed}
	if v, ok := r.shared.Load(k); ok {
		return v.(*Versions)
	}
	made := func(standIn string) *Versions {
		return r.newVersions(in.Kind, in.Lang, in.Indexed, in.Lang+standIn, func(lang string) string { return lang + standIn })
	}
	v := made(tailStandIn)
	v.twin = made(twinStandIn)
	s, _ := r.shared.LoadOrStore(k, v)
	return s.(*Versions)
}

// newVersions makes the Versions of a page of kind in lang, translated
// into indexed, at path, whose version in a language is at pathIn(lang).
func (r *Renderer) newVersions(kind site.Kind, lang string, indexed langSet, path string, pathIn func(lang string) string) *Versions {
	info := kind.Info()
	langs := r.cfg.Catalog.Langs
	v := &Versions{Lang: lang, Locale: r.facts[dataLang(lang)].locale, Article: info.Article, Alternates: make([]Alternate, 0, len(langs))}
	var english string // the page's English version
	for i, l := range langs {
		p := pathIn(l)
		f := r.facts[l]
		alt := Alternate{
			Lang: l, Name: f.name, Href: r.base.Href(p), URL: r.URL(p), Current: l == lang, Indexed: indexed.has(i),
			Tagline: f.tagline, NotFound: f.notFound,
		}
		if l == i18n.Default {
			english = alt.URL
		}
		v.Alternates = append(v.Alternates, alt)
	}
	v.XDefault = r.xDefault(kind, english)
	v.Noindex, v.Canonical = r.canonical(kind, lang, indexed, path, english)
	return v
}

// canonical returns whether a page of kind in lang, translated into
// indexed, at path, is kept out of search engines' indexes, and its
// canonical URL: its own, or its English version's (english) when it is
// not translated, or none when its kind is not listed.
func (r *Renderer) canonical(kind site.Kind, lang string, indexed langSet, path, english string) (noindex bool, url string) {
	switch {
	case !kind.Info().Listed:
		return true, ""
	case lang != "" && !indexed.has(slices.Index(r.cfg.Catalog.Langs, lang)):
		// Not offered as a version of its own: see Translated.
		return true, english
	}
	return false, r.URL(path)
}

// own returns the Versions of page p made from its own paths: what a page
// shows when a part of its shared view could not be cut (see above).
func (r *Renderer) own(p site.Page) *Versions {
	return r.newVersions(p.Kind, p.Lang, r.indexed(p), p.Path, p.PathIn)
}

// pageTail returns the path of page p after its language, which the path
// of each of its versions shares, and whether it can be put in the place
// of a stand-in (safeTail).
func pageTail(p site.Page) (string, bool) {
	if p.Kind.Info().AllLangs || p.Lang == "" || !strings.HasPrefix(p.Path, p.Lang+"/") {
		return "", false
	}
	tail := p.Path[len(p.Lang):]
	return tail, safeTail(tail)
}

// safeTail reports whether tail holds only letters, digits and "-._~/":
// what html/template writes as it is in any attribute value and URL.
func safeTail(tail string) bool {
	for i := 0; i < len(tail); i++ {
		switch c := tail[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
		default:
			return false
		}
	}
	return true
}
