package site

// Kind is the kind of a page. What the renderer and the build need to
// know of a kind as such is its row of the kinds table (Kind.Info); what
// its pages show besides is one small function per kind in render.
type Kind int

// The page kinds, in the order Plan yields them within a language.
const (
	Chooser Kind = iota
	Home
	Index
	Lookup
	EnhancedIndex
	Code
	Enhanced
	Pair
	EnhancedPair
	NotFound
	numKinds
)

// Kinds lists every page kind.
var Kinds = func() []Kind {
	out := make([]Kind, numKinds)
	for i := range out {
		out[i] = Kind(i)
	}
	return out
}()

// KindInfo is what a page kind is.
type KindInfo struct {
	// Template is the kind's template file without ".html", and its name
	// in messages.
	Template string
	// TitleKey and DescKey are the i18n keys of the page's <title> and
	// meta description; DescKey is "" where the description is the
	// summary of the page's entry.
	TitleKey, DescKey string
	// Article reports whether the page is an article about its entries
	// (og:type article, a schema.org TechArticle in its JSON-LD) rather
	// than a page of the site (og:type website).
	Article bool
	// Crumb is the i18n key naming the page in breadcrumbs; "" where the
	// page is named after its entry (a code, a pair of codes).
	Crumb string
	// Parent is the page the kind sits under in the breadcrumbs; Home has
	// none (itself), nor have the pages outside the tree (InTree false).
	Parent Kind
	// InTree reports whether the page sits in the breadcrumb tree of its
	// language, and so has JSON-LD breadcrumbs.
	InTree bool
	// AllLangs marks the pages of no language, which address every
	// language: the chooser and the 404 page. Their alternates are the
	// home pages of the languages.
	AllLangs bool
	// Listed reports whether the page has a canonical URL and is offered
	// to search engines (hreflang links, the sitemap); the 404 page is not.
	Listed bool
	// AnyAddress marks the page a host serves at whatever address has no
	// file (the 404 page): its links start at the site root, as relative
	// ones would resolve against the missing address.
	AnyAddress bool
	// XDefault is where a reader whose language has no version of the
	// page goes (hreflang="x-default").
	XDefault XDefault
	// Lists reports whether the page lists every code of its language
	// (the home page and the indexes), and so receives every code's view.
	Lists bool
	// file is the page's output file where it is not the index.html of
	// its folder.
	file string
	// path is the page's path in a language; the pages of no language
	// have one path, given by Plan.
	path func(p Page, lang string) string
}

// XDefault is where hreflang="x-default" points.
type XDefault int

// The x-default targets.
const (
	XNone    XDefault = iota // no x-default (the 404 page)
	XRoot                    // the language chooser at the site root
	XEnglish                 // the page in English
)

var kinds = [numKinds]KindInfo{
	Chooser: {Template: "chooser", TitleKey: "title_chooser", DescKey: "desc_chooser", AllLangs: true, Listed: true, XDefault: XRoot},
	Home: {Template: "home", TitleKey: "title_home", DescKey: "desc_home", Crumb: "crumb_home", InTree: true, Listed: true, XDefault: XRoot, Lists: true,
		path: func(_ Page, lang string) string { return HomePath(lang) }},
	Index: {Template: "index", TitleKey: "title_index", DescKey: "desc_index", Crumb: "crumb_codes", Parent: Home, InTree: true, Listed: true, XDefault: XEnglish, Lists: true,
		path: func(_ Page, lang string) string { return IndexPath(lang) }},
	Lookup: {Template: "lookup", TitleKey: "title_lookup", DescKey: "desc_lookup", Crumb: "nav_lookup", Parent: Home, InTree: true, Listed: true, XDefault: XEnglish,
		path: func(_ Page, lang string) string { return LookupPath(lang) }},
	EnhancedIndex: {Template: "enhanced-index", TitleKey: "title_enh_index", DescKey: "desc_enh_index", Crumb: "h_enhanced_list", Parent: Home, InTree: true, Listed: true, XDefault: XEnglish, Lists: true,
		path: func(_ Page, lang string) string { return EnhancedIndexPath(lang) }},
	Code: {Template: "code", TitleKey: "title_code", Article: true, Parent: Index, InTree: true, Listed: true, XDefault: XEnglish,
		path: func(p Page, lang string) string { return CodePath(lang, p.A) }},
	Enhanced: {Template: "enhanced", TitleKey: "title_enhanced", Article: true, Parent: EnhancedIndex, InTree: true, Listed: true, XDefault: XEnglish,
		path: func(p Page, lang string) string { return EnhancedPath(lang, p.E) }},
	Pair: {Template: "pair", TitleKey: "title_pair", DescKey: "desc_pair", Article: true, Parent: Index, InTree: true, Listed: true, XDefault: XEnglish,
		path: func(p Page, lang string) string { return PairPath(lang, p.A, p.B) }},
	EnhancedPair: {Template: "enhanced-pair", TitleKey: "title_enh_pair", DescKey: "desc_enh_pair", Article: true, Parent: EnhancedIndex, InTree: true, Listed: true, XDefault: XEnglish,
		path: func(p Page, lang string) string { return EnhancedPairPath(lang, p.E, p.F) }},
	NotFound: {Template: "404", TitleKey: "title_404", DescKey: "desc_404", AllLangs: true, AnyAddress: true, XDefault: XNone, file: NotFoundFile},
}

// Info returns the kind's row of the kinds table.
func (k Kind) Info() KindInfo { return kinds[k] }

// Template is the template file name of the kind, without ".html".
func (k Kind) Template() string { return kinds[k].Template }

func (k Kind) String() string { return kinds[k].Template }
