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
// syntax error nothing else is reported. Numbers and enhanced codes have
// one spelling (250, not 0250; X.1.1, not X.1.01), so that one code has
// one page, and a title has at most MaxTitle characters, the English one a
// URL slug of 1 to MaxSlug.
package codes

import (
	"net/url"
	"slices"
	"strconv"

	"smtpcodes/internal/l10n"
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

// Lookup returns the entry for a code number.
func (s *Set) Lookup(code int) (*Code, bool) {
	c, ok := s.index[code]
	return c, ok
}

// New builds a Set from entries, sorting them by code. It does not
// validate; tests use it to make a Set in memory.
func New(rfcs map[int]string, entries []*Code) *Set {
	s := &Set{RFCs: rfcs, index: make(map[int]*Code, len(entries)), outdated: map[string]bool{}}
	s.Codes = slices.Clone(entries)
	slices.SortFunc(s.Codes, func(a, b *Code) int { return a.Code - b.Code })
	for _, c := range s.Codes {
		s.index[c.Code] = c
	}
	return s
}

// Outdated reports whether the text at path (see package l10n) in lang
// was made from an English text that has changed since.
func (s *Set) Outdated(lang, path string) bool { return s.outdated[lang+"\x00"+path] }
