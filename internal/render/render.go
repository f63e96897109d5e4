// Package render turns planned pages into HTML.
//
// Templates are parsed once: one set per page kind (base.html, partials.html
// and the kind's own file, so define names cannot clash), cloned once per
// language with the translation functions bound to that language, and each
// clone folded once (fold.go): html/template's escaper is dropped where it
// would write a value as it is, and a constant text becomes text. Every
// code's Markdown is rendered once per language when the Renderer is made;
// rendering a page afterwards only executes a template, and assembles its
// output with the parts it places, so pages can be rendered concurrently
// from many goroutines.
//
// Template functions (all bound to the page's language; templates.go):
//
//	t KEY [NAME VALUE]...   the translated text as HTML; an English fallback
//	                        is wrapped in <span lang="en" class="untranslated">;
//	                        a VALUE that is a Text (a title, a summary) is
//	                        written as name writes it
//	ts KEY [NAME VALUE]...  the same as plain text, for attributes and <title>
//	name TEXT               a short field of a code (a title, a summary) as
//	                        HTML, an English fallback marked lang="en"
//	asset NAME              the content-hashed URL of a file of static/
//	csp                     the <meta> element of the site's
//	                        Content-Security-Policy (csp.go)
//	lang                    the language of the page's texts (English on the
//	                        pages of no language)
//	command NAME            an SMTP command of the data, as HTML
//	commands STAGES         a list of stages as a phrase: "MAIL, RCPT and
//	                        any other command but QUIT"
//	say SENTENCE            a generated sentence of package compose
//	sentences SENTENCES     generated sentences, joined as the language does
//	sep                     the separator of list items in the language
//	link HREF TEXT [LANG]   a link with TEXT (HTML), hreflang LANG if given
//	cite TITLE              the title of a work, kept in English: <cite lang=en>
//	ref REF                 "RFC 5321, section 4.2.3" in the page's language
//	sections REFS           the linked sections of an RFC, after its title:
//	                        ", sections 4.2, 4.3"
//	part NAME VIEW          the template NAME executed with VIEW, rendered
//	                        once per view, language and page kind, and
//	                        placed between elements only: a page is
//	                        assembled from its own bytes and its parts'
//	                        (memo.go)
//	row LABEL CELL A B      a row of a comparison table: the label, then the
//	                        part CELL of A and of B, as one cell spanning
//	                        both when they are the same (memo.go)
//	own NAME VALUE          the template NAME executed with VALUE (the page,
//	                        or a view of it): what the page shows of its own
//	                        amid what every page of its kind shows; a kind
//	                        whose template reads the page only through part,
//	                        row and own is rendered from a frame made once
//	                        per lane, language and kind (frame.go)
//
// What a page receives is PageData (page.go), made by one small function
// per page kind from the page's inputs; what a kind is (its template, its
// title, whether it is an article) is its row of site's kinds table.
// Renderer.Key hashes those inputs (keys.go), so that a build can tell,
// without rendering, whether a page would come out as it did before.
//
// Errors start with the place to fix and end with what to check: a
// template's file, line and column (templates/pair.html:50:7, the column
// counted from 1), or, for a text whose placeholders do not fit the values
// given, the text's line in its language file, naming the template line
// that uses it. New checks every t and ts with a constant key before any
// page is rendered: the key must exist and the names given must be exactly
// its placeholders. The goldens are testdata/errors/*.txtar.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"maps"
	"runtime"
	"sync"

	"github.com/yuin/goldmark"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/site"
)

// Config is what a Renderer needs.
type Config struct {
	TemplateDir string
	Codes       *codes.Set
	Catalog     *i18n.Catalog
	// BaseURL is the absolute URL of the site root, ending in "/". Its path
	// (for a site under a sub-path) prefixes every internal link.
	BaseURL string
	// Assets maps a file name of static/ to its content-hashed path
	// relative to the site root.
	Assets map[string]string
	// Lanes is how many pages may render at once without sharing a
	// template; 0 means one per CPU. Executions of one template contend
	// on its locks, so each lane has clones of its own.
	Lanes int
	// Pairs is which pair pages the site has; pages link no others.
	Pairs site.Pairs
	// CatalogSums holds, by language, a hash of its user-interface
	// strings (i18n.Catalog.Sum); page keys cover it (see Renderer.Key).
	CatalogSums map[string][]byte
	// Program identifies the code that renders (page keys cover it); nil
	// means the running program, ProgramID.
	Program []byte

	// Markdown, if set, keeps the HTML of the texts from one Renderer to
	// the next (the preview's builds).
	Markdown *MarkdownCache

	// noMemo renders every part every time (TestMemo).
	noMemo bool
	// noMinify renders from the templates as written
	// (TestMinifiedTemplates).
	noMinify bool
	// noFold renders from the templates as html/template escapes them
	// (TestFold).
	noFold bool
}

// Renderer renders pages. It is safe for concurrent use.
type Renderer struct {
	cfg   Config
	base  site.Base
	lanes chan *lane
	// releasing is held by Release while it holds the lanes.
	releasing sync.Mutex
	// bases holds, by page kind, the parsed and minified set the lanes
	// clone; memos, by language and kind, the memoized parts (memo.go).
	bases []*template.Template
	memos map[string][]*sync.Map
	// facts holds, by language, what the alternates of every page read of
	// it (page.go).
	facts    map[string]*langFacts
	refLists sync.Map // the key of a list of references -> *RefList
	shared   sync.Map // versionsKey -> *Versions (versions.go)
	ldShapes sync.Map // ldKey -> *ldShape (jsonld.go)
	// langs holds each language's views; pages of no language use the
	// default language's.
	langs map[string]*langViews
	// chrome is the header and footer of each language, and of the pages
	// of no language under "".
	chrome map[string]*Chrome
	// templates holds, by page kind, a hash of the template files parsed
	// into the kind's set.
	templates [][]byte
	// sources holds, by page kind, the set of the templates as written,
	// never executed itself: an error of a page is reported from a clone
	// of it, at the lines of the files (explain).
	sources []*template.Template
	// htmlFuncs is the template functions whose value is template.HTML
	// (fold.go).
	htmlFuncs map[string]bool
	// global holds, by language ("" for the pages of no language), the
	// hash of what every page of the language is made from besides its
	// inputs (keys.go).
	global map[string][]byte
}

// langViews is everything prepared for one language.
type langViews struct {
	lang           string
	base           site.Base
	codes          []*CodeView
	byCode         map[int]*CodeView
	groups         []ClassGroup
	enhanced       []*EnhancedView
	enhancedByCode map[string]*EnhancedView
	// enhancedGroups is the language's enhanced codes grouped by subject.
	enhancedGroups []EnhancedGroup
	notes          map[[2]int]*Text
	// sum covers every view of the language, for the pages that list
	// them all.
	sum []byte
}

// New parses the templates and prepares every code in every language.
func New(cfg Config) (*Renderer, error) {
	base, err := site.ParseBase(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if n := len(cfg.Catalog.Langs); n > maxLangs {
		return nil, fmt.Errorf("the site has %d languages; it can have at most %d (a page's key holds the set of its languages in one word)", n, maxLangs)
	}
	r := &Renderer{cfg: cfg, base: base, langs: map[string]*langViews{}, chrome: map[string]*Chrome{}}
	r.newFacts()
	cfg.Markdown.Begin()
	// The languages are prepared side by side (each with a Markdown
	// converter of its own); the first error in catalog order is reported.
	langs := cfg.Catalog.Langs
	views, errs := make([]*langViews, len(langs)), make([]error, len(langs))
	var wg sync.WaitGroup
	for i, lang := range langs {
		wg.Go(func() { views[i], errs[i] = r.newLangViews(&markdown{md: goldmark.New(), cache: cfg.Markdown}, lang) })
	}
	// The templates are parsed while the views are made, which they do
	// not read; an error of the views is reported first.
	var lanesErr error
	wg.Go(func() { lanesErr = r.newLanes() })
	wg.Wait()
	for i, lang := range langs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		r.langs[lang] = views[i]
	}
	for _, lang := range append([]string{""}, cfg.Catalog.Langs...) {
		r.chrome[lang] = r.newChrome(lang)
	}
	r.limitPairs()
	// Each language's views are summed apart from the others'.
	for _, lv := range r.langs {
		wg.Go(lv.summarize)
	}
	wg.Wait()
	if lanesErr != nil {
		return nil, lanesErr
	}
	r.global = r.globalKeys()
	return r, nil
}

// newLangViews prepares every code, enhanced code and pair note in lang.
func (r *Renderer) newLangViews(md *markdown, lang string) (*langViews, error) {
	set := r.cfg.Codes
	views, err := buildViews(md, set, lang, r.base)
	if err != nil {
		return nil, err
	}
	lv := &langViews{lang: lang, base: r.base, codes: views, byCode: map[int]*CodeView{}, groups: groupByClass(views), enhancedByCode: map[string]*EnhancedView{}, notes: map[[2]int]*Text{}}
	for _, v := range views {
		lv.byCode[v.Code] = v
		v.lv = lv
	}
	if lv.enhanced, err = buildEnhanced(md, set, lang, r.base, lv.byCode); err != nil {
		return nil, err
	}
	for _, e := range lv.enhanced {
		lv.enhancedByCode[e.Code] = e
		e.lv = lv
	}
	lv.enhancedGroups = groupBySubject(lv.enhanced)
	for _, n := range set.Notes {
		text, fb := n.Get(lang)
		h, err := md.render(text)
		if err != nil {
			return nil, err
		}
		a, _ := set.Lookup(n.A)
		b, _ := set.Lookup(n.B)
		lv.notes[[2]int{n.A, n.B}] = &Text{Plain: text, HTML: h, Fallback: fb,
			Outdated: set.Outdated(lang, l10n.PairPath(n.A, n.B)), English: r.base.Href(site.PairPath(codes.DefaultLang, a, b))}
	}
	return lv, nil
}

// newChrome returns the links of the header and footer of lang's pages;
// those of the pages of no language ("") lead to the English pages.
func (r *Renderer) newChrome(lang string) *Chrome {
	hrefs := lang
	if hrefs == "" {
		hrefs = i18n.Default
	}
	c := &Chrome{
		Lang:         lang,
		HomeHref:     r.base.Href(site.HomePath(hrefs)),
		IndexHref:    r.base.Href(site.IndexPath(hrefs)),
		LookupHref:   r.base.Href(site.LookupPath(hrefs)),
		EnhancedHref: r.base.Href(site.EnhancedIndexPath(hrefs)),
		APIHref:      r.base.Href(site.APIPath(hrefs)),
		RootHref:     r.base.Href(""),
	}
	if p, ok := r.cfg.Assets[langStylesheet(lang)]; ok && lang != "" {
		c.Stylesheet = r.base.Href(p)
	}
	return c
}

// langStylesheet is the name in static/ of lang's own stylesheet, which
// the pages of lang, and only those, load when it exists.
func langStylesheet(lang string) string { return "lang/" + lang + ".css" }

// newLanes parses the templates of every page kind, checks their calls of
// t and ts, and makes the lanes, each of which clones, per language and
// kind, the kind's set with the language's functions when it first
// renders such a page (lane.set).
func (r *Renderer) newLanes() error {
	n := r.cfg.Lanes
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	r.lanes = make(chan *lane, n)
	r.htmlFuncs = htmlFuncs(r.funcs(i18n.Default), stubs)
	r.bases = make([]*template.Template, len(site.Kinds))
	r.sources = make([]*template.Template, len(site.Kinds))
	r.templates = make([][]byte, len(site.Kinds))
	shared, err := r.parseShared()
	if err != nil {
		return err
	}
	for _, kind := range site.Kinds {
		run, src, sum, err := r.parse(shared, kind)
		if err != nil {
			return err
		}
		r.bases[kind], r.sources[kind], r.templates[kind] = run, src, sum
	}
	if err := r.checkCalls(r.sources); err != nil {
		return err
	}
	// The memo of a language and kind is shared by the lanes: a part
	// renders the same on every lane, and one copy keeps memory flat.
	r.memos = map[string][]*sync.Map{}
	for _, lang := range r.cfg.Catalog.Langs {
		r.memos[lang] = make([]*sync.Map, len(site.Kinds))
		for _, kind := range site.Kinds {
			if !r.cfg.noMemo {
				r.memos[lang][kind] = &sync.Map{}
			}
		}
	}
	for range n {
		r.lanes <- &lane{}
	}
	return nil
}

// Release drops what the renderer keeps of lang's pages to render more of
// them quickly: the memoized parts, which the next page of lang renders
// again, and each lane's templates of lang, whose frames hold the parts
// their slots were given (frame.go). A build calls it when it has
// rendered the last page of lang, so that memory holds the parts of the
// languages being rendered, not of every language. It waits for each
// lane to be free, and for any other Release: two that each held some of
// the lanes would wait for each other's.
func (r *Renderer) Release(lang string) {
	for _, m := range r.memos[lang] {
		if m != nil {
			m.Clear()
		}
	}
	r.releasing.Lock()
	defer r.releasing.Unlock()
	held := make([]*lane, 0, cap(r.lanes))
	for range cap(r.lanes) {
		l := <-r.lanes
		for i := range l.sets {
			if l.sets[i].lang == lang {
				l.sets[i] = langSets{}
			}
		}
		held = append(held, l)
	}
	for _, l := range held {
		r.lanes <- l
	}
}

// lane is one set of templates by page kind for the language it renders,
// with the buffers a page is rendered into and its links rewritten in: a
// page renders on one lane at a time, so no two renders share a template.
type lane struct {
	// sets holds the clones of the lane's last two languages (a build
	// renders one language after another, and the pages at the turn of
	// two languages come in either order), by page kind, made when first
	// needed; an older language's are dropped.
	sets [2]langSets
	buf  bytes.Buffer
	out  []byte
	fill []byte // a part of a page's Versions, filled (assemble)
	// placed is the parts of the page rendering, in the order of their
	// markers (memo.go).
	placed []*partOut
}

type langSets struct {
	lang  string
	kind  []*template.Template
	parts []*parts
}

// set returns the lane's template set for lang and kind, and its parts,
// cloning the kind's parsed set with lang's functions if the lane has
// none yet.
func (l *lane) set(r *Renderer, lang string, kind site.Kind) (*template.Template, *parts, error) {
	if l.sets[0].kind == nil || l.sets[0].lang != lang {
		if l.sets[1].kind != nil && l.sets[1].lang == lang {
			l.sets[0], l.sets[1] = l.sets[1], l.sets[0]
		} else {
			l.sets[1] = l.sets[0]
			l.sets[0] = langSets{lang: lang, kind: make([]*template.Template, len(site.Kinds)), parts: make([]*parts, len(site.Kinds))}
		}
	}
	if t := l.sets[0].kind[kind]; t != nil {
		return t, l.sets[0].parts[kind], nil
	}
	clone, err := r.bases[kind].Clone()
	if err != nil {
		return nil, nil, err
	}
	if !r.cfg.noFold {
		r.fold(clone, lang)
	}
	p := &parts{r: r, lang: lang, set: clone, memo: r.memos[lang][kind], bound: r.funcs(lang)}
	maps.Copy(p.bound, p.funcs())
	clone.Funcs(p.bound)
	l.sets[0].kind[kind], l.sets[0].parts[kind] = clone, p
	return clone, p, nil
}

// URL returns the absolute URL of a site path.
func (r *Renderer) URL(path string) string { return r.base.URL(path) }

// Render writes page p to w. Its errors start with the place to fix:
// the template's file, line and column, or the text's in its language
// file, and end with the page, like "(rendering en/smtp/index.html)".
func (r *Renderer) Render(w io.Writer, p site.Page) error {
	l := <-r.lanes
	defer func() { r.lanes <- l }()
	out, err := r.render(l, l.out[:0], p)
	l.out = out
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// AppendPage appends page p to dst and returns the result, as Render
// writes it: a build assembles each page where it writes it from.
func (r *Renderer) AppendPage(dst []byte, p site.Page) ([]byte, error) {
	l := <-r.lanes
	defer func() { r.lanes <- l }()
	return r.render(l, dst, p)
}

// render appends page p to dst, rendered on lane l.
func (r *Renderer) render(l *lane, dst []byte, p site.Page) ([]byte, error) {
	d, err := r.data(r.inputs(p))
	if err != nil {
		return dst, fmt.Errorf("%w (rendering %s)", err, p.File())
	}
	t, parts, err := l.set(r, d.Lang, p.Kind)
	if err != nil {
		return dst, fmt.Errorf("%w (rendering %s)", err, p.File())
	}
	// With a memo, the page is assembled from what its template writes
	// and the parts it places (memo.go); without one, its parts are in
	// what the template writes.
	l.buf.Reset()
	l.placed = l.placed[:0]
	parts.page = p
	if parts.memo != nil {
		parts.placed = &l.placed
		defer func() { parts.placed = nil }()
	}
	// A kind's frame holds what its template writes on every page of it
	// (frame.go).
	if f := parts.frameOf(d); f != nil {
		err = parts.fill(&l.buf, f, d)
	} else {
		err = t.ExecuteTemplate(&l.buf, "base.html", d)
	}
	if err != nil {
		return dst, fmt.Errorf("%w (rendering %s)", r.explain(err, t, p, d), p.File())
	}
	relative := !p.Kind.Info().AnyAddress
	out := dst
	switch {
	case parts.memo != nil:
		tail, _ := pageTail(p)
		out, err = assemble(out, l.buf.Bytes(), l.placed, r.base, p.File(), tail, relative, &l.fill)
	case relative:
		out = r.base.Relative(out, l.buf.Bytes(), p.File())
	default:
		out = append(out, l.buf.Bytes()...)
	}
	if err != nil {
		return dst, fmt.Errorf("%s (base.html, partials.html or %s.html): %w (rendering %s)", r.cfg.TemplateDir, p.Kind.Template(), err, p.File())
	}
	return out, nil
}

// explain returns the error err of executing t, the minified set of the
// kind of page, with d, as the templates as written report it: the page is rendered
// again from a clone of the source set, so the file, line and column are
// those of the file. If that render succeeds, err is reported as it is.
func (r *Renderer) explain(err error, t *template.Template, page site.Page, d *PageData) error {
	src, cerr := r.sources[page.Kind].Clone()
	if cerr == nil {
		p := &parts{r: r, lang: d.Lang, set: src, page: page}
		src.Funcs(r.funcs(d.Lang)).Funcs(p.funcs())
		if serr := src.ExecuteTemplate(io.Discard, "base.html", d); serr != nil {
			return r.templateError(serr, src)
		}
	}
	return r.templateError(err, t)
}
