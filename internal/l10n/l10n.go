// Package l10n tracks which English each translation was made from.
//
// Every text a language translates (a UI string, a field of a code, a pair
// note) has a path: "ui/lang_name", "codes/552/description",
// "enhanced/X.2.2/fix", "pairs/450/550". A language file other than
// English ends with a sources section, kept by the marking command
// (gen -mark), never by hand, that records for each translated path the
// short hash of the English text it was made from:
//
//	sources:
//	  codes/552/description: 3fa2c1d0
//
// When the English text changes, its hash no longer matches and the
// translation is outdated: the page shows it with a note, the build counts
// it, and -strict fails on it. A translation with no record yet is
// unmarked, counted and refused by -strict the same way until it is marked.
package l10n

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
)

// SectionKey is the top-level key of a language file's sources section.
const SectionKey = "sources"

// TextKeys are the top-level keys of a language file that hold the texts
// of the code data (read by package codes); every other key but SectionKey
// is a UI string (package i18n).
var TextKeys = []string{"codes", "enhanced", "pairs"}

// Hash is the short hash of an English text that a translation records
// as its source: 8 hexadecimal digits of its SHA-256.
func Hash(english string) string {
	sum := sha256.Sum256([]byte(english))
	return hex.EncodeToString(sum[:4])
}

// Paths of the translatable texts.

// UIPath is the path of a UI string.
func UIPath(key string) string { return "ui/" + key }

// CodePath is the path of a field of a reply code.
func CodePath(code int, field string) string { return "codes/" + strconv.Itoa(code) + "/" + field }

// EnhancedPath is the path of a field of an enhanced status code.
func EnhancedPath(code, field string) string { return "enhanced/" + code + "/" + field }

// PairPath is the path of the curated note of a pair, lower code first.
func PairPath(a, b int) string { return "pairs/" + strconv.Itoa(a) + "/" + strconv.Itoa(b) }

// State is where a translation stands against the English.
type State int

// The states.
const (
	Current  State = iota // made from the English as it is now
	Missing               // not translated: the page shows the English
	Outdated              // made from an English text that has changed since
	Unmarked              // translated, but no source recorded yet
)

func (s State) String() string {
	return [...]string{"current", "missing", "outdated", "unmarked"}[s]
}

// Field is one translatable text in one language.
type Field struct {
	Path    string
	English string // the English text now
	// Translated reports whether the language has its own text; File,
	// Line and Col locate it. Present is true also of a text left exactly
	// as the English with no record, which counts as not translated until
	// it is marked (as the same words in this language).
	Translated bool
	Present    bool
	File       string
	Line, Col  int
	Source     string // the hash recorded in the sources section, "" if none
}

// State compares the recorded source with the English text.
func (f Field) State() State {
	switch {
	case !f.Translated:
		return Missing
	case f.Source == "":
		return Unmarked
	case f.Source != Hash(f.English):
		return Outdated
	}
	return Current
}

// Sources is a language's sources section: the recorded hash per path.
type Sources map[string]Source

// Source is one record of the sources section.
type Source struct {
	Hash      string
	Line, Col int
}

// Hash returns the hash recorded for path, "" if none.
func (s Sources) Hash(path string) string { return s[path].Hash }

var hashRE = regexp.MustCompile(`^[0-9a-f]{8}$`)

// ParseSources reads the value of a sources key. Errors go to errs with
// positions in file.
func ParseSources(file string, n *yaml.Node, errs *diag.List) Sources {
	out := Sources{}
	if n.Kind != yaml.MappingNode {
		errs.Add(file, n.Line, n.Column, "%s must be a mapping of path to hash; it is written by gen -mark, so remove it and run make l10n-mark", SectionKey)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := out[k.Value]; dup {
			errs.Add(file, k.Line, k.Column, "%s: %s appears twice; run make l10n-mark to rewrite the section", SectionKey, k.Value)
			continue
		}
		if v.Kind != yaml.ScalarNode || !hashRE.MatchString(v.Value) {
			errs.Add(file, v.Line, v.Column, "%s: %s: %q is not a source hash (8 hexadecimal digits); the section is written by gen -mark, not by hand: run make l10n-mark", SectionKey, k.Value, v.Value)
			continue
		}
		out[k.Value] = Source{Hash: v.Value, Line: k.Line, Col: k.Column}
	}
	return out
}

// Counts sums up a language's fields by state.
type Counts struct {
	Fields, Translated, Outdated, Unmarked, Missing int
}

// Count counts fields by state.
func Count(fields []Field) Counts {
	var c Counts
	for _, f := range fields {
		c.Fields++
		switch f.State() {
		case Missing:
			c.Missing++
			continue
		case Outdated:
			c.Outdated++
		case Unmarked:
			c.Unmarked++
		}
		c.Translated++
	}
	return c
}

// Mark returns the sources section of a file that records its fields as
// current: every field whose path has one of prefixes gets the hash of its
// English text, and so does every translated field with no record yet when
// prefixes is empty. Other records of the fields are kept; records of
// paths that no longer exist or are no longer translated are dropped. The
// file's other records (existing), of kinds of text none of fields is
// (another loader's), are kept as they are. It also returns how many
// records it set.
func Mark(fields []Field, existing Sources, prefixes []string) (map[string]string, int) {
	out := map[string]string{}
	kinds := map[string]bool{}
	for _, f := range fields {
		kinds[kind(f.Path)] = true
	}
	for path, src := range existing {
		if !kinds[kind(path)] {
			out[path] = src.Hash
		}
	}
	set := 0
	for _, f := range fields {
		if !f.Translated && !(f.Present && matches(f.Path, prefixes)) {
			continue
		}
		h := f.Source
		switch {
		case len(prefixes) == 0 && h == "":
			h = Hash(f.English)
			set++
		case matches(f.Path, prefixes) && h != Hash(f.English):
			h = Hash(f.English)
			set++
		}
		if h != "" {
			out[f.Path] = h
		}
	}
	return out, set
}

// kind is the first part of a path: ui, codes, enhanced or pairs.
func kind(path string) string {
	k, _, _ := strings.Cut(path, "/")
	return k
}

// matches reports whether path is one of prefixes or lies under one.
func matches(path string, prefixes []string) bool {
	for _, p := range prefixes {
		p = strings.TrimSuffix(p, "/")
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// Unknown returns the prefixes that name no field, for a message.
func Unknown(fields []Field, prefixes []string) []string {
	var out []string
	for _, p := range prefixes {
		found := false
		for _, f := range fields {
			if matches(f.Path, []string{p}) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, p)
		}
	}
	return out
}

const header = "# The English each translation was made from, by path (a short hash of its text).\n" +
	"# Written by `make l10n-mark`; do not edit by hand.\n"

// Rewrite returns src, a language file, with its sources section replaced
// by one recording sources, sorted by path, at the end of the file.
func Rewrite(src []byte, sources map[string]string) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	var kept []string
	in := false
	for _, l := range lines {
		top := l != "" && l[0] != ' ' && l[0] != '\t' && l[0] != '#' && l[0] != '\n' && l[0] != '\r'
		switch {
		case strings.HasPrefix(l, SectionKey+":"):
			in = true
			continue
		case in && top:
			in = false
		case in:
			continue
		}
		kept = append(kept, l)
	}
	body := strings.TrimRight(strings.Join(kept, ""), "\n")
	body = strings.TrimRight(strings.TrimSuffix(body, strings.TrimRight(header, "\n")), "\n") + "\n"
	if len(sources) == 0 {
		return []byte(body)
	}
	paths := make([]string, 0, len(sources))
	for p := range sources {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	b.WriteString(body)
	b.WriteString("\n")
	b.WriteString(header)
	b.WriteString(SectionKey + ":\n")
	for _, p := range paths {
		fmt.Fprintf(&b, "  %s: %q\n", p, sources[p])
	}
	return b.Bytes()
}
