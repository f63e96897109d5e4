// Package codes loads and validates the SMTP reply code data.
//
// # Schema of data/codes.yaml
//
// The file is a mapping with these keys:
//
//	rfcs:            # every RFC the entries cite: number -> title
//	  5321: Simple Mail Transfer Protocol
//	codes:           # one entry per reply code, in any order
//	  - code: 552                       # required; three digits, first digit 2-5
//	    reply_text: "Requested mail ..." # required; the RFC's reply text, verbatim
//	    model:                          # required; when it is sent and what the client does next
//	      - to: [MAIL, DATA-END]          #   (see "The reply model" in model.go)
//	        then: bounce
//	    about: security                 # optional; where the second digit's category does not fit:
//	                                    #   security (logging in or encryption, as 454)
//	    references:                     # required, at least one
//	      - {rfc: 5321, section: "4.2.3"}
//	    related: [452, 554]             # optional; codes defined in this file
//	    transcript: |                   # optional; C: and S: lines of a session showing the code
//	    provider_replies:               # optional; reply texts large providers document
//	      - provider: Gmail             # the provider's name
//	        reply: "552 5.2.2 The ..."  # verbatim, starting with the entry's code
//	        source: https://...         # the provider's own page that documents it
//	enhanced:        # optional: enhanced status codes (RFC 3463), X for the class
//	  - code: X.2.2                     # required; X.subject.detail, subject 0-7
//	    basic: [552, 452]               # reply codes it usually comes with; defined under codes
//	    use: [4, 5]                     # required; classes in which it makes sense (2, 4, 5)
//	    references: [{rfc: 3463, section: "3.3"}]
//
// The prose of each entry is not in this file: every language has it in
// its own language file, en.yaml complete (see text.go for that schema and
// the fields). The class (2xx positive completion ... 5xx permanent
// negative, RFC 5321 §4.2.1) and the category (second digit) are derived
// from the code, never typed. A field a language lacks falls back to
// English; the build marks it on the page and counts it.
//
// Loading is strict: unknown fields (with a suggestion), wrong types,
// missing required fields, duplicate codes, malformed codes and dangling
// related codes are all errors naming file, line and column. All problems of
// the file are reported together. The bytes are checked first (package
// yamlfile: UTF-8, no control characters, one YAML document); after a
// syntax error nothing else is reported. Numbers and enhanced codes have one spelling
// (250, not 0250; X.1.1, not X.1.01), so that one code has one page, and a
// title has at most MaxTitle characters, the English one a URL slug of 1 to
// MaxSlug.
package codes

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosimple/slug"
	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/yamlfile"
)

// DefaultLang is the language every entry must be complete in; other
// languages fall back to it.
const DefaultLang = "en"

// Field names a translatable text field of an entry.
type Field string

// The translatable fields, in the order they appear on a page.
const (
	Title       Field = "title"
	Summary     Field = "summary"
	Description Field = "description"
	When        Field = "when"
	FixSender   Field = "fix_sender" // how to fix it, for the person who sent the message
	FixAdmin    Field = "fix_admin"  // how to fix it, for the mail server's administrator
	Server      Field = "server"
	Client      Field = "client"
)

// The fields of an enhanced status code that a reply code has not.
const (
	Fix       Field = "fix"       // how to fix it
	Transient Field = "transient" // what the code means as 4.y.z
	Permanent Field = "permanent" // what the code means as 5.y.z
)

// Fields lists every translatable field of a reply code in page order.
var Fields = []Field{Title, Summary, Description, When, FixSender, FixAdmin, Server, Client}

// EnhancedFields lists every translatable field of an enhanced status code.
var EnhancedFields = []Field{Title, Summary, Description, Transient, Permanent, Fix}

// Class is the first digit of a reply code (RFC 5321 §4.2.1).
type Class int

// The four classes of reply.
const (
	PositiveCompletion   Class = 2
	PositiveIntermediate Class = 3
	TransientNegative    Class = 4
	PermanentNegative    Class = 5
)

// Reference cites one section of an RFC.
type Reference struct {
	RFC     int
	Section string // dotted section number, e.g. "4.2.3"; empty for the whole RFC
}

// URL links to the section in the RFC Editor's HTML rendering.
func (r Reference) URL() string {
	u := "https://www.rfc-editor.org/rfc/rfc" + strconv.Itoa(r.RFC)
	if r.Section != "" {
		u += "#section-" + r.Section
	}
	return u
}

// Text holds one language's text fields of an entry. Missing fields are "".
type Text map[Field]string

// Code is one reply code entry.
type Code struct {
	Code      int
	ReplyText string
	// Transcript is a short SMTP session (C: and S: lines) showing where
	// the code appears; protocol text, the same in every language.
	Transcript string
	// Model lists when the code is sent and what the client does next.
	Model []Case
	// About names what the reply is about where its second digit's
	// category does not fit (see Abouts); "" where it fits.
	About      string
	References []Reference
	Related    []int
	// ProviderReplies are reply texts that large mail providers document
	// for the code, each with its source.
	ProviderReplies []ProviderReply
	// Text holds the text fields by language. Text[DefaultLang] is complete.
	Text map[string]Text
	// Line and Col locate the entry in its file.
	Line, Col int
}

// ProviderReply is a reply text a mail provider documents for a code.
type ProviderReply struct {
	Provider string // "Gmail"
	Reply    string // verbatim, starting with the code
	Source   string // the provider's page that documents it
}

// Host is the host name of the source, to name it on the page.
func (r ProviderReply) Host() string {
	if u, err := url.Parse(r.Source); err == nil {
		return u.Host
	}
	return r.Source
}

// Class returns the first digit of the code.
func (c *Code) Class() Class { return Class(c.Code / 100) }

// Category returns the second digit: 0 syntax, 1 information,
// 2 connections, 5 mail system (RFC 5321 §4.2.1).
func (c *Code) Category() int { return c.Code / 10 % 10 }

// Get returns the field in lang and whether it had to fall back to English.
func (c *Code) Get(lang string, f Field) (text string, fallback bool) {
	return get(c.Text, lang, f)
}

func get(text map[string]Text, lang string, f Field) (string, bool) {
	if s := text[lang][f]; s != "" {
		return s, false
	}
	return text[DefaultLang][f], lang != DefaultLang
}

// Enhanced is an enhanced status code, class.subject.detail (RFC 3463),
// written with X for the class: the same entry explains 4.2.2 and 5.2.2.
type Enhanced struct {
	Code    string // "X.2.2"
	Subject int
	Detail  int
	// Basic lists the reply codes it is usually seen with.
	Basic []int
	// Use lists the classes in which the code makes sense (2, 4, 5).
	Use        []Class
	References []Reference
	Text       map[string]Text
	Line, Col  int
}

// Get returns the field in lang and whether it had to fall back to English.
func (e *Enhanced) Get(lang string, f Field) (string, bool) { return get(e.Text, lang, f) }

// Uses reports whether the code makes sense in class c.
func (e *Enhanced) Uses(c Class) bool { return slices.Contains(e.Use, c) }

// Set is the loaded data: every code, sorted by number, the enhanced
// status codes in registry order, the curated pair notes and the RFC titles.
type Set struct {
	Codes    []*Code
	Enhanced []*Enhanced
	Notes    []*PairNote
	RFCs     map[int]string
	// L10n lists, per language other than English, every text of the data
	// it translates or should, with where it stands (see package l10n).
	L10n     map[string][]l10n.Field
	index    map[int]*Code
	outdated map[string]bool // lang NUL path
}

// PairNote is a hand-written note for a pair of codes readers confuse,
// shown above the generated comparison.
type PairNote struct {
	A, B      int               // the codes, A < B
	Text      map[string]string // Markdown by language; DefaultLang is required
	Line, Col int
}

// Note returns the curated note of the pair a, b in either order, if any.
func (s *Set) Note(a, b int) *PairNote {
	if a > b {
		a, b = b, a
	}
	for _, n := range s.Notes {
		if n.A == a && n.B == b {
			return n
		}
	}
	return nil
}

// Get returns the note in lang and whether it had to fall back to English.
func (n *PairNote) Get(lang string) (string, bool) {
	if s := n.Text[lang]; s != "" {
		return s, false
	}
	return n.Text[DefaultLang], lang != DefaultLang
}

// EnhancedFor lists the enhanced codes usually seen with a reply code.
func (s *Set) EnhancedFor(code int) []*Enhanced {
	var out []*Enhanced
	for _, e := range s.Enhanced {
		if slices.Contains(e.Basic, code) {
			out = append(out, e)
		}
	}
	return out
}

// Lookup returns the entry for a code number.
func (s *Set) Lookup(code int) (*Code, bool) {
	c, ok := s.index[code]
	return c, ok
}

// New builds a Set from entries, sorting them by code. It does not validate;
// it serves tests and generators that build data in memory.
func New(rfcs map[int]string, entries []*Code) *Set {
	s := &Set{RFCs: rfcs, index: make(map[int]*Code, len(entries)), outdated: map[string]bool{}}
	s.Codes = slices.Clone(entries)
	slices.SortFunc(s.Codes, func(a, b *Code) int { return a.Code - b.Code })
	for _, c := range s.Codes {
		s.index[c.Code] = c
	}
	return s
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

type parser struct {
	file   string
	langs  []string
	dataOK bool     // the code data has no errors (for the language files)
	lines  []string // the source, for positions inside block scalars
	errs   diag.List
}

// indentCol is the 1-based column of the first non-blank character of a
// source line, or 1.
func (p *parser) indentCol(line int) int {
	if line < 1 || line > len(p.lines) {
		return 1
	}
	text := p.lines[line-1]
	return len(text) - len(strings.TrimLeft(text, " \t")) + 1
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs.Add(p.file, n.Line, n.Column, format, args...)
}

// fields walks a mapping node, reporting unknown and duplicate keys, and
// returns the value node of each known key.
func (p *parser) fields(n *yaml.Node, what string, known []string, extra func(key *yaml.Node) bool) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping of fields, not %s", what, yamlfile.Kind(n))
		return out
	}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if prev, dup := keys[k.Value]; dup {
			p.errorf(k, "%s: field %q appears twice (first at line %d); keep one", what, k.Value, prev.Line)
			continue
		}
		keys[k.Value] = k
		if slices.Contains(known, k.Value) {
			out[k.Value] = v
			continue
		}
		if extra != nil && extra(k) {
			out[k.Value] = v
			continue
		}
		if (slices.Contains(p.langs, k.Value) || langRE.MatchString(k.Value) && diag.Suggest(k.Value, known) == "") && (slices.Contains(known, "code") || slices.Contains(known, "rfcs")) {
			p.errorf(k, "%s: the %s texts belong in the language file %s.yaml, under codes: or enhanced:, not in the code data, which every language shares", what, k.Value, k.Value)
			continue
		}
		p.errorf(k, "%s: unknown field %q%s", what, k.Value, diag.DidYouMean(k.Value, known))
	}
	return out
}

func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!str" {
		fix := "put it in quotes"
		if n.Style&yaml.TaggedStyle != 0 {
			fix = fmt.Sprintf("remove the tag %q", n.Tag)
		}
		p.errorf(n, "%s must be text, not %s (%s)", what, yamlfile.Kind(n), fix)
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s must be text, not %s (write it as one text value; use | for several lines)", what, yamlfile.Kind(n))
		return "", false
	}
	return n.Value, true
}

func (p *parser) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		hint := ""
		if _, err := strconv.Atoi(n.Value); err == nil && n.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf(" (write %s without quotes)", n.Value)
		}
		p.errorf(n, "%s must be a whole number, not %s%s", what, yamlfile.Kind(n), hint)
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	if err != nil {
		p.errorf(n, "%s: %q is not a whole number in decimal digits; write it without a prefix or underscores", what, n.Value)
		return 0, false
	}
	if canon := strconv.Itoa(v); canon != n.Value {
		// 0250 and +250 are numbers to YAML, but a reader could take them
		// for another code, and they are not how the RFCs write it.
		p.errorf(n, "%s: %q is not written the usual way; write %s", what, n.Value, canon)
		return 0, false
	}
	return v, true
}

func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list, not %s", what, yamlfile.Kind(n))
		return nil
	}
	return n.Content
}

func (p *parser) document(root *yaml.Node) *Set {
	top := p.fields(root, "the file", []string{"rfcs", "codes", "enhanced"}, func(k *yaml.Node) bool {
		if k.Value != "pairs" {
			return false
		}
		p.errorf(k, "pair notes are texts: write each under pairs: in the language files (i18n/en.yaml and the others), as 450/550: followed by the note")
		return true
	})
	rfcs := map[int]string{}
	if n, ok := top["rfcs"]; ok {
		rfcs = p.rfcs(n)
	} else {
		p.errorf(root, "missing required field \"rfcs\" (a mapping of RFC number to title)")
	}
	codesNode, ok := top["codes"]
	if !ok {
		p.errorf(root, "missing required field \"codes\" (the list of reply codes)")
		return nil
	}
	var entries []*Code
	seen := map[int]*Code{}
	relatedNodes := map[*Code][]*yaml.Node{}
	for _, n := range p.list(codesNode, "codes") {
		c, related := p.entry(n, rfcs)
		if c == nil {
			continue
		}
		if prev, dup := seen[c.Code]; dup {
			p.errs.Add(p.file, c.Line, c.Col, "code %d is defined twice, at line %d and line %d; merge the two entries", c.Code, prev.Line, c.Line)
			continue
		}
		seen[c.Code] = c
		entries = append(entries, c)
		relatedNodes[c] = related
	}
	for _, c := range entries {
		for i, r := range c.Related {
			n := relatedNodes[c][i]
			switch {
			case r == c.Code:
				p.errorf(n, "code %d: lists itself as related; remove it", c.Code)
			case seen[r] == nil:
				p.errorf(n, "code %d: related code %d is not defined in this file; add an entry for %d or remove it from related", c.Code, r, r)
			}
		}
	}
	set := New(rfcs, entries)
	if n, ok := top["enhanced"]; ok {
		set.Enhanced = p.enhancedList(n, rfcs, seen)
	}
	return set
}

// enhancedRE matches an enhanced code written with or without the class
// digit and with any number of digits; enhancedCode checks the rest, so the
// message can give the canonical form.
var enhancedRE = regexp.MustCompile(`^([Xx245])\.([0-9]+)\.([0-9]+)$`)

// enhancedCode parses s, an enhanced status code written X.subject.detail
// (RFC 3463 §2: subject 0 to 7, detail 0 to 999, no leading zeros, so that
// one code has one spelling and one page).
func enhancedCode(s string) (subject, detail int, problem string) {
	m := enhancedRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Sprintf("%q is not an enhanced status code; write it as X.subject.detail with a subject from 0 to 7, like X.2.2 (RFC 3463 §2)", s)
	}
	subject, errS := strconv.Atoi(m[2])
	detail, errD := strconv.Atoi(m[3])
	if errS != nil || errD != nil || subject > 7 || detail > 999 {
		return 0, 0, fmt.Sprintf("%q is not an enhanced status code; its subject is 0 to 7 and its detail 0 to 999, like X.2.2 (RFC 3463 §2)", s)
	}
	canon := fmt.Sprintf("X.%d.%d", subject, detail)
	switch {
	case m[1] != "X" && m[1] != "x":
		return 0, 0, fmt.Sprintf("%q names one class; write %q, with X for the class: use lists the classes it is used in", s, canon)
	case s != canon:
		return 0, 0, fmt.Sprintf("%q is not written the canonical way; write %q (a capital X and no leading zeros)", s, canon)
	}
	return subject, detail, ""
}

func (p *parser) enhancedList(n *yaml.Node, rfcs map[int]string, basic map[int]*Code) []*Enhanced {
	var out []*Enhanced
	seen := map[string]*Enhanced{}
	for _, item := range p.list(n, "enhanced") {
		e := p.enhanced(item, rfcs, basic)
		if e == nil {
			continue
		}
		if prev, dup := seen[e.Code]; dup {
			p.errs.Add(p.file, e.Line, e.Col, "enhanced code %s is defined twice, at line %d and line %d; merge the two entries", e.Code, prev.Line, e.Line)
			continue
		}
		seen[e.Code] = e
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Enhanced) int {
		if a.Subject != b.Subject {
			return a.Subject - b.Subject
		}
		return a.Detail - b.Detail
	})
	return out
}

func (p *parser) enhanced(n *yaml.Node, rfcs map[int]string, basic map[int]*Code) *Enhanced {
	what := "enhanced code entry"
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; n.Content[i].Value == "code" && v.Kind == yaml.ScalarNode {
				what = fmt.Sprintf("enhanced code %q", v.Value)
				if _, _, problem := enhancedCode(v.Value); problem == "" {
					what = "enhanced code " + v.Value
				}
			}
		}
	}
	f := p.fields(n, what, []string{"code", "basic", "use", "references"}, nil)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	e := &Enhanced{Line: n.Line, Col: n.Column, Text: map[string]Text{}}
	for _, req := range []string{"code", "use", "references"} {
		if _, ok := f[req]; !ok {
			p.errorf(n, "%s: missing required field %q", what, req)
		}
	}
	if v, ok := f["code"]; ok {
		if s, ok := p.str(v, what+": code"); ok {
			if subject, detail, problem := enhancedCode(s); problem != "" {
				p.errorf(v, "%s: %s", what, problem)
			} else {
				e.Code, e.Subject, e.Detail = s, subject, detail
			}
		}
	}
	if v, ok := f["basic"]; ok {
		for _, item := range p.list(v, what+": basic") {
			if num, ok := p.integer(item, what+": a basic code"); ok {
				if basic[num] == nil {
					p.errorf(item, "%s: basic code %d is not defined under codes; add it there or remove it here", what, num)
				}
				e.Basic = append(e.Basic, num)
			}
		}
	}
	if v, ok := f["use"]; ok {
		items := p.list(v, what+": use")
		if v.Kind == yaml.SequenceNode && len(items) == 0 {
			p.errorf(v, "%s: use is empty; list the classes (2, 4, 5) in which the code makes sense", what)
		}
		for _, item := range items {
			if num, ok := p.integer(item, what+": a class"); ok {
				if num != 2 && num != 4 && num != 5 {
					p.errorf(item, "%s: class %d: an enhanced status code's class is 2, 4 or 5 (RFC 3463 §3.1)", what, num)
				}
				e.Use = append(e.Use, Class(num))
			}
		}
	}
	if v, ok := f["references"]; ok {
		// A code registered from an Internet-Draft (X.7.28) cites no RFC.
		e.References = p.references(v, what, rfcs, true)
	}
	if e.Code == "" {
		return nil
	}
	return e
}

func (p *parser) rfcs(n *yaml.Node) map[int]string {
	out := map[int]string{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rfcs must be a mapping of RFC number to title, not %s", yamlfile.Kind(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		num, ok := p.integer(k, "an RFC number")
		if !ok {
			continue
		}
		title, ok := p.str(v, fmt.Sprintf("the title of RFC %d", num))
		if !ok {
			continue
		}
		if _, dup := out[num]; dup {
			p.errorf(k, "RFC %d is listed twice; keep one", num)
		}
		out[num] = title
	}
	return out
}

var codeFields = []string{"code", "reply_text", "model", "about", "references", "related", "transcript", "provider_replies"}

var sectionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$|^[A-Z](\.[0-9]+)*$`)

// entry parses one code entry. It returns the value nodes of related so
// that dangling codes can be reported at their own position.
func (p *parser) entry(n *yaml.Node, rfcs map[int]string) (*Code, []*yaml.Node) {
	before := p.errs.Len()
	what := "code entry"
	// Find the code first so every later message can name it: as it is
	// when it is a number, else quoted, as it may hold any text.
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; n.Content[i].Value == "code" && v.Kind == yaml.ScalarNode {
				what = fmt.Sprintf("code %q", v.Value)
				if num, err := strconv.Atoi(v.Value); err == nil && strconv.Itoa(num) == v.Value {
					what = "code " + v.Value
				}
			}
		}
	}
	f := p.fields(n, what, codeFields, func(k *yaml.Node) bool {
		if k.Value != "commands" {
			return false
		}
		p.errorf(k, "%s: commands is now part of the model: replace it with model cases, each naming the stages it answers (to) and what the client does next (then)", what)
		return true
	})
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	c := &Code{Line: n.Line, Col: n.Column, Text: map[string]Text{}}
	for _, req := range []string{"code", "reply_text", "model", "references"} {
		if _, ok := f[req]; !ok && (req != "model" || f["commands"] == nil) {
			p.errorf(n, "%s: missing required field %q", what, req)
		}
	}
	validCode := false
	if v, ok := f["code"]; ok {
		if num, ok := p.integer(v, what+": code"); ok {
			switch {
			case num < 200 || num > 599:
				p.errorf(v, "code %d: not an SMTP reply code; a reply code has three digits and its first digit is 2, 3, 4 or 5 (RFC 5321 §4.2)", num)
			case num/10%10 > 5:
				p.errorf(v, "code %d: not an SMTP reply code; its second digit must be 0 to 5 (RFC 5321 §4.2.1)", num)
			default:
				validCode = true
			}
			c.Code = num
		}
	}
	if v, ok := f["reply_text"]; ok {
		if s, ok := p.str(v, what+": reply_text"); ok {
			c.ReplyText = strings.TrimSpace(s)
			if c.ReplyText == "" {
				p.errorf(v, "%s: reply_text is empty; give the RFC's reply text", what)
			}
		}
	}
	if v, ok := f["about"]; ok {
		if s, ok := p.str(v, what+": about"); ok {
			if !slices.Contains(Abouts, s) {
				p.errorf(v, "%s: unknown subject %q%s; about takes %s", what, s, diag.DidYouMean(s, Abouts), strings.Join(Abouts, ", "))
			}
			c.About = s
		}
	}
	if v, ok := f["model"]; ok {
		code := 0
		if validCode {
			code = c.Code
		}
		c.Model = p.model(v, what, code)
	}
	if v, ok := f["references"]; ok {
		c.References = p.references(v, what, rfcs, false)
	}
	if v, ok := f["transcript"]; ok {
		if s, ok := p.str(v, what+": transcript"); ok {
			c.Transcript = strings.TrimRight(s, "\n")
			for i, line := range strings.Split(c.Transcript, "\n") {
				if !strings.HasPrefix(line, "C: ") && !strings.HasPrefix(line, "S: ") && line != "C:" && line != "S:" {
					// Each line of a | block is a line of the source, which
					// starts after the |; in any other style the lines
					// are not the source's, so the value is pointed at.
					at, col := v.Line, v.Column
					if v.Style == yaml.LiteralStyle {
						at = v.Line + 1 + i
						col = p.indentCol(at)
					}
					p.errs.Add(p.file, at, col, "%s: transcript line %q must start with \"C: \" (client) or \"S: \" (server)", what, line)
				}
			}
		}
	}
	if v, ok := f["provider_replies"]; ok {
		// Replies are checked against the code only once the code is valid,
		// so that one wrong number is reported once.
		code := 0
		if validCode {
			code = c.Code
		}
		c.ProviderReplies = p.providerReplies(v, what, code)
	}
	var related []*yaml.Node
	if v, ok := f["related"]; ok {
		for _, item := range p.list(v, what+": related") {
			if num, ok := p.integer(item, what+": a related code"); ok {
				c.Related = append(c.Related, num)
				related = append(related, item)
			}
		}
	}
	if p.errs.Len() > before && c.Code == 0 {
		// Without a valid number the entry cannot be named or related to.
		return nil, nil
	}
	return c, related
}

var providerReplyFields = []string{"provider", "reply", "source"}

// providerReplies parses the reply texts providers document for code.
func (p *parser) providerReplies(v *yaml.Node, what string, code int) []ProviderReply {
	var out []ProviderReply
	for _, item := range p.list(v, what+": provider_replies") {
		rf := p.fields(item, what+": provider reply", providerReplyFields, nil)
		if item.Kind != yaml.MappingNode {
			continue
		}
		var r ProviderReply
		ok := true
		for _, field := range []struct {
			name string
			dst  *string
		}{{"provider", &r.Provider}, {"reply", &r.Reply}, {"source", &r.Source}} {
			fv, present := rf[field.name]
			if !present {
				p.errorf(item, "%s: provider reply is missing required field %q", what, field.name)
				ok = false
				continue
			}
			s, isStr := p.str(fv, what+": provider reply "+field.name)
			s = strings.TrimSpace(s)
			if !isStr || s == "" {
				if isStr {
					p.errorf(fv, "%s: provider reply %s is empty", what, field.name)
				}
				ok = false
				continue
			}
			*field.dst = s
		}
		if !ok {
			continue
		}
		if num := strconv.Itoa(code); code != 0 && !strings.HasPrefix(r.Reply, num+" ") && !strings.HasPrefix(r.Reply, num+"-") {
			p.errorf(rf["reply"], "%s: provider reply %q must start with the code %s, as the server sends it", what, r.Reply, num)
			continue
		}
		if !strings.HasPrefix(r.Source, "https://") || strings.ContainsAny(r.Source, " \t") {
			p.errorf(rf["source"], "%s: provider reply source %q must be the https:// address of the provider's page that documents the reply", what, r.Source)
			continue
		}
		out = append(out, r)
	}
	return out
}

// references parses a list of {rfc, section} citations.
func (p *parser) references(v *yaml.Node, what string, rfcs map[int]string, allowEmpty bool) []Reference {
	var out []Reference
	items := p.list(v, what+": references")
	if v.Kind == yaml.SequenceNode && len(items) == 0 && !allowEmpty {
		p.errorf(v, "%s: references is empty; cite at least one RFC section", what)
	}
	for _, item := range items {
		rf := p.fields(item, what+": reference", []string{"rfc", "section"}, nil)
		var ref Reference
		if rv, ok := rf["rfc"]; ok {
			if num, ok := p.integer(rv, what+": rfc"); ok {
				if _, known := rfcs[num]; !known {
					p.errorf(rv, "%s: RFC %d is not listed under rfcs; add its title there", what, num)
				}
				ref.RFC = num
			}
		} else if item.Kind == yaml.MappingNode {
			p.errorf(item, "%s: reference is missing required field \"rfc\"", what)
		}
		if sv, ok := rf["section"]; ok {
			if s, ok := p.str(sv, what+": section"); ok {
				if !sectionRE.MatchString(s) {
					p.errorf(sv, "%s: section %q is not a section number like \"4.2.3\"", what, s)
				}
				ref.Section = s
			}
		}
		out = append(out, ref)
	}
	return out
}

func (p *parser) text(n *yaml.Node, what, lang string, fields []Field) (Text, map[Field]*yaml.Node) {
	known := make([]string, len(fields))
	for i, f := range fields {
		known[i] = string(f)
	}
	var split func(*yaml.Node) bool
	oldFix := false
	if slices.Contains(fields, FixSender) {
		split = func(k *yaml.Node) bool {
			if k.Value != string(Fix) {
				return false
			}
			oldFix = true
			p.errorf(k, "%s: %s: a reply code's \"fix\" is split by reader: write \"fix_sender\" (for the person who sent the message) and \"fix_admin\" (for the mail server's administrator) instead", what, lang)
			return true
		}
	}
	f := p.fields(n, fmt.Sprintf("%s: %s", what, lang), known, split)
	t := Text{}
	nodes := map[Field]*yaml.Node{}
	for _, field := range fields {
		v, ok := f[string(field)]
		if !ok {
			if oldFix && (field == FixSender || field == FixAdmin) {
				continue // reported once, at the old field
			}
			if lang == DefaultLang && n.Kind == yaml.MappingNode {
				p.errorf(n, "%s: %s: missing required field %q (English is the fallback for every language, so it must be complete)", what, lang, field)
			}
			continue
		}
		s, ok := p.str(v, fmt.Sprintf("%s: %s.%s", what, lang, field))
		if !ok {
			continue
		}
		if field != Title && field != Summary {
			p.rawHTML(v, fmt.Sprintf("%s: %s.%s", what, lang, field), s)
		}
		s = strings.TrimSpace(s)
		if s == "" && lang == DefaultLang {
			p.errorf(v, "%s: %s.%s is empty", what, lang, field)
		}
		if field == Title && s != "" {
			p.title(v, fmt.Sprintf("%s: %s.%s", what, lang, field), s, lang == DefaultLang)
		}
		t[field] = s
		nodes[field] = v
	}
	return t, nodes
}

// Bounds of a title: MaxTitle characters in any language, and MaxSlug for
// the URL slug made from the English title, so that every folder name of
// the output stays far below the 255-byte limit of file systems.
const (
	MaxTitle = 100
	MaxSlug  = 80
)

// Slug is the URL slug of a title: lower-case ASCII letters, digits, "-"
// and "_", transliterated where the title has other letters.
func Slug(title string) string { return slug.Make(title) }

// title checks the bounds of a title; slugged marks the English title,
// whose slug is part of the page's URL in every language.
func (p *parser) title(n *yaml.Node, what, s string, slugged bool) {
	if count := utf8.RuneCountInString(s); count > MaxTitle {
		p.errorf(n, "%s is %d characters long; shorten it to at most %d (a title names the page in headings, links and search results)", what, count, MaxTitle)
		return
	}
	if strings.Contains(s, "\n") {
		p.errorf(n, "%s runs over several lines; write it on one line", what)
		return
	}
	if !slugged {
		return
	}
	switch sl := Slug(s); {
	case sl == "":
		p.errorf(n, "%s %q gives an empty URL slug; put letters or digits in the English title, which makes the page's URL", what, s)
	case len(sl) > MaxSlug:
		p.errorf(n, "%s gives the URL slug %q, %d characters long; shorten the English title so its slug has at most %d", what, sl, len(sl), MaxSlug)
	}
}
