// Package render turns planned pages into HTML.
//
// Templates are parsed once: one set per page kind (base.html, partials.html
// and the kind's own file, so define names cannot clash), cloned once per
// language with the translation functions bound to that language. Every
// code's Markdown is rendered once per language when the Renderer is made;
// rendering a page afterwards only executes a template, so pages can be
// rendered concurrently from many goroutines.
//
// Template functions (all bound to the page's language):
//
//	t KEY [NAME VALUE]...   the translated text as HTML; an English fallback
//	                        is wrapped in <span lang="en" class="untranslated">
//	ts KEY [NAME VALUE]...  the same as plain text, for attributes and <title>
//	asset NAME              the content-hashed URL of a file of static/
//	command NAME            an SMTP command of the data, as HTML
//	ref REF                 "RFC 5321, section 4.2.3" in the page's language
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
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"smtpcodes/internal/api"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/diag"
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
}

// Renderer renders pages. It is safe for concurrent use.
type Renderer struct {
	cfg      Config
	basePath string
	lanes    chan lane
	chrome   map[string]*Chrome
	refLists sync.Map // the key of a list of references -> *RefList
	views    map[string][]*CodeView
	byCode   map[string]map[int]*CodeView
	groups   map[string][]ClassGroup
	enhanced map[string][]*EnhancedView
	enhByKey map[string]map[string]*EnhancedView
	// enhGroups is each language's enhanced codes grouped by subject.
	enhGroups map[string][]EnhancedGroup
	notes     map[string]map[[2]int]*Text
}

// lane is one set of templates by language and page kind: a page renders
// on one lane at a time, so no two renders share a template.
type lane map[string]map[site.Kind]*template.Template

// Kinds lists every page kind; each has a template file named after it.
var Kinds = []site.Kind{site.Chooser, site.Home, site.Index, site.Lookup, site.EnhancedIndex, site.Code, site.Enhanced, site.Pair, site.EnhancedPair, site.NotFound}

// New parses the templates and prepares every code in every language.
func New(cfg Config) (*Renderer, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || !u.IsAbs() || !strings.HasSuffix(u.Path, "/") {
		return nil, fmt.Errorf("base URL %q must be absolute and end with a slash, like https://example.org/docs/smtp/", cfg.BaseURL)
	}
	r := &Renderer{
		cfg:       cfg,
		basePath:  u.Path,
		chrome:    map[string]*Chrome{},
		views:     map[string][]*CodeView{},
		byCode:    map[string]map[int]*CodeView{},
		groups:    map[string][]ClassGroup{},
		enhanced:  map[string][]*EnhancedView{},
		enhByKey:  map[string]map[string]*EnhancedView{},
		enhGroups: map[string][]EnhancedGroup{},
		notes:     map[string]map[[2]int]*Text{},
	}
	md := goldmark.New()
	for _, lang := range cfg.Catalog.Langs {
		views, err := buildViews(md, cfg.Codes, lang, r.basePath)
		if err != nil {
			return nil, err
		}
		r.views[lang] = views
		r.byCode[lang] = map[int]*CodeView{}
		for _, v := range views {
			r.byCode[lang][v.Code] = v
		}
		r.groups[lang] = groupByClass(views)
		enh, err := buildEnhanced(md, cfg.Codes, lang, r.basePath, r.byCode[lang])
		if err != nil {
			return nil, err
		}
		r.enhanced[lang] = enh
		r.enhGroups[lang] = groupBySubject(enh)
		r.notes[lang] = map[[2]int]*Text{}
		for _, n := range cfg.Codes.Notes {
			text, fb := n.Get(lang)
			h, err := renderMarkdown(md, text)
			if err != nil {
				return nil, err
			}
			a, _ := cfg.Codes.Lookup(n.A)
			b, _ := cfg.Codes.Lookup(n.B)
			r.notes[lang][[2]int{n.A, n.B}] = &Text{Plain: text, HTML: h, Fallback: fb,
				Outdated: cfg.Codes.Outdated(lang, l10n.PairPath(n.A, n.B)), English: r.basePath + site.PairPath(codes.DefaultLang, a, b)}
		}
		r.enhByKey[lang] = map[string]*EnhancedView{}
		for _, e := range enh {
			r.enhByKey[lang][e.Code] = e
		}
	}
	for _, lang := range append([]string{""}, cfg.Catalog.Langs...) {
		hrefs := lang
		if hrefs == "" {
			hrefs = i18n.Default
		}
		r.chrome[lang] = &Chrome{
			Lang:         lang,
			HomeHref:     r.basePath + site.HomePath(hrefs),
			IndexHref:    r.basePath + site.IndexPath(hrefs),
			LookupHref:   r.basePath + site.LookupPath(hrefs),
			EnhancedHref: r.basePath + site.EnhancedIndexPath(hrefs),
			APIHref:      r.basePath + api.Path(hrefs),
			RootHref:     r.basePath,
		}
	}
	r.limitPairs()
	lanes := cfg.Lanes
	if lanes <= 0 {
		lanes = runtime.GOMAXPROCS(0)
	}
	r.lanes = make(chan lane, lanes)
	bases := map[site.Kind]*template.Template{}
	sets := make([]*template.Template, 0, len(Kinds))
	for _, kind := range Kinds {
		base, err := r.parse(kind)
		if err != nil {
			return nil, err
		}
		bases[kind] = base
		sets = append(sets, base)
	}
	if err := r.checkCalls(sets); err != nil {
		return nil, err
	}
	memos := map[string]map[site.Kind]*sync.Map{}
	for _, lang := range cfg.Catalog.Langs {
		memos[lang] = map[site.Kind]*sync.Map{}
		for _, kind := range Kinds {
			memos[lang][kind] = &sync.Map{}
		}
	}
	for range lanes {
		l := lane{}
		for _, lang := range cfg.Catalog.Langs {
			l[lang] = map[site.Kind]*template.Template{}
			for _, kind := range Kinds {
				clone, err := bases[kind].Clone()
				if err != nil {
					return nil, err
				}
				p := newParts(clone, memos[lang][kind])
				clone.Funcs(r.funcs(lang)).Funcs(template.FuncMap{"part": p.part, "row": r.row(lang, p)})
				l[lang][kind] = clone
			}
		}
		r.lanes <- l
	}
	return r, nil
}

func (r *Renderer) parse(kind site.Kind) (*template.Template, error) {
	files := []string{"base.html", "partials.html", kind.Template() + ".html"}
	t := template.New("base.html").Funcs(r.funcs(i18n.Default)).Funcs(template.FuncMap{"part": (*parts)(nil).part, "row": r.row(i18n.Default, nil)})
	for _, name := range files {
		path := filepath.Join(r.cfg.TemplateDir, name)
		src, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: the template is missing; every page kind needs base.html, partials.html and its own file (%s.html here), so add it or set -templates to the folder that has them", path, kind.Template())
		case err != nil:
			return nil, diag.Fault(err, false)
		}
		var tt *template.Template
		if name == "base.html" {
			tt = t
		} else {
			tt = t.New(name)
		}
		if _, err := tt.Parse(string(src)); err != nil {
			return nil, r.templateError(err, t)
		}
	}
	return t, nil
}

func (r *Renderer) funcs(lang string) template.FuncMap {
	cat := r.cfg.Catalog
	// command shows an SMTP command of the data: a protocol literal as
	// code, a pseudo-command (the greeting, the end of data) in words.
	command := func(name string) (template.HTML, error) {
		if name == "BDAT-LAST" {
			return template.HTML("<code>BDAT … LAST</code>"), nil
		}
		key := map[string]string{"CONNECT": "command_connect", "DATA-END": "command_data_end", "ANY": "command_any", "UNPROMPTED": "command_unprompted"}[name]
		if key == "" {
			return template.HTML("<code>" + template.HTMLEscapeString(name) + "</code>"), nil
		}
		return r.t(lang, key)
	}
	// list joins phrases with the language's "and": "A, B and C".
	list := func(names []string, show func(string) (template.HTML, error)) (template.HTML, error) {
		parts := make([]string, 0, len(names))
		for _, n := range names {
			h, err := show(n)
			if err != nil {
				return "", err
			}
			parts = append(parts, string(h))
		}
		if len(parts) < 2 {
			return template.HTML(strings.Join(parts, "")), nil
		}
		return r.t(lang, "list_and", "rest", template.HTML(strings.Join(parts[:len(parts)-1], ", ")), "last", template.HTML(parts[len(parts)-1]))
	}
	// commands shows a list of stages as a phrase: "MAIL, RCPT and any
	// other command but QUIT". ANY comes after the commands it adds to, as
	// "any other command" when this list or the code's other cases name
	// commands, and a reply sent without a command comes last.
	commands := func(s compose.Stages) (template.HTML, error) {
		var named, tail []string
		for _, n := range s.Names {
			if n == "ANY" || n == "UNPROMPTED" {
				continue
			}
			named = append(named, n)
		}
		for _, n := range []string{"ANY", "UNPROMPTED"} {
			if slices.Contains(s.Names, n) {
				tail = append(tail, n)
			}
		}
		others := s.Others || slices.ContainsFunc(named, func(n string) bool { return !slices.Contains(codes.Commandless, n) })
		return list(append(named, tail...), func(n string) (template.HTML, error) {
			if n != "ANY" {
				return command(n)
			}
			key := "command_any"
			if others {
				key = "command_any_other"
			}
			if len(s.Except) == 0 {
				return r.t(lang, key)
			}
			except, err := list(s.Except, command)
			if err != nil {
				return "", err
			}
			return r.t(lang, key+"_but", "except", except)
		})
	}
	return template.FuncMap{
		"t": func(key string, args ...any) (template.HTML, error) {
			return r.t(lang, key, args...)
		},
		"name": name,
		"ts": func(key string, args ...any) (string, error) {
			s, _, err := cat.Format(lang, key, args...)
			return s, err
		},
		"asset": func(name string) (string, error) {
			p, ok := r.cfg.Assets[name]
			if !ok {
				return "", fmt.Errorf("no file %q in the static folder; add it to -static, or correct the name", name)
			}
			return r.basePath + p, nil
		},
		"command": command,
		// say renders a generated sentence: its commands as a list, its
		// terms in the page's language.
		"say": func(s compose.Sentence) (template.HTML, error) {
			args := slices.Clone(s.Args)
			for i := 1; i < len(args); i += 2 {
				switch v := args[i].(type) {
				case compose.Stages:
					h, err := commands(v)
					if err != nil {
						return "", err
					}
					args[i] = h
				case compose.Term:
					h, err := r.t(lang, string(v))
					if err != nil {
						return "", err
					}
					args[i] = h
				}
			}
			return r.t(lang, s.Key, args...)
		},
		"commands": commands,
		"ref": func(ref Ref) (string, error) {
			if ref.Section == "" {
				s, _, err := cat.Format(lang, "ref_rfc", "rfc", ref.RFC)
				return s, err
			}
			s, _, err := cat.Format(lang, "ref_section", "rfc", ref.RFC, "section", ref.Section)
			return s, err
		},
	}
}

// parts memoizes named templates executed for one code: what a pair page
// shows of a code is the same on every pair page of that code, so it is
// rendered once per code and language instead of once per pair.
type parts struct {
	set *template.Template
	// memo is shared by the lanes of one language and page kind: a part
	// renders the same on every lane, and one copy keeps memory flat.
	memo *sync.Map // partKey -> template.HTML
}

type partKey struct {
	name string
	view any // a *CodeView or an *EnhancedView
}

func newParts(set *template.Template, memo *sync.Map) *parts {
	return &parts{set: set, memo: memo}
}

// part returns the template name executed with v, rendering it only the
// first time it is asked for.
func (p *parts) part(name string, v any) (template.HTML, error) {
	k := partKey{name, v}
	if h, ok := p.memo.Load(k); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := p.set.ExecuteTemplate(&b, name, v); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.memo.Store(k, h)
	return h, nil
}

// row returns the template function that writes one row of a comparison
// table: the translated label, then the part cell rendered for each of the
// two codes, as two cells or as one spanning both when they are the same.
// The cells are memoized parts, so a row costs one call however many
// pages show it.
func (r *Renderer) row(lang string, p *parts) func(label, cell string, a, b any) (template.HTML, error) {
	return func(label, cell string, a, b any) (template.HTML, error) {
		th, err := r.t(lang, label)
		if err != nil {
			return "", err
		}
		ca, err := p.part(cell, a)
		if err != nil {
			return "", err
		}
		cb, err := p.part(cell, b)
		if err != nil {
			return "", err
		}
		if ca == cb {
			return `<tr><th scope="row">` + th + `</th><td colspan="2">` + ca + `</td></tr>`, nil
		}
		return `<tr><th scope="row">` + th + `</th><td>` + ca + `</td><td>` + cb + `</td></tr>`, nil
	}
}

// t translates key into HTML. The pattern is escaped first, then each
// placeholder is filled: template.HTML values as they are, anything else
// escaped. An English fallback is wrapped in an element marked lang="en".
func (r *Renderer) t(lang, key string, args ...any) (template.HTML, error) {
	text, fallback, err := r.cfg.Catalog.Lookup(lang, key)
	if err != nil {
		return "", err
	}
	h, err := i18n.Fill(key, template.HTMLEscapeString(text), args, func(v any) string {
		if h, ok := v.(template.HTML); ok {
			return string(h)
		}
		return template.HTMLEscapeString(fmt.Sprint(v))
	})
	if err != nil {
		return "", r.cfg.Catalog.Locate(lang, key, err)
	}
	if fallback {
		h = untranslated(h, r.notTranslated(lang))
	}
	return template.HTML(h), nil
}

func (r *Renderer) notTranslated(lang string) string {
	s, _, _ := r.cfg.Catalog.Lookup(lang, "not_translated")
	return s
}

// untranslated marks English text shown in place of a missing translation.
func untranslated(h, note string) string {
	return `<span lang="en" class="untranslated" title="` + template.HTMLEscapeString(note) + `">` + h + `</span>`
}

// name renders a short text field (a title or a summary), marking an
// English fallback.
func name(t Text) template.HTML {
	if t.Fallback {
		return template.HTML(`<span lang="en" class="untranslated">` + string(t.HTML) + `</span>`)
	}
	return t.HTML
}

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
}

// PageData is what a page template receives.
type PageData struct {
	// Chrome gives the page its language's links (HomeHref, IndexHref,
	// ...); its Lang is shadowed by the page's.
	*Chrome
	Page        site.Page
	Lang        string
	Locale      string
	Title       string
	Description string
	Canonical   string
	Alternates  []Alternate
	XDefault    string
	PairPattern string // a pair page's link with {a} and {b} for the codes
	A, B        *CodeView
	E, F        *EnhancedView
	Note        *Text // the curated note of a pair page, if any
	Codes       []*CodeView
	Groups      []ClassGroup
	// EnhancedGroups is every enhanced code by subject, on the enhanced index.
	EnhancedGroups []EnhancedGroup
	Refs           *RefList
	// OtherA and OtherB are the other comparisons of a pair page's codes.
	OtherA, OtherB *OtherPairs
	// Lead and Differences are a pair page's generated sentences, chosen
	// from the two codes' reply models (an enhanced pair has only a Lead).
	Lead, Differences []compose.Sentence
	Noindex           bool
	// Categories lists the assigned second digits (RFC 5321 §4.2.1).
	Categories []int
	// JSONLD is the page's structured data (schema.org BreadcrumbList and
	// TechArticle), LookupStrings the texts the bounce lookup script shows.
	JSONLD        template.JS
	LookupStrings template.JS
}

// refList returns the one RefList holding refs, so that pages citing the
// same references share the memoized part that lists them.
func (r *Renderer) refList(refs []Ref) *RefList {
	key := make([]byte, 0, 16*len(refs))
	for _, ref := range refs {
		key = strconv.AppendInt(key, int64(ref.RFC), 10)
		key = append(key, '#')
		key = append(key, ref.Section...)
		key = append(key, '|')
	}
	if l, ok := r.refLists.Load(string(key)); ok {
		return l.(*RefList)
	}
	l, _ := r.refLists.LoadOrStore(string(key), newRefList(refs))
	return l.(*RefList)
}

// URL returns the absolute URL of a site path.
func (r *Renderer) URL(path string) string { return r.cfg.BaseURL + path }

// Alternates lists the page in every language, in catalog order.
func (r *Renderer) Alternates(p site.Page) []Alternate {
	var out []Alternate
	for _, lang := range r.cfg.Catalog.Langs {
		var path string
		if p.Kind == site.Chooser || p.Kind == site.NotFound {
			path = site.HomePath(lang)
		} else {
			path = p.Translate(lang)
		}
		text := func(key string) string {
			s, _, _ := r.cfg.Catalog.Lookup(lang, key)
			return s
		}
		out = append(out, Alternate{
			Lang: lang, Name: text("lang_name"), Href: r.basePath + path, URL: r.URL(path), Current: lang == p.Lang, Indexed: r.Translated(p, lang),
			Tagline: text("chooser_tagline"), NotFound: text("notfound_text"),
		})
	}
	return out
}

// Translated reports whether page p has its main text in lang: a code or
// enhanced page shows some field of its own in lang, a pair page some
// field of one of its codes or its note. A page that would show only
// English fallback is still built, so that every language has every page,
// but it is not offered to search engines as lang's version (noindex, its
// canonical the English page, absent from hreflang and the sitemap), so
// that English never shows under another language's label. Pages made of
// UI strings alone (the home page, the indexes) are translated.
func (r *Renderer) Translated(p site.Page, lang string) bool { return Translated(r.cfg.Codes, p, lang) }

// Translated is Renderer.Translated for the data set.
func Translated(set *codes.Set, p site.Page, lang string) bool {
	if lang == i18n.Default {
		return true
	}
	code := func(c *codes.Code) bool {
		for _, f := range codes.Fields {
			if _, fb := c.Get(lang, f); !fb && f != codes.Title && f != codes.Summary {
				return true
			}
		}
		return false
	}
	enh := func(e *codes.Enhanced) bool {
		for _, f := range codes.EnhancedFields {
			if _, fb := e.Get(lang, f); !fb && f != codes.Title && f != codes.Summary {
				return true
			}
		}
		return false
	}
	switch p.Kind {
	case site.Code:
		return code(p.A)
	case site.Pair:
		if n := set.Note(p.A.Code, p.B.Code); n != nil {
			if _, fb := n.Get(lang); !fb {
				return true
			}
		}
		return code(p.A) || code(p.B)
	case site.Enhanced:
		return enh(p.E)
	case site.EnhancedPair:
		return enh(p.E) || enh(p.F)
	}
	return true
}

// XDefault is the page a reader whose language has no version should get.
func (r *Renderer) XDefault(p site.Page) string {
	switch p.Kind {
	case site.Chooser, site.Home:
		return r.URL("")
	case site.NotFound:
		return ""
	}
	return r.URL(p.Translate(i18n.Default))
}

func (r *Renderer) data(p site.Page) (*PageData, error) {
	lang := p.Lang
	if lang == "" {
		lang = i18n.Default
	}
	cat := r.cfg.Catalog
	locale, _, _ := cat.Format(lang, "lang_locale")
	d := &PageData{
		Page:        p,
		Lang:        lang,
		Locale:      locale,
		Canonical:   r.URL(p.Path),
		Alternates:  r.Alternates(p),
		XDefault:    r.XDefault(p),
		Chrome:      r.chrome[p.Lang],
		PairPattern: r.basePath + site.PairPattern(lang),
		Codes:       r.views[lang],
		Groups:      r.groups[lang],
		Categories:  []int{0, 1, 2, 5},
	}
	if p.Lang != "" && !r.Translated(p, p.Lang) {
		d.Noindex = true
		d.Canonical = r.URL(p.Translate(i18n.Default))
	}
	var err error
	format := func(key string, args ...any) string {
		if err != nil {
			return ""
		}
		var s string
		s, _, err = cat.Format(lang, key, args...)
		return s
	}
	switch p.Kind {
	case site.Chooser:
		d.Title, d.Description = format("title_chooser"), format("desc_chooser")
	case site.NotFound:
		d.Title, d.Description = format("title_404"), format("desc_404")
		d.Canonical = ""
		d.Noindex = true
	case site.Home:
		d.Title, d.Description = format("title_home"), format("desc_home")
	case site.Index:
		d.Title, d.Description = format("title_index"), format("desc_index")
	case site.Lookup:
		d.Title, d.Description = format("title_lookup"), format("desc_lookup")
		strs := map[string]string{}
		for key, i18nKey := range map[string]string{"none": "lookup_none", "basic": "lookup_basic_h", "enhanced": "lookup_enhanced_h", "unknown": "lookup_unknown"} {
			strs[key] = format(i18nKey)
		}
		for c := 2; c <= 5; c++ {
			strs[fmt.Sprintf("class%d", c)] = format(fmt.Sprintf("lookup_class_%d", c))
		}
		for sub := 0; sub <= 7; sub++ {
			strs[fmt.Sprintf("subject%d", sub)] = format(fmt.Sprintf("lookup_subject_%d", sub))
		}
		js, jerr := json.Marshal(strs)
		if jerr != nil {
			return nil, jerr
		}
		d.LookupStrings = template.JS(js)
	case site.EnhancedIndex:
		d.Title, d.Description = format("title_enh_index"), format("desc_enh_index")
		d.EnhancedGroups = r.enhGroups[lang]
	case site.Code:
		d.A = r.byCode[lang][p.A.Code]
		d.Title = format("title_code", "code", d.A.Code, "title", d.A.Title.Plain)
		d.Description = d.A.Summary.Plain
		d.Refs = d.A.Refs
	case site.Enhanced:
		d.E = r.enhByKey[lang][p.E.Code]
		d.Title = format("title_enhanced", "code", d.E.Code, "title", d.E.Title.Plain)
		d.Description = d.E.Summary.Plain
		d.Refs = d.E.Refs
	case site.EnhancedPair:
		d.E, d.F = r.enhByKey[lang][p.E.Code], r.enhByKey[lang][p.F.Code]
		d.Title = format("title_enh_pair", "a", d.E.Code, "a_title", d.E.Title.Plain, "b", d.F.Code, "b_title", d.F.Title.Plain)
		d.Description = format("desc_enh_pair", "a", d.E.Code, "a_title", d.E.Title.Plain, "b", d.F.Code, "b_title", d.F.Title.Plain)
		d.Refs = r.refList(mergeRefs(d.E.Refs.Refs, d.F.Refs.Refs))
		d.Lead = compose.EnhancedLead(p.E, p.F)
	case site.Pair:
		d.A, d.B = r.byCode[lang][p.A.Code], r.byCode[lang][p.B.Code]
		d.Title = format("title_pair", "a", d.A.Code, "a_title", d.A.Title.Plain, "b", d.B.Code, "b_title", d.B.Title.Plain)
		d.Description = format("desc_pair", "a", d.A.Code, "a_title", d.A.Title.Plain, "b", d.B.Code, "b_title", d.B.Title.Plain)
		d.Refs = r.refList(mergeRefs(d.A.Refs.Refs, d.B.Refs.Refs))
		d.OtherA, d.OtherB = d.A.OtherPairs(d.B.Code), d.B.OtherPairs(d.A.Code)
		d.Note = r.notes[lang][[2]int{d.A.Code, d.B.Code}]
		d.Lead, d.Differences = compose.Lead(p.A, p.B), compose.Differences(p.A, p.B)
	}
	if err == nil && d.Canonical != "" && p.Kind != site.Chooser {
		d.JSONLD, err = r.jsonLD(d, format)
	}
	return d, err
}

// jsonLD describes the page for search engines: where it sits in the site
// and, for code and pair pages, the article it is.
func (r *Renderer) jsonLD(d *PageData, format func(string, ...any) string) (template.JS, error) {
	type item struct {
		Type     string `json:"@type"`
		Position int    `json:"position"`
		Name     string `json:"name"`
		Item     string `json:"item,omitempty"`
	}
	crumbs := []item{{Type: "ListItem", Position: 1, Name: format("crumb_home"), Item: r.URL(site.HomePath(d.Lang))}}
	add := func(name, path string) {
		crumbs = append(crumbs, item{Type: "ListItem", Position: len(crumbs) + 1, Name: name, Item: path})
	}
	switch d.Page.Kind {
	case site.Index:
		add(format("crumb_codes"), "")
	case site.Lookup:
		add(format("nav_lookup"), "")
	case site.EnhancedIndex:
		add(format("h_enhanced_list"), "")
	case site.Code:
		add(format("crumb_codes"), r.URL(site.IndexPath(d.Lang)))
		add(strconv.Itoa(d.A.Code), "")
	case site.Enhanced:
		add(format("h_enhanced_list"), r.URL(site.EnhancedIndexPath(d.Lang)))
		add(d.E.Code, "")
	case site.EnhancedPair:
		add(format("h_enhanced_list"), r.URL(site.EnhancedIndexPath(d.Lang)))
		add(format("pair_short", "a", d.E.Code, "b", d.F.Code), "")
	case site.Pair:
		add(format("crumb_codes"), r.URL(site.IndexPath(d.Lang)))
		add(format("pair_short", "a", d.A.Code, "b", d.B.Code), "")
	}
	graph := []any{map[string]any{"@type": "BreadcrumbList", "itemListElement": crumbs}}
	if d.A != nil || d.E != nil {
		graph = append(graph, map[string]any{
			"@type":      "TechArticle",
			"headline":   d.Title,
			"inLanguage": d.Lang,
			"url":        d.Canonical,
		})
	}
	data, err := json.Marshal(map[string]any{"@context": "https://schema.org", "@graph": graph})
	return template.JS(data), err
}

// Render writes page p to w. Its errors start with the place to fix:
// the template's file, line and column, or the text's in its language
// file, and end with the page, like "(rendering en/smtp/index.html)".
func (r *Renderer) Render(w io.Writer, p site.Page) error {
	d, err := r.data(p)
	if err != nil {
		return fmt.Errorf("%w (rendering %s)", err, p.File())
	}
	l := <-r.lanes
	defer func() { r.lanes <- l }()
	t := l[d.Lang][p.Kind]
	if err := t.ExecuteTemplate(w, "base.html", d); err != nil {
		return fmt.Errorf("%w (rendering %s)", r.templateError(err, t), p.File())
	}
	return nil
}

// RenderBytes renders page p into buf, which it resets first.
func (r *Renderer) RenderBytes(buf *bytes.Buffer, p site.Page) error {
	buf.Reset()
	return r.Render(buf, p)
}
