package codes

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gosimple/slug"
	"gopkg.in/yaml.v3"

	"smtpcodes/internal/l10n"
)

// The texts of each language live in that language's file, one per
// language (i18n/en.yaml, i18n/vi.yaml), under three keys beside its UI
// strings:
//
//	codes:                        # reply codes by number
//	  552:
//	    title: Exceeded Storage   # short name; the English one's slug is the URL slug in every language
//	    summary: One sentence.    # meta description and comparison tables
//	    description: Markdown
//	    when: Markdown            # when a reader meets the code
//	    fix_sender: Markdown      # how to fix it, for the person who sent the message
//	    fix_admin: Markdown       # how to fix it, for the mail server's administrator
//	    server: Markdown          # when a server sends it
//	    client: Markdown          # how a client reacts
//	enhanced:                     # enhanced status codes by code
//	  X.2.2: {title, summary, description, transient, permanent, fix}
//	pairs:                        # curated notes for pairs readers confuse, lower code first
//	  450/550: Markdown
//
// English is complete: every code and enhanced code of the data has every
// field, and a pair note exists where English writes one. Another language
// gives what it has translated; the rest falls back to English. Its file
// also records, in its sources section (see package l10n), which English
// each translation was made from.

var pairKeyRE = regexp.MustCompile(`^([0-9]+)/([0-9]+)$`)

// texts reads the text sections of one language file into set.
func (p *parser) texts(root *yaml.Node, lang string, set *Set) {
	var sources l10n.Sources
	top := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case slices.Contains(l10n.TextKeys, k.Value):
			top[k.Value] = v
		case k.Value == l10n.SectionKey && lang != DefaultLang:
			sources = l10n.ParseSources(p.file, v, &p.errs)
		}
	}
	if lang == DefaultLang && top["codes"] == nil {
		p.errorf(root, "missing required key \"codes\": the English texts of the reply codes, which every language falls back to")
	}
	var fields []l10n.Field
	// record notes a field of the language for the status of translations.
	// A text left as the English with no record that it was kept on
	// purpose is not translated yet (a file copied from en.yaml): record
	// reports whether the translation stands.
	record := func(path, english, text string, n *yaml.Node) bool {
		f := l10n.Field{Path: path, English: english, File: p.file}
		if n != nil {
			f.Present, f.Line, f.Col = true, n.Line, n.Column
			f.Source = sources.Hash(path)
			f.Translated = text != english || f.Source != ""
		}
		fields = append(fields, f)
		return f.Translated
	}
	byCode := map[int]*Code{}
	for _, c := range set.Codes {
		byCode[c.Code] = c
	}
	if n := top["codes"]; n != nil {
		p.mapping(n, "codes", func(k, v *yaml.Node) {
			num, ok := p.integer(k, "codes: a code")
			if !ok {
				return
			}
			c := byCode[num]
			if c == nil {
				if p.dataOK {
					p.errorf(k, "code %d is not in the code data; add the code there first, or remove its text here", num)
				}
				return
			}
			what := "code " + strconv.Itoa(num)
			t, nodes := p.text(v, what, lang, Fields)
			c.Text[lang] = t
			if lang == DefaultLang {
				return
			}
			for _, f := range Fields {
				en := c.Text[DefaultLang][f]
				if en == "" {
					continue
				}
				if !record(l10n.CodePath(c.Code, string(f)), en, t[f], nodes[f]) {
					delete(t, f)
				}
			}
		})
	}
	byEnh := map[string]*Enhanced{}
	for _, e := range set.Enhanced {
		byEnh[e.Code] = e
	}
	if n := top["enhanced"]; n != nil {
		p.mapping(n, "enhanced", func(k, v *yaml.Node) {
			code, ok := p.str(k, "enhanced: a code")
			if !ok {
				return
			}
			e := byEnh[code]
			if e == nil {
				if p.dataOK {
					p.errorf(k, "enhanced code %s is not in the code data; add it there first, or remove its text here", code)
				}
				return
			}
			t, nodes := p.text(v, "enhanced code "+code, lang, EnhancedFields)
			e.Text[lang] = t
			if lang == DefaultLang {
				return
			}
			for _, f := range EnhancedFields {
				if en := e.Text[DefaultLang][f]; en != "" && !record(l10n.EnhancedPath(e.Code, string(f)), en, t[f], nodes[f]) {
					delete(t, f)
				}
			}
		})
	}
	if n := top["pairs"]; n != nil {
		p.mapping(n, "pairs", func(k, v *yaml.Node) {
			m := pairKeyRE.FindStringSubmatch(k.Value)
			a, errA := 0, error(nil)
			b, errB := 0, error(nil)
			if m != nil {
				a, errA = strconv.Atoi(m[1])
				b, errB = strconv.Atoi(m[2])
			}
			if m == nil || errA != nil || errB != nil || a >= b {
				p.errorf(k, "pairs: %q must name two codes, lower first, like 450/550", k.Value)
				return
			}
			for _, num := range []int{a, b} {
				if byCode[num] == nil {
					if p.dataOK {
						p.errorf(k, "pair note %d/%d: code %d is not in the code data", a, b, num)
					}
					return
				}
			}
			what := fmt.Sprintf("pair note %d/%d", a, b)
			s, ok := p.str(v, what)
			if !ok {
				return
			}
			p.rawHTML(v, what, s)
			note := set.Note(a, b)
			if note == nil {
				if lang != DefaultLang {
					p.errorf(k, "%s has no English text; write it in the English file first, which every language falls back to", what)
					return
				}
				note = &PairNote{A: a, B: b, Text: map[string]string{}, Line: k.Line, Col: k.Column}
				set.Notes = append(set.Notes, note)
			}
			note.Text[lang] = strings.TrimSpace(s)
			if lang != DefaultLang && !record(l10n.PairPath(a, b), note.Text[DefaultLang], note.Text[lang], v) {
				delete(note.Text, lang)
			}
		})
	}
	if lang == DefaultLang {
		return
	}
	// Every English text the language has not translated is missing.
	have := map[string]bool{}
	for _, f := range fields {
		have[f.Path] = true
	}
	for _, c := range set.Codes {
		for _, f := range Fields {
			if path := l10n.CodePath(c.Code, string(f)); !have[path] && c.Text[DefaultLang][f] != "" {
				fields = append(fields, l10n.Field{Path: path, English: c.Text[DefaultLang][f], File: p.file})
			}
		}
	}
	for _, e := range set.Enhanced {
		for _, f := range EnhancedFields {
			if path := l10n.EnhancedPath(e.Code, string(f)); !have[path] && e.Text[DefaultLang][f] != "" {
				fields = append(fields, l10n.Field{Path: path, English: e.Text[DefaultLang][f], File: p.file})
			}
		}
	}
	for _, n := range set.Notes {
		if path := l10n.PairPath(n.A, n.B); !have[path] {
			fields = append(fields, l10n.Field{Path: path, English: n.Text[DefaultLang], File: p.file})
		}
	}
	slices.SortFunc(fields, func(a, b l10n.Field) int { return strings.Compare(a.Path, b.Path) })
	set.L10n[lang] = fields
	for _, f := range fields {
		if f.State() == l10n.Outdated {
			set.outdated[lang+"\x00"+f.Path] = true
		}
	}
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
// and "_", transliterated where the title has other letters. Every link to
// a code's page asks for it, so each title's slug is made once.
func Slug(title string) string {
	if s, ok := slugs.Load(title); ok {
		return s.(string)
	}
	s := slug.Make(title)
	slugs.Store(title, s)
	return s
}

// slugs caches Slug by title.
var slugs sync.Map

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
