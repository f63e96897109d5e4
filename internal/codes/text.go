package codes

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/yamlfile"
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

// Source is an input file: its path and contents.
type Source struct {
	Path string
	Data []byte
}

// Lang is the language a text file is for: its base name without .yaml.
func (s Source) Lang() string { return strings.TrimSuffix(filepath.Base(s.Path), ".yaml") }

// Load reads and validates the data file and the texts of each language
// file (named by its language tag, like en.yaml; DefaultLang among them).
func Load(dataFile string, textFiles []string) (*Set, error) {
	src, err := os.ReadFile(dataFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: the code data is missing; set -data to the path of codes.yaml", dataFile)
	case err != nil:
		return nil, diag.Fault(err, false)
	}
	texts := make([]Source, 0, len(textFiles))
	for _, f := range textFiles {
		b, err := os.ReadFile(f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: the English texts are missing; give en.yaml in the -texts folder", f)
		case err != nil:
			return nil, diag.Fault(err, false)
		}
		texts = append(texts, Source{f, b})
	}
	return Parse(Source{dataFile, src}, texts...)
}

// Parse validates data, the code data, and the texts of each language.
func Parse(data Source, texts ...Source) (*Set, error) {
	var langs []string
	for _, t := range texts {
		langs = append(langs, t.Lang())
	}
	p := &parser{file: data.Path, langs: langs, lines: strings.Split(string(data.Data), "\n")}
	root, ok := yamlfile.Decode(data.Path, data.Data, &p.errs)
	if !ok {
		return nil, p.errs.Err()
	}
	if root == nil {
		p.errs.Add(data.Path, 0, 0, "the file is empty; it needs the keys \"rfcs\" and \"codes\"")
		return nil, p.errs.Err()
	}
	set := p.document(root)
	if set == nil {
		return nil, p.errs.Err()
	}
	// Texts of a code the data could not define are not reported again.
	dataOK := p.errs.Len() == 0
	set.L10n = map[string][]l10n.Field{}
	if !slices.Contains(langs, DefaultLang) {
		if dataOK {
			p.errs.Add(data.Path, 0, 0, "no English texts: give the %s.yaml language file, which every other language falls back to", DefaultLang)
		}
		return nil, p.errs.Err()
	}
	// English first: the other languages are compared with it.
	slices.SortStableFunc(texts, func(a, b Source) int {
		switch {
		case a.Lang() == b.Lang():
			return 0
		case a.Lang() == DefaultLang:
			return -1
		case b.Lang() == DefaultLang:
			return 1
		}
		return strings.Compare(a.Lang(), b.Lang())
	})
	var enFile string
	for _, t := range texts {
		tp := &parser{file: t.Path, langs: langs, lines: strings.Split(string(t.Data), "\n"), dataOK: dataOK}
		troot, ok := yamlfile.Decode(t.Path, t.Data, &tp.errs)
		if ok && troot != nil && troot.Kind == yaml.MappingNode {
			tp.texts(troot, t.Lang(), set)
		}
		p.errs.Merge(&tp.errs)
		if t.Lang() == DefaultLang {
			enFile = t.Path
			if !ok {
				return nil, p.errs.Err() // nothing to compare the others with
			}
		}
	}
	for _, c := range set.Codes {
		if c.Text[DefaultLang] == nil && c.Code != 0 {
			p.errs.Add(data.Path, c.Line, c.Col, "code %d has no English text; add it under codes: in %s", c.Code, enFile)
		}
	}
	for _, e := range set.Enhanced {
		if e.Text[DefaultLang] == nil {
			p.errs.Add(data.Path, e.Line, e.Col, "enhanced code %s has no English text; add it under enhanced: in %s", e.Code, enFile)
		}
	}
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

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

// mapping walks a mapping node's entries, reporting duplicate keys.
func (p *parser) mapping(n *yaml.Node, what string, each func(k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping, not %s", what, yamlfile.Kind(n))
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if prev, dup := seen[k.Value]; dup {
			p.errorf(k, "%s: %s appears twice (first at line %d); keep one", what, k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		each(k, v)
	}
}

// Outdated reports whether the text at path (see package l10n) in lang
// was made from an English text that has changed since.
func (s *Set) Outdated(lang, path string) bool { return s.outdated[lang+"\x00"+path] }
