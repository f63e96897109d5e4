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
	"smtpcodes/internal/keep"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/yamlfile"
)

// Reading the inputs: Load and Parse take the data file and the language
// files through the same parser, whose helpers below check one node each
// and record every problem with its position, so that one run reports
// them all. The entries of the data file are read in entries.go, the
// texts of the language files in text.go, the reply model in model.go.

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
	return LoadCached(dataFile, textFiles, Cache{})
}

// Cache is what a series of builds keeps of the code data: each file
// decoded, and the Markdown texts found to have none of the problems
// rawHTML reports, which depend on the text alone. A zero Cache keeps
// nothing.
type Cache struct {
	Decoded *yamlfile.Cache
	Checked *keep.Map[keep.Sum, struct{}]
}

// LoadCached is Load, through cache.
func LoadCached(dataFile string, textFiles []string, cache Cache) (*Set, error) {
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
	return parse(cache, Source{dataFile, src}, texts...)
}

// Parse validates data, the code data, and the texts of each language.
func Parse(data Source, texts ...Source) (*Set, error) { return parse(Cache{}, data, texts...) }

func parse(cache Cache, data Source, texts ...Source) (*Set, error) {
	cache.Checked.Begin()
	var langs []string
	for _, t := range texts {
		langs = append(langs, t.Lang())
	}
	p := &parser{file: data.Path, langs: langs, lines: strings.Split(string(data.Data), "\n")}
	root, ok := cache.Decoded.Decode(data.Path, data.Data, &p.errs)
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
		tp := &parser{file: t.Path, langs: langs, lines: strings.Split(string(t.Data), "\n"), dataOK: dataOK, checked: cache.Checked}
		troot, ok := cache.Decoded.Decode(t.Path, t.Data, &tp.errs)
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

// langRE matches what may be a language tag, to tell texts put in the
// code data from unknown fields.
var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

// parser reads one input file, recording every problem it finds.
type parser struct {
	file   string
	langs  []string
	dataOK bool     // the code data has no errors (for the language files)
	lines  []string // the source, for positions inside block scalars
	errs   diag.List
	// checked holds the Markdown texts rawHTML found nothing wrong with.
	checked *keep.Map[keep.Sum, struct{}]
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

// errorf records a problem at n.
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

// str returns the text of the scalar n, reporting any other node.
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

// integer returns the number of the scalar n, written in decimal digits
// the one usual way (250, not 0250 or +250), reporting any other node.
func (p *parser) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		hint := ""
		if _, err := strconv.Atoi(n.Value); err == nil && n.Kind == yaml.ScalarNode {
			// The digits are there: what makes them no number is a tag
			// (!x 250, !!str 250), quotes, or both.
			tagged := n.Style&yaml.TaggedStyle != 0
			quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
			switch {
			case tagged && quoted:
				hint = fmt.Sprintf(" (remove the tag %q and the quotes)", n.Tag)
			case tagged:
				hint = fmt.Sprintf(" (remove the tag %q)", n.Tag)
			default:
				hint = fmt.Sprintf(" (write %s without quotes)", n.Value)
			}
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

// list returns the items of the sequence n, reporting any other node.
func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list, not %s", what, yamlfile.Kind(n))
		return nil
	}
	return n.Content
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
