// Package i18n loads the user-interface strings of each language.
//
// The directory holds one file per language, named by its BCP 47 tag
// (en.yaml, vi.yaml). Each file is a flat mapping from key to text, beside
// the prose of the code data under codes:, enhanced: and pairs: (read by
// package codes) and, in a language other than English, the sources
// section that records which English each translation was made from
// (package l10n). A UI text left exactly as the English with no record is
// not translated yet, as in a file just copied from en.yaml. A text is
// a whole sentence or label; variable parts are named placeholders such as
// {code} or {title}, and every language decides where they go, so no sentence
// is ever glued together from fragments.
//
// English (en.yaml) is the reference: it defines the keys and the
// placeholders of each key. Another language must not add keys or change a
// key's placeholders; a key it lacks falls back to English, and Fields
// reports it as missing so the build can mark and count it.
//
// Every file needs lang_name, the language's own name for itself (the
// language switcher shows it); English also needs lang_locale (its Open
// Graph locale, like en_US), which another language should give too but
// may leave to fall back, counted missing like any key.
//
// Files are read like the code data (package yamlfile): UTF-8 text, one
// YAML document, no control characters, every error with file:line:col.
// One language has one file: tags are compared ignoring case, so pt-BR.yaml
// and pt-br.yaml are refused together, as their pages would share folders
// on a case-insensitive file system.
//
// A text whose placeholders do not match the values given for it (a
// misspelt {name}, or a value the text has no placeholder for) is a
// *FillError pointing at the text's line and column in its language file,
// and at the template that used it when the renderer knows it.
package i18n

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/yamlfile"
)

// Default is the reference language, the one every other falls back to.
// It is the code data's too (codes.DefaultLang), as the build checks.
const Default = "en"

var placeholderRE = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

type entry struct {
	text string
	// html is text escaped as HTML (template.HTMLEscapeString), which a
	// page fills with its values: escaped once, not at every use.
	html      string
	line, col int
	// textCut and htmlCut are text and html cut at their placeholders,
	// once: pages fill a text many thousand times.
	textCut, htmlCut *cut
}

// newEntry is the entry of text, found at line and col.
func newEntry(text string, line, col int) entry {
	html := template.HTMLEscapeString(text)
	return entry{text: text, html: html, line: line, col: col, textCut: cutText(text), htmlCut: cutText(html)}
}

// Catalog holds every language's strings.
type Catalog struct {
	// Langs lists the languages: Default first, then the others sorted.
	Langs   []string
	strings map[string]map[string]entry
	files   map[string]string
	sources map[string]l10n.Sources
	// sameAt holds, by language NUL key, the texts left as the English
	// with no record, which count as not translated.
	sameAt map[string]entry
	// missing lists, per language, the keys that fall back to English,
	// sorted.
	missing map[string][]string
}

// Load reads every *.yaml file of dir.
func Load(dir string) (*Catalog, error) { return LoadCached(dir, nil) }

// Files lists the language files of dir, which Load reads, each named
// after its language.
func Files(dir string) ([]string, error) { return filepath.Glob(filepath.Join(dir, "*.yaml")) }

// LoadCached is Load, decoding the files through cache (nil decodes
// every file).
func LoadCached(dir string, cache *yamlfile.Cache) (*Catalog, error) {
	matches, err := Files(dir)
	if err != nil {
		return nil, err
	}
	if len(matches) == 0 {
		// Glob says nothing of a folder it cannot read.
		if _, err := os.ReadDir(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w (set -i18n to the folder holding en.yaml)", diag.Fault(err, false))
		}
		return nil, fmt.Errorf("%s: no language files (*.yaml) found; set -i18n to the folder holding en.yaml", dir)
	}
	files := map[string][]byte{}
	for _, m := range matches {
		src, err := os.ReadFile(m)
		if err != nil {
			return nil, diag.Fault(err, false)
		}
		files[m] = src
	}
	return parse(files, cache)
}

var tagRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Parse builds a catalog from file contents keyed by path; each file's
// base name without .yaml is its language tag.
func Parse(files map[string][]byte) (*Catalog, error) { return parse(files, nil) }

func parse(files map[string][]byte, cache *yamlfile.Cache) (*Catalog, error) {
	var errs diag.List
	c := &Catalog{
		strings: map[string]map[string]entry{},
		files:   map[string]string{},
		sources: map[string]l10n.Sources{},
		sameAt:  map[string]entry{},
		missing: map[string][]string{},
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	folded := map[string]string{} // lower-case tag -> path
	for _, path := range paths {
		lang := strings.TrimSuffix(filepath.Base(path), ".yaml")
		if !tagRE.MatchString(lang) {
			errs.Add(path, 0, 0, "%q is not a language tag; name the file after its language, like vi.yaml or pt-BR.yaml", lang)
			continue
		}
		if prev, dup := folded[strings.ToLower(lang)]; dup {
			errs.Add(path, 0, 0, "this file and %s are both for language %q (tags are compared ignoring case, as some file systems compare names); keep one of the two", prev, lang)
			continue
		}
		folded[strings.ToLower(lang)] = path
		c.files[lang] = path
		c.strings[lang], c.sources[lang] = parseFile(cache, &errs, path, lang, files[path])
	}
	en, ok := c.strings[Default]
	if !ok {
		errs.Add(filepath.Join(filepath.Dir(firstOr(paths, ".")), Default+".yaml"), 0, 0, "the English catalog is missing; every other language falls back to it")
		return nil, errs.Err()
	}
	if en == nil {
		// English could not be read: comparing the others with it would
		// only add follow-on errors.
		return nil, errs.Err()
	}
	enKeys := sortedKeys(en)
	if _, ok := en["lang_locale"]; !ok {
		errs.Add(c.files[Default], 1, 1, "missing required key \"lang_locale\" (the Open Graph locale of the pages); add it, like lang_locale: en_US")
	}
	for _, lang := range sortedKeys(c.strings) {
		c.Langs = append(c.Langs, lang)
		if lang == Default {
			continue
		}
		strs := c.strings[lang]
		if strs == nil {
			continue // unreadable, and reported
		}
		// A text left as the English, with no record that it was kept on
		// purpose, is not translated yet (a file copied from en.yaml).
		for key, e := range strs {
			if ref, ok := en[key]; ok && e.text == ref.text && c.sources[lang].Hash(l10n.UIPath(key)) == "" && !slices.Contains(ownKeys, key) {
				delete(strs, key)
				c.sameAt[lang+"\x00"+key] = e
			}
		}
		for _, key := range sortedKeys(strs) {
			e := strs[key]
			ref, ok := en[key]
			if !ok {
				errs.Add(c.files[lang], e.line, e.col, "unknown key %q: it is not in %s%s", key, c.files[Default], suggestion(key, enKeys))
				continue
			}
			want, got := placeholders(ref.text), placeholders(e.text)
			if !slices.Equal(want, got) {
				errs.Add(c.files[lang], e.line, e.col, "key %q: placeholders %v differ from English %v (%s:%d); use exactly the same names",
					key, got, want, c.files[Default], ref.line)
			}
		}
		for _, key := range enKeys {
			if _, ok := strs[key]; !ok {
				c.missing[lang] = append(c.missing[lang], key)
			}
		}
	}
	slices.SortFunc(c.Langs, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == Default:
			return -1
		case b == Default:
			return 1
		}
		return strings.Compare(a, b)
	})
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}

func suggestion(key string, keys []string) string {
	if s := diag.Suggest(key, keys); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return "; add it to the English file first"
}

// parseFile reads one language file. It returns nil when the file could
// not be read as a whole (then its errors are recorded and nothing else of
// it is checked).
func parseFile(cache *yamlfile.Cache, errs *diag.List, path, lang string, src []byte) (map[string]entry, l10n.Sources) {
	root, ok := cache.Decode(path, src, errs)
	if !ok {
		return nil, nil
	}
	if root == nil || root.Kind == yaml.MappingNode && len(root.Content) == 0 {
		errs.Add(path, 0, 0, "the file has no keys; give at least lang_name, the language's own name for itself, and the texts it translates from %s.yaml", Default)
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		errs.Add(path, root.Line, root.Column, "a language file must be a mapping of key to text, not %s", yamlfile.Kind(root))
		return nil, nil
	}
	out := map[string]entry{}
	var sources l10n.Sources
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		// The texts of the code data are the codes package's; the sources
		// section records what every translation was made from.
		if slices.Contains(l10n.TextKeys, k.Value) {
			continue
		}
		if k.Value == l10n.SectionKey {
			if lang != Default {
				sources = l10n.ParseSources(path, v, errs)
			} else {
				errs.Add(path, k.Line, k.Column, "English is the source of every translation and records none; remove the %s section", l10n.SectionKey)
			}
			continue
		}
		if prev, dup := out[k.Value]; dup {
			errs.Add(path, k.Line, k.Column, "key %q appears twice (first at line %d); keep one", k.Value, prev.line)
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			errs.Add(path, v.Line, v.Column, "key %q: the value must be text, not %s (quote it)", k.Value, yamlfile.Kind(v))
			continue
		}
		if strings.TrimSpace(v.Value) == "" {
			errs.Add(path, v.Line, v.Column, "key %q: the text is empty; remove the key to fall back to English", k.Value)
			continue
		}
		text := strings.TrimSpace(v.Value)
		out[k.Value] = newEntry(text, k.Line, k.Column)
	}
	if _, ok := out["lang_name"]; !ok && !hasKey(root, "lang_name") {
		errs.Add(path, root.Line, root.Column, "missing required key \"lang_name\", the language's own name for itself, which the language switcher shows; add it, written in %s (like lang_name: Tiếng Việt in vi.yaml)", lang)
	}
	return out, sources
}

// hasKey reports whether the mapping n has the key, valid or not (an
// invalid value is reported already).
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func placeholders(s string) []string {
	found := placeholderRE.FindAllString(s, -1)
	slices.Sort(found)
	return slices.Compact(found)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ownKeys are the keys each language gives for itself rather than
// translating them from English.
var ownKeys = []string{"lang_name", "lang_locale"}

// Fields lists every UI string of lang other than English (see package
// l10n), sorted by key, with where its translation stands.
func (c *Catalog) Fields(lang string) []l10n.Field {
	if lang == Default {
		return nil
	}
	var out []l10n.Field
	for _, key := range sortedKeys(c.strings[Default]) {
		if slices.Contains(ownKeys, key) {
			continue
		}
		en := c.strings[Default][key]
		f := l10n.Field{Path: l10n.UIPath(key), English: en.text, File: c.files[lang]}
		if e, ok := c.strings[lang][key]; ok {
			f.Translated, f.Present, f.Line, f.Col = true, true, e.line, e.col
			f.Source = c.sources[lang].Hash(f.Path)
		} else if e, ok := c.sameAt[lang+"\x00"+key]; ok {
			f.Present, f.Line, f.Col = true, e.line, e.col
		}
		out = append(out, f)
	}
	return out
}

// File returns the path of a language's file.
// Sum returns a hash of the user-interface strings of lang as Lookup
// returns them, English fallbacks included: what a page can show of the
// language besides the texts of its codes. Those texts sit in the same
// file but are hashed with the views that show them, so an edit of one
// code's text changes the keys of that code's pages only.
func (c *Catalog) Sum(lang string) []byte {
	h := sha256.New()
	for _, key := range sortedKeys(c.strings[Default]) {
		text, fallback, _ := c.Lookup(lang, key)
		fmt.Fprintf(h, "%d:%s%d:%s%t;", len(key), key, len(text), text, fallback)
	}
	return h.Sum(nil)
}

func (c *Catalog) File(lang string) string { return c.files[lang] }

// Has reports whether the reference language defines key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.strings[Default][key]
	return ok
}

// Placeholders returns the placeholders of key's text, like [{code}
// {title}], sorted: the same in every language, as Parse checks.
func (c *Catalog) Placeholders(key string) []string {
	return placeholders(c.strings[Default][key].text)
}

// Source says where lang's text for key is: the file, line and column of
// its key in lang's file, or in the English file when lang falls back to
// English. The file is "" for a key no language defines.
func (c *Catalog) Source(lang, key string) (file string, line, col int) {
	if e, ok := c.strings[lang][key]; ok {
		return c.files[lang], e.line, e.col
	}
	if e, ok := c.strings[Default][key]; ok {
		return c.files[Default], e.line, e.col
	}
	return "", 0, 0
}

// Lookup returns key's text in lang and whether it fell back to English.
func (c *Catalog) Lookup(lang, key string) (string, bool, error) {
	e, fallback, err := c.entryOf(lang, key)
	return e.text, fallback, err
}

// LookupHTML is Lookup, with the text escaped as HTML
// (template.HTMLEscapeString).
func (c *Catalog) LookupHTML(lang, key string) (string, bool, error) {
	e, fallback, err := c.entryOf(lang, key)
	return e.html, fallback, err
}

// entryOf is key's entry in lang, or in English, and whether it is
// English in place of lang's.
func (c *Catalog) entryOf(lang, key string) (entry, bool, error) {
	if e, ok := c.strings[lang][key]; ok {
		return e, false, nil
	}
	if e, ok := c.strings[Default][key]; ok {
		return e, lang != Default, nil
	}
	return entry{}, false, c.unknown(key)
}

// unknown is the error of a key no language defines.
func (c *Catalog) unknown(key string) error {
	hint := ""
	if s := diag.Suggest(key, sortedKeys(c.strings[Default])); s != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("unknown i18n key %q%s; add it to %s, or correct the key where it is used", key, hint, c.files[Default])
}

// Format returns key's text in lang with each {name} replaced by the value
// that follows name in args, and whether it fell back to English.
func (c *Catalog) Format(lang, key string, args ...any) (string, bool, error) {
	return c.fill(lang, key, false, args, Plain)
}

// FillHTML is Format of key's text escaped as HTML (LookupHTML), with
// conv making each value HTML.
func (c *Catalog) FillHTML(lang, key string, args []any, conv func(any) string) (string, bool, error) {
	return c.fill(lang, key, true, args, conv)
}

// fill fills key's text in lang, or with html its text escaped as HTML,
// with args, each value made text by conv.
func (c *Catalog) fill(lang, key string, html bool, args []any, conv func(any) string) (string, bool, error) {
	e, fallback, err := c.entryOf(lang, key)
	if err != nil {
		return "", false, err
	}
	cut := e.textCut
	if html {
		cut = e.htmlCut
	}
	s, err := cut.fill(key, args, conv)
	if err != nil {
		return "", false, c.Locate(lang, key, err)
	}
	return s, fallback, nil
}

// Locate returns err, an error of Fill for key's text in lang, pointing
// at that text (see Source); any other error it returns as it is.
func (c *Catalog) Locate(lang, key string, err error) error {
	var fe *FillError
	if !errors.As(err, &fe) || fe.File != "" {
		return err
	}
	located := *fe
	located.File, located.Line, located.Col = c.Source(lang, key)
	return &located
}

// A FillError is a text whose placeholders do not match the values given
// for it: a placeholder left without a value (often a misspelt name), or
// a value given for a placeholder the text does not have. Either would
// show on a page, so the build stops, pointing at the text.
type FillError struct {
	Key string
	// File, Line and Col are where the text is (see Catalog.Locate); File
	// is "" when it is not known.
	File      string
	Line, Col int
	// Missing is the placeholder left without a value, like "digit"; Extra
	// the name of a value the text has no placeholder for. One is set.
	Missing, Extra string
	// Given lists the names given values, in the order given.
	Given []string
	// Placeholders are the text's, like [{category} {digit}].
	Placeholders []string
	// Use is where the text is used, like templates/pair.html:50:6, when
	// the caller knows it; see WithUse.
	Use string
}

func (e *FillError) Error() string {
	var b strings.Builder
	if e.File != "" {
		fmt.Fprintf(&b, "%s:%d:%d: key %q: ", e.File, e.Line, e.Col, e.Key)
	} else {
		fmt.Fprintf(&b, "i18n key %q: ", e.Key)
	}
	at, there := "", " where the text is used"
	if e.Use != "" {
		at, there = " at "+e.Use, " there"
	}
	if e.Missing != "" {
		fmt.Fprintf(&b, "placeholder {%s} gets no value%s (given: %s); correct it to one of those, or give %s a value%s",
			e.Missing, at, braced(e.Given), e.Missing, there)
		return b.String()
	}
	fmt.Fprintf(&b, "a value for {%s} is given%s, but the text has no such placeholder (it has: %s); put {%s} in the text where the value belongs, or stop giving it%s",
		e.Extra, at, orNone(e.Placeholders), e.Extra, there)
	return b.String()
}

// WithUse returns a copy of e that names where the text is used.
func (e *FillError) WithUse(use string) *FillError {
	c := *e
	c.Use = use
	return &c
}

func braced(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "{" + n + "}"
	}
	return orNone(out)
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// Fill replaces each {name} placeholder of text by conv of the value that
// follows name in args (name, value pairs). It is an error, a *FillError,
// to leave a placeholder without a value or to pass a value text has no
// placeholder for: both would show on a page. The error does not know
// where the text is; Catalog.Locate adds it.
func Fill(key, text string, args []any, conv func(any) string) (string, error) {
	return cutText(text).fill(key, args, conv)
}

// cut is a text cut at its placeholders: lits[0], the value of names[0],
// lits[1], ... lits[len(names)]. A brace that starts no placeholder is
// text.
type cut struct {
	text   string
	lits   []string
	names  []string
	litLen int // the bytes of lits
}

// cutText cuts text at its placeholders.
func cutText(text string) *cut {
	c := &cut{text: text}
	rest := text
	for off := 0; ; {
		i := strings.IndexByte(rest[off:], '{')
		if i < 0 {
			break
		}
		i += off
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 || !isPlaceholder(rest[i+1:i+j]) {
			off = i + 1
			continue
		}
		c.lits = append(c.lits, rest[:i])
		c.names = append(c.names, rest[i+1:i+j])
		rest, off = rest[i+j+1:], 0
	}
	c.lits = append(c.lits, rest)
	c.litLen = len(text)
	for _, n := range c.names {
		c.litLen -= len(n) + 2
	}
	return c
}

// fill is Fill of the cut text.
func (c *cut) fill(key string, args []any, conv func(any) string) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("i18n key %q: arguments must be name, value pairs; give each placeholder's name, then its value, like t %q \"code\" .Code", key, key)
	}
	if len(args) == 0 && len(c.names) == 0 {
		return c.text, nil
	}
	for k := 0; k < len(args); k += 2 {
		if _, ok := args[k].(string); !ok {
			return "", fmt.Errorf("i18n key %q: argument %d must be a placeholder name, a quoted text like \"code\", not %T", key, k+1, args[k])
		}
	}
	// Each value is converted once, the first time its placeholder
	// comes, and the text is filled into a string of the exact size.
	var smallVals [8]string
	var smallAt [8]int
	vals, at := smallVals[:0], smallAt[:0]
	if len(args)/2 > len(smallVals) {
		vals = make([]string, 0, len(args)/2)
	}
	if len(c.names) > len(smallAt) {
		at = make([]int, 0, len(c.names))
	}
	vals = vals[:len(args)/2]
	var used uint64 // bit k/2: the pair at args[k] filled a placeholder (of the first 64)
	size := c.litLen
	for _, name := range c.names {
		k := 0
		for k < len(args) && args[k].(string) != name {
			k += 2
		}
		if k == len(args) {
			return "", &FillError{Key: key, Missing: name, Given: givenNames(args), Placeholders: placeholders(c.text)}
		}
		if k >= 128 || used&(1<<(k/2)) == 0 {
			vals[k/2] = conv(args[k+1])
			if k < 128 {
				used |= 1 << (k / 2)
			}
		}
		at = append(at, k/2)
		size += len(vals[k/2])
	}
	for k := 0; k < len(args); k += 2 {
		if k < 128 && used&(1<<(k/2)) != 0 {
			continue // it filled one
		}
		if name := args[k].(string); !strings.Contains(c.text, "{"+name+"}") {
			return "", &FillError{Key: key, Extra: name, Given: givenNames(args), Placeholders: placeholders(c.text)}
		}
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(c.lits[0])
	for i, v := range at {
		b.WriteString(vals[v])
		b.WriteString(c.lits[i+1])
	}
	return b.String(), nil
}

// Plain is a placeholder's value as text: a string as it is, a number in
// digits, anything else as fmt prints it.
func Plain(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// givenNames lists the names of name, value pairs.
func givenNames(args []any) []string {
	var out []string
	for k := 0; k < len(args); k += 2 {
		if n, ok := args[k].(string); ok {
			out = append(out, n)
		}
	}
	return out
}

// isPlaceholder reports whether name, found between braces, names a
// placeholder: a lower-case letter, then letters, digits or underscores
// (the pattern of placeholderRE, checked without it on this hot path).
func isPlaceholder(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
