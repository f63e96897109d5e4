package render

// Page data: what a page template receives. Renderer.inputs gathers what a
// page is made from (pageIn); Renderer.data makes the PageData from it
// alone, with one small function per page kind for what only that kind
// shows. What is true of a kind as such (its template, title keys,
// whether it is an article, its alternates) is its row of site's kinds
// table.

import (
	"encoding/json"
	"html/template"
	"strconv"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// Alternate is the same page in one language.
type Alternate struct {
	Lang    string
	Name    string // the language's own name
	Href    string // link with the base path
	URL     string // absolute URL
	Current bool
	// Indexed reports whether the page is translated into this language
	// (see Renderer.Translated): only then is it offered to search
	// engines as this language's version.
	Indexed bool
	// Tagline and NotFound are short texts in this language, for the
	// language chooser and the 404 page, which address every language.
	Tagline  string
	NotFound string
}

// Chrome is what the header and footer show: the same on every page of a
// language, so it keys their memoized parts. There is one per language
// (and one for the pages of no language), made by New.
type Chrome struct {
	Lang                                                             string // "" on the chooser and the 404 page
	HomeHref, IndexHref, LookupHref, EnhancedHref, APIHref, RootHref string
	// Stylesheet is the link of the language's own styles, static/lang/{lang}.css
	// (the fonts and line breaking of its script), loaded after the others;
	// "" for a language without one, so other languages pay nothing for it.
	Stylesheet string
}

// PageData is what a page template receives.
type PageData struct {
	// Chrome gives the page its language's links (HomeHref, IndexHref,
	// ...); its Lang, "" on the pages of no language, is shadowed by the
	// page's.
	*Chrome
	Kind        site.Kind
	Lang        string // the page's language; English on the pages of no language
	Title       string
	Description string
	// Versions is the page's versions in every language, for its head
	// and its language switcher (versions.go).
	Versions    *Versions
	PairPattern string // a pair page's link with {a} and {b} for the codes
	A, B        *CodeView
	E, F        *EnhancedView
	Note        *Text // the curated note of a pair page, if any
	// Codes and Groups are every code of the language, on the pages that
	// list them (site.KindInfo.Lists).
	Codes  []*CodeView
	Groups []ClassGroup
	// EnhancedGroups is every enhanced code by subject, on the enhanced index.
	EnhancedGroups []EnhancedGroup
	Refs           *RefList
	// OtherA and OtherB are the other comparisons of a pair page's codes.
	OtherA, OtherB *OtherPairs
	// Lead and Differences are a pair page's generated sentences, chosen
	// from the two codes' reply models (an enhanced pair has only a Lead).
	Lead, Differences []compose.Sentence
	// Categories lists the assigned second digits (RFC 5321 §4.2.1).
	Categories []int
	// JSONLD is the page's structured data (schema.org BreadcrumbList and
	// TechArticle), LookupStrings the texts the bounce lookup script shows.
	JSONLD        template.JS
	LookupStrings template.JS
}

// pageIn is everything a page's data is made from besides what its
// language's global key covers (the catalogs, the base URL, the assets,
// which pairs the site has): Renderer.data reads nothing else of the
// page, and Renderer.Key hashes exactly this. Its views stand for all
// they show; a view's sum covers its fields and the faces of the views it
// links (keys.go).
type pageIn struct {
	Kind site.Kind
	Lang string // "" for the pages of no language
	Path string
	A, B *CodeView
	E, F *EnhancedView
	Note *Text
	// Views is the language's views, on the pages that list every code.
	Views *langViews
	// Indexed is the languages the page is translated into (Translated),
	// by their place in the catalog: with the page's path, the catalog's
	// languages and the base URL, all its alternates are made from it.
	Indexed langSet
	// page is the page itself, which the fields above describe: data
	// reads the paths of its versions in the other languages from it.
	page site.Page
}

// langSet is a set of the catalog's languages, bit i for Catalog.Langs[i].
type langSet uint64

// maxLangs is the most languages a langSet holds.
const maxLangs = 64

func (s langSet) has(i int) bool { return s&(1<<i) != 0 }

// dataLang is the language whose texts a page of lang shows: English on
// the pages of no language.
func dataLang(lang string) string {
	if lang == "" {
		return i18n.Default
	}
	return lang
}

// inputs gathers what page p is made from.
func (r *Renderer) inputs(p site.Page) *pageIn {
	lv := r.langs[dataLang(p.Lang)]
	in := &pageIn{Kind: p.Kind, Lang: p.Lang, Path: p.Path, Indexed: r.indexed(p), page: p}
	if p.A != nil {
		in.A = lv.byCode[p.A.Code]
	}
	if p.B != nil {
		in.B = lv.byCode[p.B.Code]
		in.Note = lv.notes[[2]int{min(p.A.Code, p.B.Code), max(p.A.Code, p.B.Code)}]
	}
	if p.E != nil {
		in.E = lv.enhancedByCode[p.E.Code]
	}
	if p.F != nil {
		in.F = lv.enhancedByCode[p.F.Code]
	}
	if p.Kind.Info().Lists {
		in.Views = lv
	}
	return in
}

// formatter formats the texts of one page, keeping the first error.
type formatter struct {
	cat  *i18n.Catalog
	lang string
	err  error
}

func (f *formatter) format(key string, args ...any) string {
	if f.err != nil {
		return ""
	}
	s, _, err := f.cat.Format(f.lang, key, args...)
	f.err = err
	return s
}

// kindData fills in what the pages of one kind show besides what every
// page has, and returns the values of the placeholders of the page's
// title (and its description's, where it has its own) and the page's name
// in breadcrumbs, for the kinds named after their entries.
type kindData func(r *Renderer, d *PageData, in *pageIn, f *formatter) (args []any, crumb string)

var kindsData = map[site.Kind]kindData{
	site.Lookup:       lookupData,
	site.Code:         codeData,
	site.Enhanced:     enhancedData,
	site.Pair:         pairData,
	site.EnhancedPair: enhancedPairData,
}

func (r *Renderer) data(in *pageIn) (*PageData, error) {
	info := in.Kind.Info()
	lang := dataLang(in.Lang)
	f := &formatter{cat: r.cfg.Catalog, lang: lang}
	d := &PageData{
		Chrome:      r.chrome[in.Lang],
		Kind:        in.Kind,
		Lang:        lang,
		Versions:    r.versions(in),
		PairPattern: r.base.Href(site.PairPattern(lang)),
		Categories:  []int{0, 1, 2, 5},
		A:           in.A, B: in.B, E: in.E, F: in.F,
	}
	if in.Views != nil {
		d.Codes, d.Groups, d.EnhancedGroups = in.Views.codes, in.Views.groups, in.Views.enhancedGroups
	}
	var args []any
	var crumb string
	if fill := kindsData[in.Kind]; fill != nil {
		args, crumb = fill(r, d, in, f)
	}
	d.Title = f.format(info.TitleKey, args...)
	if info.DescKey != "" {
		d.Description = f.format(info.DescKey, args...)
	}
	if f.err == nil && info.InTree {
		d.JSONLD, f.err = r.jsonLD(d, in, crumb, f)
	}
	return d, f.err
}

func lookupData(r *Renderer, d *PageData, in *pageIn, f *formatter) ([]any, string) {
	strs := map[string]string{}
	for key, i18nKey := range map[string]string{"none": "lookup_none", "basic": "lookup_basic_h", "enhanced": "lookup_enhanced_h", "unknown": "lookup_unknown"} {
		strs[key] = f.format(i18nKey)
	}
	for c := 2; c <= 5; c++ {
		// The script fills {summary} in; the pattern goes to it whole.
		strs["class"+strconv.Itoa(c)] = f.format("lookup_class_"+strconv.Itoa(c), "summary", "{summary}")
	}
	for sub := 0; sub <= 7; sub++ {
		strs["subject"+strconv.Itoa(sub)] = f.format("lookup_subject_" + strconv.Itoa(sub))
	}
	js, err := json.Marshal(strs)
	if err != nil && f.err == nil {
		f.err = err
	}
	d.LookupStrings = template.JS(js)
	return nil, ""
}

func codeData(r *Renderer, d *PageData, in *pageIn, f *formatter) ([]any, string) {
	d.Description = in.A.Summary.Plain
	d.Refs = in.A.Refs
	return []any{"code", in.A.Code, "title", in.A.Title.Plain}, strconv.Itoa(in.A.Code)
}

func enhancedData(r *Renderer, d *PageData, in *pageIn, f *formatter) ([]any, string) {
	d.Description = in.E.Summary.Plain
	d.Refs = in.E.Refs
	return []any{"code", in.E.Code, "title", in.E.Title.Plain}, in.E.Code
}

func pairData(r *Renderer, d *PageData, in *pageIn, f *formatter) ([]any, string) {
	a, b := in.A, in.B
	d.Refs = r.refList(mergeRefs(a.Refs.Refs, b.Refs.Refs))
	d.OtherA, d.OtherB = a.OtherPairs(b.Code), b.OtherPairs(a.Code)
	d.Note = in.Note
	d.Lead, d.Differences = compose.Lead(a.data, b.data), compose.Differences(a.data, b.data)
	return []any{"a", a.Code, "a_title", a.Title.Plain, "b", b.Code, "b_title", b.Title.Plain},
		f.format("pair_short", "a", a.Code, "b", b.Code)
}

func enhancedPairData(r *Renderer, d *PageData, in *pageIn, f *formatter) ([]any, string) {
	e, g := in.E, in.F
	d.Refs = r.refList(mergeRefs(e.Refs.Refs, g.Refs.Refs))
	d.Lead = compose.EnhancedLead(e.data, g.data)
	return []any{"a", e.Code, "a_title", e.Title.Plain, "b", g.Code, "b_title", g.Title.Plain},
		f.format("pair_short", "a", e.Code, "b", g.Code)
}

// AppendVersions appends, for each language page p is translated into
// (Translated), in catalog order, what add appends for the language and
// the absolute URL of the page's version in it, given as bytes that add
// must not keep: a page's alternates for search engines, made without
// making each URL a string.
func (r *Renderer) AppendVersions(dst []byte, p site.Page, add func(dst []byte, lang string, url []byte) []byte) []byte {
	indexed := r.indexed(p)
	url := make([]byte, 0, 128)
	for i, lang := range r.cfg.Catalog.Langs {
		if indexed.has(i) {
			url = p.AppendPathIn(append(url[:0], r.base.URL("")...), lang)
			dst = add(dst, lang, url)
		}
	}
	return dst
}

// indexed returns the languages page p is translated into.
func (r *Renderer) indexed(p site.Page) langSet {
	var s langSet
	for i, lang := range r.cfg.Catalog.Langs {
		if r.Translated(p, lang) {
			s |= 1 << i
		}
	}
	return s
}

// langFacts is what every page's alternates read of a language, found
// once: its texts for the language switcher, the chooser and the 404 page,
// and which entries have text of their own in it (ownText).
type langFacts struct {
	name, locale, tagline, notFound string
	codes                           map[*codes.Code]bool
	enhanced                        map[*codes.Enhanced]bool
}

func (r *Renderer) newFacts() {
	r.facts = map[string]*langFacts{}
	for _, lang := range r.cfg.Catalog.Langs {
		text := func(key string) string {
			s, _, _ := r.cfg.Catalog.Lookup(lang, key)
			return s
		}
		f := &langFacts{name: text("lang_name"), locale: text("lang_locale"), tagline: text("chooser_tagline"), notFound: text("notfound_text"),
			codes: map[*codes.Code]bool{}, enhanced: map[*codes.Enhanced]bool{}}
		for _, c := range r.cfg.Codes.Codes {
			f.codes[c] = ownText(codes.Fields, func(fl codes.Field) bool { _, fb := c.Get(lang, fl); return fb })
		}
		for _, e := range r.cfg.Codes.Enhanced {
			f.enhanced[e] = ownText(codes.EnhancedFields, func(fl codes.Field) bool { _, fb := e.Get(lang, fl); return fb })
		}
		r.facts[lang] = f
	}
}

// Translated reports whether page p has its main text in lang: a code or
// enhanced page shows some field of its own in lang, a pair page some
// field of one of its codes or its note. A page that would show only
// English fallback is still built, so that every language has every page,
// but it is not offered to search engines as lang's version (noindex, its
// canonical the English page, absent from hreflang and the sitemap), so
// that English never shows under another language's label. Pages made of
// UI strings alone (the home page, the indexes) are translated.
func (r *Renderer) Translated(p site.Page, lang string) bool {
	if lang == i18n.Default || p.A == nil && p.E == nil {
		return true
	}
	set := r.cfg.Codes
	if p.A != nil && p.B != nil {
		if n := set.Note(p.A.Code, p.B.Code); n != nil {
			if _, fb := n.Get(lang); !fb {
				return true
			}
		}
	}
	f := r.facts[lang]
	return f.codes[p.A] || f.codes[p.B] || f.enhanced[p.E] || f.enhanced[p.F]
}

// ownText reports whether some field of an entry, besides its title and
// summary, is translated (does not fall back).
func ownText(fields []codes.Field, fallback func(codes.Field) bool) bool {
	for _, f := range fields {
		if f != codes.Title && f != codes.Summary && !fallback(f) {
			return true
		}
	}
	return false
}

// XDefault is the page a reader whose language has no version should get.
func (r *Renderer) XDefault(p site.Page) string {
	return r.xDefault(p.Kind, r.URL(p.PathIn(i18n.Default)))
}

// xDefault is XDefault for a page of kind whose English version is at
// the URL english.
func (r *Renderer) xDefault(kind site.Kind, english string) string {
	switch kind.Info().XDefault {
	case site.XRoot:
		return r.URL("")
	case site.XEnglish:
		return english
	}
	return ""
}

// jsonLD describes the page for search engines: where it sits in the site
// (from home down its kind's parents) and, for an article, the article it
// is. crumb names a page named after its entries. What the pages of a kind
// and language share is made once (jsonld.go); the page's own values fill
// it.
func (r *Renderer) jsonLD(d *PageData, in *pageIn, crumb string, f *formatter) (template.JS, error) {
	own := ldValues{crumb: crumb}
	if in.Kind.Info().Article {
		own.headline = d.Title
		_, own.url = r.canonical(in.Kind, in.Lang, in.Indexed, in.Path, r.URL(in.page.PathIn(i18n.Default)))
	}
	if !r.cfg.noMemo {
		if shape := r.ldShape(d.Kind, d.Lang, f); shape != nil {
			return shape.fill(own)
		}
	}
	data, err := r.marshalLD(d.Kind, d.Lang, f, own)
	return template.JS(data), err
}

// marshalLD is the JSON-LD of a page of kind in lang with the values own.
func (r *Renderer) marshalLD(kind site.Kind, lang string, f *formatter, own ldValues) ([]byte, error) {
	type item struct {
		Type     string `json:"@type"`
		Position int    `json:"position"`
		Name     string `json:"name"`
		Item     string `json:"item,omitempty"`
	}
	crumbs := []item{{Type: "ListItem", Position: 1, Name: f.format("crumb_home"), Item: r.URL(site.HomePath(lang))}}
	var chain []site.Kind // below home, down to the page
	for k := kind; k != site.Home && len(chain) < len(site.Kinds); k = k.Info().Parent {
		chain = append([]site.Kind{k}, chain...)
	}
	for i, k := range chain {
		name, link := own.crumb, ""
		if key := k.Info().Crumb; key != "" {
			name = f.format(key)
		}
		if i < len(chain)-1 {
			link = r.URL(site.Page{Kind: k, Lang: lang}.PathIn(lang))
		}
		crumbs = append(crumbs, item{Type: "ListItem", Position: len(crumbs) + 1, Name: name, Item: link})
	}
	// Typed, with the fields in the order of their names, as json.Marshal
	// writes a map's.
	type breadcrumbs struct {
		Type  string `json:"@type"`
		Items []item `json:"itemListElement"`
	}
	type article struct {
		Type     string `json:"@type"`
		Headline string `json:"headline"`
		Lang     string `json:"inLanguage"`
		URL      string `json:"url"`
	}
	graph := []any{breadcrumbs{Type: "BreadcrumbList", Items: crumbs}}
	if kind.Info().Article {
		graph = append(graph, article{Type: "TechArticle", Headline: own.headline, Lang: lang, URL: own.url})
	}
	data, err := json.Marshal(struct {
		Context string `json:"@context"`
		Graph   []any  `json:"@graph"`
	}{"https://schema.org", graph})
	if err == nil {
		err = f.err
	}
	return data, err
}
