package site

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/diag"
)

// Output is a file of the site that is not a page: an asset, the sitemap,
// robots.txt, the JSON data.
type Output struct {
	File string // relative to the output folder, slash-separated
	From string // the input it is made from, for messages ("static/style.css"); "" for none
}

// owner is what writes one output file, as a message names it.
type owner struct {
	what      string // "code 250", "the home page of en"
	file      string // the input file that defines it, for the message's position
	line, col int
	fix       string // how to give it a file of its own
}

// at is the owner's position in the text of a message about another owner.
func (o owner) at(other owner) string {
	switch {
	case o.line > 0 && o.file == other.file:
		return fmt.Sprintf(" (line %d)", o.line)
	case o.line > 0:
		return fmt.Sprintf(" (%s:%d)", o.file, o.line)
	case o.file != "" && o.file != other.file:
		return fmt.Sprintf(" (%s)", o.file)
	}
	return ""
}

// titleFix says how to give the page of an entry another URL.
func titleFix(what string) string {
	return fmt.Sprintf("change the English title of %s, whose slug makes the page's URL", what)
}

// Check reports, before anything is written, every two pages of Plan, or
// a page and one of others, that would be written to the same file, or
// where one needs a folder by the name of the other's file: each would
// silently overwrite the other. dataFile names the code data in messages;
// each conflict names both entries with their lines. Files are compared
// ignoring case, as case-insensitive file systems (macOS, Windows) would
// store them.
//
// Pair pages are never listed: their paths are unique by construction
// (two distinct code numbers), so each other path is instead parsed as a
// pair path. The check thus takes time and memory in proportion to the
// codes, not to the pairs.
func Check(dataFile string, set *codes.Set, langs []string, others []Output) error {
	c := &checker{
		dataFile: dataFile,
		set:      set,
		enhanced: set.Enhanced,
		langs:    map[string]string{},
		files:    map[string]fileOwner{},
		dirs:     map[string]fileOwner{},
		reported: map[[2]string]bool{},
	}
	var distinct []string
	for _, lang := range langs {
		if prev, dup := c.langs[strings.ToLower(lang)]; dup {
			c.errs.Add(dataFile, 0, 0, "languages %q and %q differ only in case, so their pages would share folders; keep one of the two language files", prev, lang)
			continue
		}
		c.langs[strings.ToLower(lang)] = lang
		distinct = append(distinct, lang)
	}
	Plan(set, distinct, func(p Page) bool {
		switch p.Kind {
		case Pair, EnhancedPair:
			return true
		case Code:
			c.slug(p.A.Line, p.A.Col, fmt.Sprintf("code %d", p.A.Code), Slug(p.A))
		case Enhanced:
			c.slug(p.E.Line, p.E.Col, "enhanced code "+p.E.Code, EnhancedSlug(p.E))
		}
		c.add(p.File(), c.pageOwner(p))
		return true
	})
	for _, o := range others {
		c.add(o.File, owner{what: "the file " + o.File, file: o.From, fix: "rename the input it is made from"})
	}
	return c.errs.Err()
}

type fileOwner struct {
	file string // as given, not case-folded
	owner
}

type checker struct {
	dataFile string
	set      *codes.Set
	enhanced []*codes.Enhanced
	langs    map[string]string // case-folded tag -> tag
	files    map[string]fileOwner
	dirs     map[string]fileOwner // every folder a file needs -> the first file needing it
	reported map[[2]string]bool
	errs     diag.List
}

var slugRE = regexp.MustCompile(`^[a-z0-9_-]+$`)

// slug checks a slug of a set the loader did not build (tests, synthetic
// sites); the loader reports these at the title itself.
func (c *checker) slug(line, col int, what, s string) {
	if !slugRE.MatchString(s) || len(s) > codes.MaxSlug+len("x-7-999-") {
		c.errs.Add(c.dataFile, line, col, "%s: URL slug %q must be 1 to %d letters, digits, \"-\" or \"_\"; %s", what, s, codes.MaxSlug, titleFix(what))
	}
}

func (c *checker) pageOwner(p Page) owner {
	switch p.Kind {
	case Code:
		what := fmt.Sprintf("code %d", p.A.Code)
		return owner{what: what, file: c.dataFile, line: p.A.Line, col: p.A.Col, fix: titleFix(what)}
	case Enhanced:
		what := "enhanced code " + p.E.Code
		return owner{what: what, file: c.dataFile, line: p.E.Line, col: p.E.Col, fix: titleFix(what)}
	case Chooser:
		return owner{what: "the language chooser"}
	case NotFound:
		return owner{what: "the 404 page"}
	}
	return owner{what: fmt.Sprintf("the %s page of %s", p.Kind.Template(), p.Lang), fix: "name each language file by a tag of its own"}
}

// add records that o writes file, reporting any earlier owner of the same
// file, of a folder by that name or of a file by the name of a folder
// that file needs, and a pair page at the same path.
func (c *checker) add(file string, o owner) {
	key := strings.ToLower(file)
	if prev, ok := c.files[key]; ok {
		c.conflict(prev.owner, o, fmt.Sprintf("are both written to %s, so one would overwrite the other", file))
		return
	}
	if prev, ok := c.dirs[key]; ok {
		c.conflict(prev.owner, o, fmt.Sprintf("clash: %s needs the folder %s, where the other writes a file", prev.file, file))
	}
	for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
		if prev, ok := c.files[dir]; ok {
			c.conflict(prev.owner, o, fmt.Sprintf("clash: %s needs the folder %s, where the other writes a file", file, prev.file))
		}
		if _, ok := c.dirs[dir]; !ok {
			c.dirs[dir] = fileOwner{file: file, owner: o}
		}
	}
	c.files[key] = fileOwner{file: file, owner: o}
	if pair, ok := c.pairAt(key); ok {
		c.conflict(pair, o, fmt.Sprintf("are both written to %s, so one would overwrite the other", file))
	}
	if pair, ok := c.pairAt(key + "/index.html"); ok {
		c.conflict(pair, o, fmt.Sprintf("clash: the pair page needs the folder %s, where the other writes a file", file))
	}
	// A pair page needs the folders lang/ and lang/smtp/ (and
	// lang/smtp/enhanced/), which the language's other pages need too, so
	// the folder checks above cover them.
}

// conflict reports that a and b cannot both be written, at the position
// of the one defined in the data (or of b), naming both.
func (c *checker) conflict(a, b owner, problem string) {
	pair := [2]string{a.what, b.what}
	if c.reported[pair] {
		return // the same clash in another language
	}
	c.reported[pair] = true
	first, second := b, a
	if b.line == 0 && a.line > 0 {
		first, second = a, b
	}
	fix := first.fix
	if fix == "" {
		fix = second.fix
	}
	file := first.file
	if file == "" {
		file = c.dataFile // two pages of the site's own, such as two home pages
	}
	c.errs.Add(file, first.line, first.col, "%s and %s%s %s; %s",
		first.what, second.what, second.at(first), problem, fix)
}

var (
	pairRE         = regexp.MustCompile(`^smtp/([0-9]+)-vs-([0-9]+)/index\.html$`)
	enhancedPairRE = regexp.MustCompile(`^smtp/enhanced/x-([0-9]+)-([0-9]+)-vs-x-([0-9]+)-([0-9]+)/index\.html$`)
)

// pairAt reports whether key, a case-folded file path, is the file of a
// pair page Plan yields, and names the pair.
func (c *checker) pairAt(key string) (owner, bool) {
	lang, rest, ok := strings.Cut(key, "/")
	if !ok {
		return owner{}, false
	}
	if _, ok := c.langs[lang]; !ok {
		return owner{}, false
	}
	if m := pairRE.FindStringSubmatch(rest); m != nil {
		a, okA := c.code(m[1])
		b, okB := c.code(m[2])
		if !okA || !okB || a.Code >= b.Code {
			return owner{}, false
		}
		return owner{
			what: fmt.Sprintf("the page comparing %d (line %d) and %d (line %d)", a.Code, a.Line, b.Code, b.Line),
			file: c.dataFile,
		}, true
	}
	if m := enhancedPairRE.FindStringSubmatch(rest); m != nil {
		e, okE := c.enhancedCode(m[1], m[2])
		f, okF := c.enhancedCode(m[3], m[4])
		if !okE || !okF || slices.Index(c.enhanced, e) >= slices.Index(c.enhanced, f) {
			return owner{}, false
		}
		return owner{
			what: fmt.Sprintf("the page comparing %s (line %d) and %s (line %d)", e.Code, e.Line, f.Code, f.Line),
			file: c.dataFile,
		}, true
	}
	return owner{}, false
}

// number parses s as Plan writes numbers: decimal, no leading zeros.
func number(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && strconv.Itoa(n) == s
}

func (c *checker) code(s string) (*codes.Code, bool) {
	n, ok := number(s)
	if !ok {
		return nil, false
	}
	return c.set.Lookup(n)
}

func (c *checker) enhancedCode(subject, detail string) (*codes.Enhanced, bool) {
	s, okS := number(subject)
	d, okD := number(detail)
	if !okS || !okD {
		return nil, false
	}
	for _, e := range c.enhanced {
		if e.Subject == s && e.Detail == d {
			return e, true
		}
	}
	return nil, false
}
