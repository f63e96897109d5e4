package render

// Views: every code and enhanced code prepared for the templates of one
// language, once per build.

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/keep"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/site"
)

// Text is one field of a code in one language, ready for a template: the
// plain text, its rendered Markdown, whether it is the English fallback,
// and whether it was translated from an English text that has changed
// since; English then links the English page it comes from.
type Text struct {
	Plain    string
	HTML     template.HTML
	Fallback bool
	Outdated bool
	English  string
}

// Ref is a cited RFC section.
type Ref struct {
	RFC     int
	Section string
	Title   string
	URL     string
}

// RefGroup is the cited sections of one RFC.
type RefGroup struct {
	RFC      int
	Title    string
	URL      string // the whole RFC
	Sections []Ref  // the sections cited, if any
}

// RefList is a list of references with its RFC groups worked out. Equal
// lists share one RefList (see Renderer.refList), so the parts that show
// them are rendered once per distinct list.
type RefList struct {
	Refs   []Ref
	Groups []RefGroup
}

func newRefList(refs []Ref) *RefList { return &RefList{Refs: refs, Groups: byRFC(refs)} }

// byRFC groups references by RFC, in the order each RFC first appears.
func byRFC(refs []Ref) []RefGroup {
	var out []RefGroup
	for _, r := range refs {
		i := slices.IndexFunc(out, func(g RefGroup) bool { return g.RFC == r.RFC })
		if i < 0 {
			out = append(out, RefGroup{RFC: r.RFC, Title: r.Title, URL: codes.Reference{RFC: r.RFC}.URL()})
			i = len(out) - 1
		}
		if r.Section != "" {
			out[i].Sections = append(out[i].Sections, r)
		}
	}
	return out
}

// Link is a link to another code, with the pair page comparing it to the
// code whose page shows the link.
type Link struct {
	Code     *CodeView
	PairHref string
}

// CompareLink links to the comparison of the code whose page shows it
// with another, named by its number alone. The links are made when a page
// shows them (CodeView.Others), from the codes the view lists, so that a
// language's views do not hold a link for every pair of codes.
type CompareLink struct {
	Code     int
	PairHref string
	// Label is the link's text, the code as HTML.
	Label template.HTML
}

// EnhancedCompareLink is a CompareLink between enhanced codes.
type EnhancedCompareLink struct {
	Code     string
	PairHref string
	Label    template.HTML
}

// OtherPairs is a code's comparisons with its related codes but one, the
// "other comparisons" of the pair page of that one.
type OtherPairs struct {
	From  *CodeView
	Links []Link
}

// OtherPairs returns the code's related comparisons without the one with
// code skip. The lists are made once per code and skipped code.
func (v *CodeView) OtherPairs(skip int) *OtherPairs {
	if o, ok := v.otherPairs[skip]; ok {
		return o
	}
	return v.otherPairs[0]
}

// setOtherPairs makes the lists OtherPairs returns, from v.Related.
func (v *CodeView) setOtherPairs() {
	v.otherPairs = map[int]*OtherPairs{0: {From: v, Links: v.Related}}
	for _, skip := range v.Related {
		o := &OtherPairs{From: v}
		for _, l := range v.Related {
			if l.Code.Code != skip.Code.Code {
				o.Links = append(o.Links, l)
			}
		}
		v.otherPairs[skip.Code.Code] = o
	}
}

// CodeView is a code prepared for the templates of one language. Each is
// built once per language, so a code's Markdown is rendered once per
// language however many pair pages show it.
type CodeView struct {
	Code       int
	Class      int
	Category   int
	ReplyText  string
	Transcript string
	Refs       *RefList
	Href       string // link to the code's page, with the base path
	Title      Text
	Summary    Text
	Desc       Text
	When       Text
	FixSender  Text
	FixAdmin   Text
	Server     Text
	Client     Text
	// Providers are reply texts large mail providers document for the code.
	Providers []codes.ProviderReply
	Related   []Link
	// otherPairs holds OtherPairs by the skipped code (0 for none).
	otherPairs map[int]*OtherPairs
	// Compare lists every other code but the related ones (whose links
	// are in Related) that the site has a pair page with, for the
	// "compare with" list: a page shows nothing else of them, so its key
	// covers nothing else (keys.go). Others makes their links.
	Compare []int
	// Enhanced lists the enhanced status codes usually seen with the code.
	Enhanced []*EnhancedView
	// Steps is the code's reply model: what the client does next, per
	// stage; Digits the sentences that read its digits; Category the key
	// naming its category in a table cell.
	Steps       []StepView
	Digits      []compose.Sentence
	CategoryKey string
	data        *codes.Code
	// lv is the views of the view's language.
	lv *langViews
	// sum and faceSum are hashes of the view and of its face (keys.go).
	sum, faceSum []byte
}

// Others returns the links of the "compare with" list, made anew at each
// call: only the code's own page shows them.
func (v *CodeView) Others() []CompareLink {
	out := make([]CompareLink, len(v.Compare))
	for i, c := range v.Compare {
		out[i] = CompareLink{Code: c, PairHref: v.lv.base.Href(site.PairPath(v.lv.lang, v.data, v.lv.byCode[c].data)), Label: template.HTML(strconv.Itoa(c))}
	}
	return out
}

// face is what a page shows of a code it links to rather than is about:
// the code, its link, its title and summary. A view's sum covers only the
// faces of the views it links, so that a change to one code's text does
// not change the key of every page that links it; TestLinkedFace checks
// that no page shows more of a linked view.
func (v *CodeView) face() *CodeView {
	return &CodeView{Code: v.Code, Href: v.Href, Title: v.Title, Summary: v.Summary}
}

// StepView is one case of a code's reply model, ready for a template.
type StepView struct {
	To     compose.Stages // the stages
	Reason string         // the i18n key naming its reason, "" for none
	Other  bool           // another case of a stage names a reason: this one covers the rest
	Key    string         // the i18n key of the sentence saying what the client does
}

func stepViews(c *codes.Code) []StepView {
	out := make([]StepView, len(c.Model))
	for i, k := range c.Model {
		out[i] = StepView{To: compose.CaseStages(c, i), Reason: compose.ReasonKey(k), Key: compose.StepKey(k)}
		if k.When != "" {
			continue
		}
		for _, o := range c.Model {
			if o.When != "" && slices.ContainsFunc(o.To, func(s string) bool { return slices.Contains(k.To, s) }) {
				out[i].Other = true
			}
		}
	}
	return out
}

// EnhancedGroup is the enhanced codes of one subject.
type EnhancedGroup struct {
	Subject int
	Codes   []*EnhancedView
}

// EnhancedGroups returns the code's enhanced status codes grouped by
// subject, for codes seen with so many that a flat list gets long.
func (v *CodeView) EnhancedGroups() []EnhancedGroup { return groupBySubject(v.Enhanced) }

// groupBySubject groups enhanced codes in registry order by subject.
func groupBySubject(enh []*EnhancedView) []EnhancedGroup {
	var out []EnhancedGroup
	for _, e := range enh {
		if n := len(out); n == 0 || out[n-1].Subject != e.Subject {
			out = append(out, EnhancedGroup{Subject: e.Subject})
		}
		out[len(out)-1].Codes = append(out[len(out)-1].Codes, e)
	}
	return out
}

// EnhancedView is an enhanced status code prepared for one language.
type EnhancedView struct {
	Code      string // "X.2.2"
	Subject   int
	Detail    int
	Use       []int
	Refs      *RefList
	Href      string
	Title     Text
	Summary   Text
	Desc      Text
	Transient Text
	Permanent Text
	Fix       Text
	Basic     []*CodeView
	// Compare lists every other enhanced code the site has a pair page
	// with, for the "compare with" list (see CodeView.Compare).
	Compare []string
	data    *codes.Enhanced
	// lv is the views of the view's language.
	lv *langViews
	// sum and faceSum are hashes of the view and of its face (keys.go).
	sum, faceSum []byte
}

// Others returns the links of the "compare with" list (see
// CodeView.Others).
func (e *EnhancedView) Others() []EnhancedCompareLink {
	out := make([]EnhancedCompareLink, len(e.Compare))
	for i, c := range e.Compare {
		out[i] = EnhancedCompareLink{Code: c, PairHref: e.lv.base.Href(site.EnhancedPairPath(e.lv.lang, e.data, e.lv.enhancedByCode[c].data)), Label: template.HTML(template.HTMLEscapeString(c))}
	}
	return out
}

// face is what a page shows of an enhanced code it links to (see
// CodeView.face).
func (e *EnhancedView) face() *EnhancedView {
	return &EnhancedView{Code: e.Code, Subject: e.Subject, Detail: e.Detail, Href: e.Href, Title: e.Title, Summary: e.Summary}
}

// As returns the code in a class: As 5 of X.2.2 is "5.2.2".
func (e *EnhancedView) As(class int) string {
	return strconv.Itoa(class) + e.Code[1:]
}

// Uses reports whether the code makes sense in the class.
func (e *EnhancedView) Uses(class int) bool { return slices.Contains(e.Use, class) }

func buildEnhanced(md *markdown, set *codes.Set, lang string, base site.Base, byCode map[int]*CodeView) ([]*EnhancedView, error) {
	out := make([]*EnhancedView, 0, len(set.Enhanced))
	for _, e := range set.Enhanced {
		v := &EnhancedView{Code: e.Code, Subject: e.Subject, Detail: e.Detail, Href: base.Href(site.EnhancedPath(lang, e)), data: e}
		for _, c := range e.Use {
			v.Use = append(v.Use, int(c))
		}
		v.Refs = newRefList(refs(set, e.References))
		get := func(f codes.Field) (string, bool) { return e.Get(lang, f) }
		outdated := func(f codes.Field) bool { return set.Outdated(lang, l10n.EnhancedPath(e.Code, string(f))) }
		err := fill(md, get, outdated, base.Href(site.EnhancedPath(codes.DefaultLang, e)), map[codes.Field]*Text{
			codes.Title: &v.Title, codes.Summary: &v.Summary, codes.Description: &v.Desc,
			codes.Transient: &v.Transient, codes.Permanent: &v.Permanent, codes.Fix: &v.Fix,
		})
		if err != nil {
			return nil, err
		}
		for _, b := range e.Basic {
			if cv := byCode[b]; cv != nil {
				v.Basic = append(v.Basic, cv)
				cv.Enhanced = append(cv.Enhanced, v)
			}
		}
		out = append(out, v)
	}
	for _, v := range out {
		v.Compare = make([]string, 0, len(out)-1)
		for _, o := range out {
			if o != v {
				v.Compare = append(v.Compare, o.Code)
			}
		}
	}
	return out, nil
}

// markdown renders the Markdown texts of the data: from cache when a
// build before rendered the same text, which the preview's builds share.
type markdown struct {
	md    goldmark.Markdown
	cache *MarkdownCache
}

func (m *markdown) render(src string) (template.HTML, error) {
	sum := keep.SumOf(src)
	if h, ok := m.cache.Get(sum); ok {
		return h, nil
	}
	h, err := renderMarkdown(m.md, src)
	if err == nil {
		m.cache.Put(sum, h)
	}
	return h, err
}

// MarkdownCache keeps the HTML of the texts one build rendered for the
// next, in the preview: a save changes one text, and the others need not
// be rendered again. The HTML of a text depends on the text alone.
type MarkdownCache = keep.Map[keep.Sum, template.HTML]

// NewMarkdownCache returns an empty cache.
func NewMarkdownCache() *MarkdownCache { return keep.New[keep.Sum, template.HTML]() }

func renderMarkdown(md goldmark.Markdown, src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	// goldmark escapes text and drops raw HTML (it does not run with
	// html.WithUnsafe), so its output is safe to trust.
	out, err := proseMinifier.Bytes("text/html", bytes.TrimSpace(buf.Bytes()))
	if err != nil {
		return "", err
	}
	return template.HTML(out), nil
}

func refs(set *codes.Set, in []codes.Reference) []Ref {
	out := make([]Ref, 0, len(in))
	for _, r := range in {
		out = append(out, Ref{RFC: r.RFC, Section: r.Section, Title: set.RFCs[r.RFC], URL: r.URL()})
	}
	return out
}

// fill sets each field's Text from get: the title and the summary are
// plain text, every other field is Markdown, rendered here once. outdated
// says whether a field's translation is outdated; english is the English
// page of the entry.
func fill(md *markdown, get func(codes.Field) (string, bool), outdated func(codes.Field) bool, english string, dst map[codes.Field]*Text) error {
	for f, t := range dst {
		s, fb := get(f)
		if f == codes.Title || f == codes.Summary {
			*t = Text{Plain: s, HTML: template.HTML(template.HTMLEscapeString(s)), Fallback: fb}
			continue
		}
		h, err := md.render(s)
		if err != nil {
			return err
		}
		*t = Text{Plain: s, HTML: h, Fallback: fb, Outdated: outdated(f), English: english}
	}
	return nil
}

// buildViews prepares every code for lang.
func buildViews(md *markdown, set *codes.Set, lang string, base site.Base) ([]*CodeView, error) {
	views := make([]*CodeView, len(set.Codes))
	byCode := make(map[int]*CodeView, len(set.Codes))
	for i, c := range set.Codes {
		v := &CodeView{
			Code:        c.Code,
			Class:       int(c.Class()),
			Category:    c.Category(),
			ReplyText:   c.ReplyText,
			Transcript:  c.Transcript,
			Href:        base.Href(site.CodePath(lang, c)),
			Providers:   c.ProviderReplies,
			Steps:       stepViews(c),
			Digits:      compose.Digits(c),
			CategoryKey: "category_name_" + strconv.Itoa(c.Category()),
			data:        c,
		}
		if c.About != "" {
			v.CategoryKey = "category_about_" + c.About
		}
		v.Refs = newRefList(refs(set, c.References))
		get := func(f codes.Field) (string, bool) { return c.Get(lang, f) }
		outdated := func(f codes.Field) bool { return set.Outdated(lang, l10n.CodePath(c.Code, string(f))) }
		err := fill(md, get, outdated, base.Href(site.CodePath(codes.DefaultLang, c)), map[codes.Field]*Text{
			codes.Title: &v.Title, codes.Summary: &v.Summary, codes.Description: &v.Desc,
			codes.When: &v.When, codes.FixSender: &v.FixSender, codes.FixAdmin: &v.FixAdmin,
			codes.Server: &v.Server, codes.Client: &v.Client,
		})
		if err != nil {
			return nil, err
		}
		views[i] = v
		byCode[c.Code] = v
	}
	for _, v := range views {
		for _, r := range v.data.Related {
			other := byCode[r]
			v.Related = append(v.Related, Link{Code: other, PairHref: base.Href(site.PairPath(lang, v.data, other.data))})
		}
		v.setOtherPairs()
		// The related codes have their compare links already; the list of
		// every other code leaves them out rather than repeat them.
		v.Compare = make([]int, 0, len(views)-1)
		for _, other := range views {
			if other != v && !slices.Contains(v.data.Related, other.Code) {
				v.Compare = append(v.Compare, other.Code)
			}
		}
	}
	return views, nil
}

// ClassGroup is the codes of one class, for the home page.
type ClassGroup struct {
	Class int
	Codes []*CodeView
}

func groupByClass(views []*CodeView) []ClassGroup {
	var groups []ClassGroup
	for _, v := range views {
		if len(groups) == 0 || groups[len(groups)-1].Class != v.Class {
			groups = append(groups, ClassGroup{Class: v.Class})
		}
		g := &groups[len(groups)-1]
		g.Codes = append(g.Codes, v)
	}
	return groups
}

// mergeRefs returns the references of both codes without repeats, ordered by
// RFC number and section.
func mergeRefs(a, b []Ref) []Ref {
	out := slices.Concat(a, b)
	slices.SortFunc(out, func(x, y Ref) int {
		if x.RFC != y.RFC {
			return x.RFC - y.RFC
		}
		return compareSections(x.Section, y.Section)
	})
	return slices.CompactFunc(out, func(x, y Ref) bool { return x.RFC == y.RFC && x.Section == y.Section })
}

// compareSections orders dotted section numbers numerically: 4.2.10 after
// 4.2.9, and a section after the sections it holds (4.2 after 4). A part
// that is not digits counts each other character as two more digits, so
// that "A.1" sorts apart from the numbered sections. It allocates nothing:
// sorting the references of a pair page compares them on every page.
func compareSections(a, b string) int {
	for {
		na, ra, oka := sectionPart(a)
		nb, rb, okb := sectionPart(b)
		switch {
		case !oka || !okb:
			return cmp.Compare(b2i(oka), b2i(okb))
		case na != nb:
			return cmp.Compare(na, nb)
		}
		a, b = ra, rb
	}
}

// sectionPart returns the number of the first part of the dotted section
// number s, empty parts skipped, and the rest after it; ok is false when s
// has no part left.
func sectionPart(s string) (n int, rest string, ok bool) {
	s = strings.TrimLeft(s, ".")
	if s == "" {
		return 0, "", false
	}
	part := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		part, rest = s[:i], s[i:]
	}
	for _, r := range part {
		if r >= '0' && r <= '9' {
			n = n*10 + int(r-'0')
		} else {
			n = n*100 + int(r)
		}
	}
	return n, rest, true
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
