package build_test

// Whole-site tests: build the real inputs into a temporary folder and crawl
// the result. The real site is built once per test binary (builtSite),
// shared by TestSite and TestSentencesTrueToModel, with a second build
// beside it for the reproducibility check; under -race they skip (see
// builtSite). Tests of other sites (the fixture under a sub-path, with
// pairs: related, failed builds) build the fixture in t.TempDir().

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"gopkg.in/yaml.v3"

	"smtpcodes/internal/build"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/site"
)

const (
	baseURL    = "https://example.org/"
	subPathURL = "https://example.org/docs/smtp/"
	fixture    = "../../testdata/codes.yaml"
)

// realData is the real code data.
const realData = "../../data/codes.yaml"

// siteConfig is a strict build of the real inputs into out.
func siteConfig(out, base string) build.Config {
	return build.Config{
		DataFile:    realData,
		TemplateDir: "../../templates",
		I18nDir:     "../../i18n",
		StaticDir:   "../../static",
		OutDir:      out,
		BaseURL:     base,
		Strict:      true,
	}
}

// shared is the one build of the real site that the whole-site tests
// share, and a second build of the same inputs, made at the same time,
// for the reproducibility check.
var shared struct {
	once  sync.Once
	dir   string // temporary folder holding the builds, removed by TestMain
	site  *siteTree
	err   error
	again chan error // the second build into dir/again, done
}

// fixtureUI is a folder of the real language files without their code
// texts, which the fixture's builds do not read: loading them is most of
// a small build's time. It holds the languages the fixture has texts for
// (testdata/text: English and Vietnamese), so that the fixture's site is
// translated in full; the real site's tests cover every language. TestMain
// makes it.
var fixtureUI string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "smtpcodes-ui-")
	if err == nil {
		fixtureUI = dir
		err = writeUIOnly("../../i18n", "../../testdata/text", dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if shared.again != nil {
		<-shared.again
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.RemoveAll(fixtureUI)
	os.Exit(code)
}

// writeUIOnly writes each language file of from that has a file of
// texts in texts into to, without the sections of code texts
// (l10n.TextKeys).
func writeUIOnly(from, texts, to string) error {
	files, err := filepath.Glob(filepath.Join(from, "*.yaml"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(texts, filepath.Base(f))); err != nil {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		if root := doc.Content[0]; root.Kind == yaml.MappingNode {
			var kept []*yaml.Node
			for i := 0; i+1 < len(root.Content); i += 2 {
				if !slices.Contains(l10n.TextKeys, root.Content[i].Value) {
					kept = append(kept, root.Content[i], root.Content[i+1])
				}
			}
			root.Content = kept
		}
		out, err := yaml.Marshal(&doc)
		if err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// builtSite builds the real site once per test binary and returns its
// crawl. It starts the second build of the reproducibility check (see
// TestSite) beside it. The whole-site tests read every page of a
// 95 MB site, which the race detector slows tenfold, and check no
// concurrency the fixture's builds do not: under -race they are skipped,
// and make test runs them without it.
func builtSite(t *testing.T) *siteTree {
	t.Helper()
	if raceEnabled {
		t.Skip("the whole-site checks run without -race (make test runs them so)")
	}
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "smtpcodes-site-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dir = dir
		shared.again = make(chan error, 1)
		go func() {
			_, err := build.Run(siteConfig(filepath.Join(dir, "again"), baseURL))
			shared.again <- err
			close(shared.again)
		}()
		out := filepath.Join(dir, "public")
		if _, err := build.Run(siteConfig(out, baseURL)); err != nil {
			shared.err = fmt.Errorf("build.Run: %w", err)
			return
		}
		shared.site, shared.err = crawl(out, baseURL)
	})
	if shared.err != nil {
		t.Fatalf("building the site: %v", shared.err)
	}
	return shared.site
}

// siteTree is everything the checks need from one built site, gathered in a
// single pass over the output folder.
type siteTree struct {
	dir   string
	base  *url.URL
	files map[string]bool  // every file, slash-separated, relative to dir
	pages map[string]*page // every .html file by its path relative to dir
}

// page is what one HTML file holds.
type page struct {
	file      string // "en/smtp/552-exceeded-storage/index.html"
	raw       []byte
	parseErr  error
	doctype   bool
	hasLang   bool
	lang      string
	titles    []string
	descs     []string // content of each meta description
	canonical []string
	alts      []alternate // <link rel="alternate" hreflang>
	refs      []ref       // every href and src
	loads     []string    // the stylesheets and scripts the page loads
	ids       map[string]int
	problems  []string // unresolved or mangled text, found while walking
}

type alternate struct{ lang, href string }

type ref struct {
	tag, attr, value string
}

func (r ref) String() string { return fmt.Sprintf("<%s %s=%q>", r.tag, r.attr, r.value) }

// pagePath is the URL path of a page file relative to the site root:
// "en/smtp/" for "en/smtp/index.html", "" for the chooser.
func pagePath(file string) string {
	if file == "index.html" || strings.HasSuffix(file, "/index.html") {
		return strings.TrimSuffix(file, "index.html")
	}
	return file
}

// url is the absolute URL of a page file.
func (s *siteTree) url(file string) string { return s.base.String() + pagePath(file) }

// isPage reports whether file is one of the site's pages: a folder's
// index.html, or the 404 page.
func isPage(file string) bool {
	return file == "404.html" || path.Base(file) == "index.html"
}

// pageLang is the language a page is in, from its folder; the chooser and
// the 404 page address every language and are marked English.
func pageLang(file string) string {
	if dir, _, ok := strings.Cut(file, "/"); ok {
		return dir
	}
	return i18n.Default
}

func crawl(dir, base string) (*siteTree, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	s := &siteTree{dir: dir, base: u, files: map[string]bool{}, pages: map[string]*page{}}
	var htmlFiles []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		s.files[rel] = true
		if strings.HasSuffix(rel, ".html") {
			htmlFiles = append(htmlFiles, rel)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Parse in parallel: each page is independent until the checks.
	pages := make([]*page, len(htmlFiles))
	errs := make([]error, len(htmlFiles))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, rel := range htmlFiles {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
			if err != nil {
				errs[i] = err
				return
			}
			pages[i] = parsePage(rel, raw)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, p := range pages {
		s.pages[p.file] = p
	}
	return s, nil
}

// sortedPages returns the pages in file order, so failures come out in a
// stable order.
func (s *siteTree) sortedPages() []*page {
	out := make([]*page, 0, len(s.pages))
	for _, p := range s.pages {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *page) int { return strings.Compare(a.file, b.file) })
	return out
}

// inline elements continue the text around them; any other element ends a
// run of words, so words in two table cells or list items are never
// "doubled".
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true,
	atom.Cite: true, atom.Data: true, atom.Dfn: true, atom.Em: true, atom.I: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true,
	atom.Small: true, atom.Span: true, atom.Strong: true, atom.Sub: true,
	atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true,
}

// placeholderRE matches a placeholder of the language files left unfilled.
var placeholderRE = regexp.MustCompile(`\{[a-z_0-9]+\}`)

// allowedDoubles lists, lower-case, repeated words that a language uses on
// purpose (reduplication, such as Vietnamese "từ từ"). Add to it only after
// reading the sentence.
var allowedDoubles = map[string]bool{
	"chung chung": true, // Vietnamese: vague, too general ("quá chung chung")
	"song song":   true, // Vietnamese: side by side, parallel ("so sánh song song")
	// German: a relative pronoun before an article ("die Erweiterung, die
	// die Warteschlange leert"), and formal "Sie" before "sie" ("übergeben
	// Sie sie einem Server").
	"die die": true, "das das": true, "der der": true, "den den": true, "dem dem": true,
	"sie sie": true,
	// French: a reflexive verb with "vous" or "nous" ("vous vous
	// authentifiez").
	"vous vous": true, "nous nous": true,
}

// badStrings never belong in generated output: "<no value>" is a missing
// template value, "%!" a fmt verb mistake, ZgotmplZ html/template's
// replacement for an unsafe value.
var badStrings = []string{"<no value>", "&lt;no value&gt;", "%!", "ZgotmplZ"}

// voids are the elements that have no end tag.
var voids = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// parsePage reads a page in one pass of the HTML tokenizer, without
// building a tree: the generator writes well-formed HTML, so a stack of open
// elements is all the context the checks need (whether text is inside code
// or a script, where a run of words ends). A tokenizer error other than the
// end of input, or an end tag that closes no open element, is a parse error.
func parsePage(file string, raw []byte) *page {
	p := &page{file: file, raw: raw, ids: map[string]int{}}
	w := &walker{p: p}
	z := html.NewTokenizer(bytes.NewReader(raw))
	var stack []atom.Atom
	code, skip := 0, 0 // open <code>/<pre>, open <script>/<style>
	var title *strings.Builder
	var attrs []attribute
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				p.parseErr = err
			}
			w.endRun()
			return p
		case html.DoctypeToken:
			p.doctype = strings.EqualFold(string(z.Text()), "html")
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text())
			if title != nil {
				title.WriteString(text)
			}
			w.checkText("text", text, code > 0)
			if code > 0 {
				w.scan.brk()
			} else {
				w.scan.text(text)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			a := atom.Lookup(name)
			attrs = attrs[:0]
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, attribute{string(k), string(v)})
			}
			tag := string(name)
			w.element(a, tag, attrs)
			isCode := a == atom.Code || a == atom.Pre
			if !inline[a] || isCode {
				w.endRun()
			}
			if voids[a] || tt == html.SelfClosingTagToken {
				continue
			}
			stack = append(stack, a)
			switch a {
			case atom.Code, atom.Pre:
				code++
			case atom.Script, atom.Style:
				skip++
			case atom.Title:
				title = &strings.Builder{}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			i := len(stack) - 1
			for i >= 0 && stack[i] != a {
				i--
			}
			if i < 0 {
				if p.parseErr == nil {
					p.parseErr = fmt.Errorf("end tag </%s> closes no open element", name)
				}
				continue
			}
			for _, open := range stack[i:] {
				switch open {
				case atom.Code, atom.Pre:
					code--
				case atom.Script, atom.Style:
					skip--
				}
			}
			stack = stack[:i]
			if a == atom.Title && title != nil {
				p.titles = append(p.titles, title.String())
				title = nil
			}
			if !inline[a] || a == atom.Code || a == atom.Pre {
				w.endRun()
			}
		}
	}
}

type attribute struct{ key, val string }

type walker struct {
	p    *page
	scan wordScan
}

func attr(attrs []attribute, key string) (string, bool) {
	for _, a := range attrs {
		if a.key == key {
			return a.val, true
		}
	}
	return "", false
}

// endRun ends a run of text and keeps what the scan found.
func (w *walker) endRun() {
	w.p.problems = append(w.p.problems, w.scan.found...)
	w.scan.found = nil
	w.scan.brk()
}

func (w *walker) element(a atom.Atom, tag string, attrs []attribute) {
	p := w.p
	if id, ok := attr(attrs, "id"); ok {
		p.ids[id]++
	}
	for _, key := range []string{"href", "src"} {
		if v, ok := attr(attrs, key); ok {
			p.refs = append(p.refs, ref{tag: tag, attr: key, value: v})
		}
	}
	for _, key := range []string{"title", "aria-label", "alt"} {
		if v, ok := attr(attrs, key); ok {
			w.checkText("<"+tag+" "+key+">", v, false)
			w.checkWords("<"+tag+" "+key+">", v)
		}
	}
	switch a {
	case atom.Script:
		if src, ok := attr(attrs, "src"); ok {
			p.loads = append(p.loads, src)
		}
	case atom.Html:
		p.lang, p.hasLang = attr(attrs, "lang")
	case atom.Meta:
		content, _ := attr(attrs, "content")
		w.checkText("<meta content>", content, false)
		if name, _ := attr(attrs, "name"); strings.EqualFold(name, "description") {
			p.descs = append(p.descs, content)
			w.checkWords("<meta description>", content)
		}
	case atom.Link:
		rel, _ := attr(attrs, "rel")
		href, _ := attr(attrs, "href")
		rels := strings.Fields(strings.ToLower(rel))
		if slices.Contains(rels, "canonical") {
			p.canonical = append(p.canonical, href)
		}
		if slices.Contains(rels, "stylesheet") {
			p.loads = append(p.loads, href)
		}
		if lang, ok := attr(attrs, "hreflang"); ok && slices.Contains(rels, "alternate") {
			p.alts = append(p.alts, alternate{lang: lang, href: href})
		}
	}
}

// checkText reports unresolved template or translation output in s.
func (w *walker) checkText(where, s string, inCode bool) {
	for _, bad := range []string{"<no value>", "%!", "ZgotmplZ"} {
		if strings.Contains(s, bad) {
			w.p.problems = append(w.p.problems, fmt.Sprintf("%s contains %q: %q", where, bad, snippet(s, strings.Index(s, bad))))
		}
	}
	if inCode {
		return
	}
	if loc := placeholderRE.FindStringIndex(s); loc != nil {
		w.p.problems = append(w.p.problems, fmt.Sprintf("%s has the unfilled placeholder %s: %q", where, s[loc[0]:loc[1]], snippet(s, loc[0])))
	}
}

// checkWords looks for doubled words in one attribute value.
func (w *walker) checkWords(where string, s string) {
	var sc wordScan
	sc.text(s)
	for _, d := range sc.found {
		w.p.problems = append(w.p.problems, where+": "+d)
	}
}

func snippet(s string, at int) string {
	start := max(at-30, 0)
	end := min(at+40, len(s))
	for start > 0 && !utf8Start(s[start]) {
		start--
	}
	for end < len(s) && !utf8Start(s[end]) {
		end++
	}
	return strings.Join(strings.Fields(s[start:end]), " ")
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// wordScan finds a word repeated right after itself ("when when"),
// ignoring case. Only letters make words; a token with a digit is ignored
// and, like any punctuation, ends the run, so "250 250" or "fix. Fix" pass.
type wordScan struct {
	prev    string
	context []byte // the run's text so far, for messages
	found   []string
}

func (s *wordScan) brk() {
	s.prev = ""
	s.context = s.context[:0]
}

func (s *wordScan) text(t string) {
	base := len(s.context)
	s.context = append(s.context, t...)
	start, digit := -1, false
	wordChar := func(r rune) (letter, num bool) {
		if r < utf8.RuneSelf {
			return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z', '0' <= r && r <= '9'
		}
		return unicode.IsLetter(r) || unicode.IsMark(r), unicode.IsDigit(r)
	}
	for i, r := range t {
		letter, num := wordChar(r)
		if (r == '.' || r == '-') && start >= 0 && i+1 < len(t) {
			// A dot between letters joins a dotted name (a host name,
			// mail.example) into one word, and a hyphen a compound or a
			// verb with its pronoun (e-mail, entregue-a: "entregue-a a
			// um servidor" doubles no word).
			next, _ := utf8.DecodeRuneInString(t[i+1:])
			if l, n := wordChar(next); l || n {
				continue
			}
		}
		if letter || num {
			if start < 0 {
				start = i
			}
			digit = digit || num
			continue
		}
		if start >= 0 {
			s.word(t[start:i], digit, base+i)
			start, digit = -1, false
		}
		if !unicode.IsSpace(r) {
			s.prev = ""
		}
	}
	if start >= 0 {
		s.word(t[start:], digit, len(s.context))
	}
}

// word takes the next word of the run, which ends at byte end of the
// context.
func (s *wordScan) word(word string, digit bool, end int) {
	if digit {
		s.prev = ""
		return
	}
	if s.prev != "" && strings.EqualFold(s.prev, word) && !allowedDoubles[strings.ToLower(s.prev+" "+word)] {
		ctx := []rune(string(s.context[:end]))
		ctx = ctx[max(len(ctx)-70, 0):]
		s.found = append(s.found, fmt.Sprintf("doubled word %q in %q", s.prev+" "+word, strings.Join(strings.Fields(string(ctx)), " ")))
	}
	s.prev = word
}

// maxErrors caps the failures one check reports: a template mistake
// repeats on every page, and the first ones say all there is to say.
const maxErrors = 30

// errs reports the failures of one check, at most maxErrors of them.
type errs struct {
	t testing.TB
	n int
}

func newErrs(t testing.TB) *errs {
	e := &errs{t: t}
	t.Cleanup(func() {
		if e.n > maxErrors {
			t.Errorf("... and %d more failures", e.n-maxErrors)
		}
	})
	return e
}

func (e *errs) Errorf(format string, args ...any) {
	e.t.Helper()
	if e.n++; e.n <= maxErrors {
		e.t.Errorf(format, args...)
	}
}

// inputs loads the real catalogs and data the site is built from.
func inputs(t *testing.T) (*i18n.Catalog, *codes.Set) {
	t.Helper()
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		t.Fatal(err)
	}
	files := make([]string, len(cat.Langs))
	for i, lang := range cat.Langs {
		files[i] = cat.File(lang)
	}
	set, err := codes.Load(realData, files)
	if err != nil {
		t.Fatal(err)
	}
	return cat, set
}

// fixtureInputs loads the catalogs and data of fixtureConfig's builds.
func fixtureInputs(t *testing.T) (*i18n.Catalog, *codes.Set) {
	t.Helper()
	cat, err := i18n.Load(fixtureUI)
	if err != nil {
		t.Fatal(err)
	}
	set, err := codes.Load(fixture, []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return cat, set
}

// TestSite crawls a strict build of the real inputs: page count, heads,
// hreflang, links, sitemap, leftover template text, language coverage,
// and compares it byte for byte with a second build of the same inputs,
// made at the same time.
func TestSite(t *testing.T) {
	s := builtSite(t)
	cat, set := inputs(t)
	checkSite(t, s, cat, set, site.AllPairs)

	t.Run("reproducible", func(t *testing.T) {
		if err := <-shared.again; err != nil {
			t.Fatalf("second build.Run: %v", err)
		}
		compareTrees(t, s.dir, filepath.Join(shared.dir, "again"))
	})
}

// TestSubPath builds the fixture for a site under a sub-path: every link
// resolves under it, and every head and the host headers name it.
func TestSubPath(t *testing.T) {
	e := newErrs(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(fixture, out)
	cfg.BaseURL = subPathURL
	if _, err := build.Run(cfg); err != nil {
		t.Fatalf("build.Run with BaseURL %q: %v", subPathURL, err)
	}
	sub, err := crawl(out, subPathURL)
	if err != nil {
		t.Fatal(err)
	}
	checkLinks(e, sub)
	for _, p := range sub.sortedPages() {
		checkHead(e, sub, p, []string{"en", "vi"})
	}
	checkHeaders(t, sub)
}

// checkSite runs, as subtests, the checks that every build of the real
// inputs passes: s is the crawl of a build with the pair pages pairs
// selects.
func checkSite(t *testing.T, s *siteTree, cat *i18n.Catalog, set *codes.Set, pairs site.Pairs) {
	langs := cat.Langs

	t.Run("page count", func(t *testing.T) {
		e := newErrs(t)
		n := 0
		for f := range s.files {
			if isPage(f) {
				n++
			}
		}
		if want := pairs.Count(set, langs); n != want {
			e.Errorf("the output has %d pages (index.html files and 404.html); want site.Pairs(%v).Count = %d",
				n, pairs, want)
		}
		if pairs == site.AllPairs && n != site.PageCount(len(set.Codes), len(set.Enhanced), len(langs)) {
			e.Errorf("the output has %d pages; want site.PageCount(%d, %d, %d) = %d",
				n, len(set.Codes), len(set.Enhanced), len(langs), site.PageCount(len(set.Codes), len(set.Enhanced), len(langs)))
		}
	})

	t.Run("pages", func(t *testing.T) {
		e := newErrs(t)
		for _, p := range s.sortedPages() {
			checkHead(e, s, p, langs)
		}
	})

	t.Run("hreflang reciprocal", func(t *testing.T) {
		e := newErrs(t)
		for _, p := range s.sortedPages() {
			if p.file == "index.html" || p.file == "404.html" {
				continue // the chooser and the 404 page have no language of their own
			}
			for _, a := range p.alts {
				if a.lang == "x-default" {
					continue
				}
				q := s.pages[s.fileOfURL(a.href)]
				if q == nil {
					e.Errorf("%s: hreflang %q points at %s, which is not a page of the site", p.file, a.lang, a.href)
					continue
				}
				back := q.alt(p.lang)
				if len(back) != 1 || back[0] != s.url(p.file) {
					e.Errorf("%s lists hreflang %q -> %s, but %s lists hreflang %q -> %v; want [%s]",
						p.file, a.lang, a.href, q.file, p.lang, back, s.url(p.file))
				}
				if q.lang != a.lang {
					e.Errorf("%s: hreflang %q points at %s, whose <html lang> is %q", p.file, a.lang, q.file, q.lang)
				}
			}
		}
	})

	t.Run("links", func(t *testing.T) {
		e := newErrs(t)
		checkLinks(e, s)
	})

	// A page, with the stylesheets and scripts it loads, stays under 30 KB
	// before compression, so a reader on a phone gets it in one round of
	// requests. The search code and its styles load when the reader first
	// uses the search box, and are not part of loading a page.
	t.Run("page weight", func(t *testing.T) {
		e := newErrs(t)
		const budget = 30_000
		assets := map[string]int{}
		heaviest, most := "", 0
		for _, p := range s.sortedPages() {
			total := len(p.raw)
			for _, l := range p.loads {
				f := s.fileOfRef(p.file, l)
				if f == "" {
					e.Errorf("%s: loads %s, which is not a file of the site", p.file, l)
					continue
				}
				size, ok := assets[f]
				if !ok {
					fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(f)))
					if err != nil {
						t.Fatal(err)
					}
					size = int(fi.Size())
					assets[f] = size
				}
				total += size
			}
			if total > most {
				heaviest, most = p.file, total
			}
			if total > budget {
				e.Errorf("%s: %d bytes of HTML (%d), CSS and JavaScript; the budget is %d. Shorten what the page repeats, or move styles and script it does not need out of what it loads", p.file, total, len(p.raw), budget)
			}
		}
		t.Logf("heaviest page: %s, %d bytes with its CSS and JavaScript", heaviest, most)
	})

	t.Run("404 page", func(t *testing.T) {
		e := newErrs(t)
		nf := s.pages["404.html"]
		if nf == nil {
			t.Fatal("no 404.html in the output")
		}
		for _, lang := range langs {
			home := s.base.Path + site.HomePath(lang)
			if !slices.ContainsFunc(nf.refs, func(r ref) bool { return r.tag == "a" && r.value == home }) {
				e.Errorf("404.html has no link to the %s home page %s", lang, home)
			}
		}
		for _, p := range s.sortedPages() {
			for _, r := range p.refs {
				if r.tag == "a" && !strings.HasPrefix(r.value, "#") && s.fileOfRef(p.file, r.value) == "404.html" {
					e.Errorf("%s: %v links to the not-found page", p.file, r)
				}
			}
		}
	})

	t.Run("sitemap", func(t *testing.T) {
		e := newErrs(t)
		checkSitemap(t, e, s)
	})

	t.Run("no leftover text", func(t *testing.T) {
		e := newErrs(t)
		for _, p := range s.sortedPages() {
			for _, bad := range badStrings {
				if i := bytes.Index(p.raw, []byte(bad)); i >= 0 {
					e.Errorf("%s contains %q: %q", p.file, bad, snippet(string(p.raw), i))
				}
			}
			for _, msg := range p.problems {
				e.Errorf("%s: %s", p.file, msg)
			}
		}
		for _, name := range []string{"sitemap.xml", "robots.txt", "_headers"} {
			data, err := os.ReadFile(filepath.Join(s.dir, name))
			if err != nil {
				t.Error(err)
				continue
			}
			for _, bad := range badStrings {
				if bytes.Contains(data, []byte(bad)) {
					e.Errorf("%s contains %q", name, bad)
				}
			}
			if m := placeholderRE.Find(data); m != nil {
				e.Errorf("%s contains the unfilled placeholder %s", name, m)
			}
		}
	})

	t.Run("every language has every page", func(t *testing.T) {
		e := newErrs(t)
		byLang := map[string][]string{}
		for f := range s.files {
			if path.Base(f) == "index.html" && f != "index.html" {
				lang := pageLang(f)
				byLang[lang] = append(byLang[lang], f)
			}
		}
		for lang := range byLang {
			if !slices.Contains(langs, lang) {
				e.Errorf("the output has a folder %s/ with pages, but %q is not a language of ../../i18n (%v)", lang, lang, langs)
			}
		}
		for _, lang := range langs {
			if len(byLang[lang]) == 0 {
				e.Errorf("language %s has no pages", lang)
			}
		}
		for _, from := range langs {
			sort.Strings(byLang[from])
			for _, f := range byLang[from] {
				for _, to := range langs {
					if other := to + strings.TrimPrefix(f, from); !s.files[other] {
						e.Errorf("%s has no %s counterpart %s", f, to, other)
					}
				}
			}
		}
	})

	// The enhanced index of each language links every enhanced code page
	// of that language, so a reader reaches each one without searching.
	t.Run("enhanced index reaches every enhanced page", func(t *testing.T) {
		e := newErrs(t)
		linked := map[string]map[string]bool{}
		for _, lang := range langs {
			idx := s.pages[site.Page{Path: site.EnhancedIndexPath(lang)}.File()]
			if idx == nil {
				e.Errorf("%s: no enhanced index", site.EnhancedIndexPath(lang))
				continue
			}
			linked[lang] = map[string]bool{}
			for _, r := range idx.refs {
				if r.attr == "href" {
					linked[lang][s.fileOfRef(idx.file, r.value)] = true
				}
			}
		}
		n := 0
		site.Plan(set, langs, func(p site.Page) bool {
			if p.Kind == site.Enhanced {
				n++
				if l := linked[p.Lang]; l != nil && !l[p.File()] {
					e.Errorf("%s does not link %s", site.EnhancedIndexPath(p.Lang), p.File())
				}
			}
			return true
		})
		if n == 0 {
			t.Error("the plan has no enhanced pages; the check matched nothing")
		}
	})

	checkPublished(t, s, set, langs, pairs)
}

// alt returns the hrefs a page gives for hreflang lang.
func (p *page) alt(lang string) []string {
	var out []string
	for _, a := range p.alts {
		if a.lang == lang {
			out = append(out, a.href)
		}
	}
	return out
}

// checkHead checks that p parses and carries the head every page needs.
func checkHead(e *errs, s *siteTree, p *page, langs []string) {
	if p.parseErr != nil {
		e.Errorf("%s does not parse as HTML: %v", p.file, p.parseErr)
		return
	}
	if !p.doctype {
		e.Errorf("%s has no <!DOCTYPE html>", p.file)
	}
	if want := pageLang(p.file); !p.hasLang || p.lang != want {
		e.Errorf("%s: <html lang> = %q (present: %v); want %q", p.file, p.lang, p.hasLang, want)
	}
	if len(p.titles) != 1 || strings.TrimSpace(p.titles[0]) == "" {
		e.Errorf("%s: titles = %q; want one non-empty <title>", p.file, p.titles)
	}
	if len(p.descs) != 1 || strings.TrimSpace(p.descs[0]) == "" {
		e.Errorf("%s: meta descriptions = %q; want one, not empty", p.file, p.descs)
	}
	for id, n := range p.ids {
		if n > 1 {
			e.Errorf("%s: id %q is used %d times", p.file, id, n)
		}
	}
	if p.file == "404.html" {
		if len(p.canonical) != 0 {
			e.Errorf("404.html has canonical links %q; want none, it is served at any missing address", p.canonical)
		}
		return
	}
	if want := s.url(p.file); len(p.canonical) != 1 || p.canonical[0] != want {
		e.Errorf("%s: canonical links = %q; want [%s]", p.file, p.canonical, want)
	}
	for _, want := range append(slices.Clone(langs), "x-default") {
		if got := p.alt(want); len(got) != 1 {
			e.Errorf("%s: hreflang %q alternates = %q; want exactly one", p.file, want, got)
		}
	}
	for _, a := range p.alts {
		if a.lang != "x-default" && !slices.Contains(langs, a.lang) {
			e.Errorf("%s: hreflang %q -> %s is not a language of the site %v", p.file, a.lang, a.href, langs)
		}
		if !strings.HasPrefix(a.href, s.base.String()) {
			e.Errorf("%s: hreflang %q -> %s is not an absolute URL under %s", p.file, a.lang, a.href, s.base)
		}
	}
	if p.file != "index.html" {
		if self := p.alt(p.lang); len(self) != 1 || self[0] != s.url(p.file) {
			e.Errorf("%s: hreflang %q (its own language) -> %q; want [%s]", p.file, p.lang, self, s.url(p.file))
		}
	}
}

// resolve classifies a reference on page from. For a link into the site it
// returns the output file it names ("x/" -> "x/index.html") and its
// fragment; external is true for http(s) links to other hosts.
func (s *siteTree) resolve(from, value string) (file, frag string, external bool, err error) {
	u, err := url.Parse(value)
	if err != nil {
		return "", "", false, err
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme != "http" && u.Scheme != "https" {
			return "", "", false, fmt.Errorf("scheme %q; want http or https", u.Scheme)
		}
		if u.Host != s.base.Host {
			return "", "", true, nil
		}
		if u.Scheme != s.base.Scheme {
			return "", "", false, fmt.Errorf("links to its own site with %s, not %s", u.Scheme, s.base.Scheme)
		}
	}
	if value == "" {
		return "", "", false, errors.New("empty link")
	}
	if strings.HasPrefix(value, "#") {
		return from, u.Fragment, false, nil
	}
	abs := s.base.ResolveReference(&url.URL{Path: from}).ResolveReference(u)
	rel, ok := strings.CutPrefix(abs.Path, s.base.Path)
	if !ok {
		return "", "", false, fmt.Errorf("leaves the base path %s (resolves to %s)", s.base.Path, abs.Path)
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if !s.files[rel] {
		return "", "", false, fmt.Errorf("no file %s in the output", rel)
	}
	return rel, u.Fragment, false, nil
}

// fileOfRef is the output file a reference names, or "" if it names none.
func (s *siteTree) fileOfRef(from, value string) string {
	file, _, _, err := s.resolve(from, value)
	if err != nil {
		return ""
	}
	return file
}

// fileOfURL is the output file an absolute URL of the site names.
func (s *siteTree) fileOfURL(u string) string { return s.fileOfRef("index.html", u) }

// checkLinks checks every href and src of every page: each resolves,
// from the page's address, to a file of the site under its base path (or
// leaves for another site), and every fragment names an element there.
// The 404 page, served at any missing address, links from the root.
func checkLinks(e *errs, s *siteTree) {
	external := 0
	for _, p := range s.sortedPages() {
		for _, r := range p.refs {
			file, frag, ext, err := s.resolve(p.file, r.value)
			if err != nil {
				e.Errorf("%s: %v: %v", p.file, r, err)
				continue
			}
			if ext {
				external++
				continue
			}
			relative := !strings.HasPrefix(r.value, "#") && !strings.HasPrefix(r.value, "/") && !strings.Contains(r.value, "://")
			if relative && p.file == "404.html" {
				e.Errorf("404.html: %v is relative, but 404.html is served at any missing address", r)
			}
			if frag == "" && strings.HasPrefix(r.value, "#") {
				e.Errorf("%s: %v is an empty fragment", p.file, r)
			}
			if frag != "" {
				target := s.pages[file]
				if target == nil || target.ids[frag] == 0 {
					e.Errorf("%s: %v: %s has no element with id %q", p.file, r, file, frag)
				}
			}
		}
	}
	e.t.Logf("%d pages; %d links to other sites not fetched", len(s.pages), external)
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc   string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

// readSitemap returns the urlsets of sitemap.xml: itself, or the parts it
// lists when it is an index.
func readSitemap(t *testing.T, e *errs, s *siteTree) map[string]*urlset {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dir, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var root struct{ XMLName xml.Name }
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatalf("sitemap.xml does not parse: %v", err)
	}
	sets := map[string]*urlset{}
	parse := func(name string, data []byte) {
		var us urlset
		if err := xml.Unmarshal(data, &us); err != nil {
			t.Fatalf("%s does not parse as a sitemaps.org urlset: %v", name, err)
		}
		// What search engines and hosts take of one file.
		if len(data) > site.MaxSitemapBytes || len(us.URLs) > site.MaxSitemapURLs {
			e.Errorf("%s has %d bytes and %d URLs; a file of the sitemap holds at most %d bytes and %d URLs", name, len(data), len(us.URLs), site.MaxSitemapBytes, site.MaxSitemapURLs)
		}
		sets[name] = &us
	}
	if root.XMLName.Local != "sitemapindex" {
		parse("sitemap.xml", data)
		return sets
	}
	var idx sitemapIndex
	if err := xml.Unmarshal(data, &idx); err != nil {
		t.Fatalf("sitemap.xml does not parse as a sitemap index: %v", err)
	}
	for _, sm := range idx.Sitemaps {
		name := s.fileOfURL(sm.Loc)
		if name == "" {
			e.Errorf("sitemap.xml lists %s, which is not a file of the output", sm.Loc)
			continue
		}
		part, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		parse(name, part)
	}
	return sets
}

func checkSitemap(t *testing.T, e *errs, s *siteTree) {
	t.Helper()
	want := map[string]*page{}
	for _, p := range s.pages {
		if path.Base(p.file) == "index.html" {
			want[s.url(p.file)] = p
		}
	}
	seen := map[string]string{}
	for name, us := range readSitemap(t, e, s) {
		for _, u := range us.URLs {
			if prev, dup := seen[u.Loc]; dup {
				e.Errorf("%s lists %s twice (also in %s)", name, u.Loc, prev)
				continue
			}
			seen[u.Loc] = name
			p := want[u.Loc]
			if p == nil {
				e.Errorf("%s lists %s, which is not a page of the output (index.html files only)", name, u.Loc)
				continue
			}
			if len(u.Links) == 0 {
				e.Errorf("%s: <url> %s has no xhtml:link alternates; its page %s has %d", name, u.Loc, p.file, len(p.alts))
				continue
			}
			var got, head []string
			for _, l := range u.Links {
				if l.Rel != "alternate" {
					e.Errorf("%s: <url> %s: xhtml:link rel=%q; want \"alternate\"", name, u.Loc, l.Rel)
				}
				got = append(got, l.Hreflang+" "+l.Href)
			}
			for _, a := range p.alts {
				head = append(head, a.lang+" "+a.href)
			}
			sort.Strings(got)
			sort.Strings(head)
			if !slices.Equal(got, head) {
				e.Errorf("%s: <url> %s alternates = %q; want the alternates of %s: %q", name, u.Loc, got, p.file, head)
			}
		}
	}
	for loc, p := range want {
		if _, ok := seen[loc]; !ok {
			e.Errorf("the sitemap does not list %s (%s)", loc, p.file)
		}
	}
}

// fileSum is a file's mode and a hash of its bytes.
type fileSum struct {
	mode fs.FileMode
	sum  string
}

// treeSums hashes every file and folder below dir, by slash path.
func treeSums(t *testing.T, dir string) map[string]fileSum {
	t.Helper()
	out := map[string]fileSum{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fsum := fileSum{mode: info.Mode()}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(data)
			fsum.sum = hex.EncodeToString(h[:])
		}
		out[filepath.ToSlash(rel)] = fsum
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compareTrees fails unless dirs a and b hold the same files with the same
// bytes and modes.
func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	sa, sb := treeSums(t, a), treeSums(t, b)
	diffs := 0
	report := func(format string, args ...any) {
		if diffs++; diffs <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, name := range sortedKeys(sa) {
		fb, ok := sb[name]
		switch {
		case !ok:
			report("%s is in %s but not in %s", name, a, b)
		case fb.mode != sa[name].mode:
			report("%s: mode %v in %s, %v in %s", name, sa[name].mode, a, fb.mode, b)
		case fb.sum != sa[name].sum:
			report("%s differs between %s and %s", name, a, b)
		}
	}
	for _, name := range sortedKeys(sb) {
		if _, ok := sa[name]; !ok {
			report("%s is in %s but not in %s", name, b, a)
		}
	}
	if diffs > 20 {
		t.Errorf("... and %d more differences", diffs-20)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fixtureConfig is a build of the three-code fixture; it is not strict, so
// the tests that use it do not depend on the state of the translations.
func fixtureConfig(data, out string) build.Config {
	texts := filepath.Join(filepath.Dir(data), "text")
	if _, err := os.Stat(texts); err != nil {
		texts = "../../testdata/text"
	}
	return build.Config{
		DataFile:    data,
		TemplateDir: "../../templates",
		I18nDir:     fixtureUI,
		TextDir:     texts,
		StaticDir:   "../../static",
		OutDir:      out,
		BaseURL:     baseURL,
	}
}

// copyFixture copies the fixture's data and texts into a folder of their
// own, for a test to change, and returns the data file's path; the texts
// are in text/ beside it, where fixtureConfig finds them.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "text"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"codes.yaml", "text/en.yaml", "text/vi.yaml"} {
		src, err := os.ReadFile(filepath.Join("../../testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "codes.yaml")
}

// editFixture replaces old by replacement in the one file of the copied
// fixture (data or texts) that holds it.
func editFixture(t *testing.T, data, old, replacement string) {
	t.Helper()
	dir := filepath.Dir(data)
	for _, f := range []string{data, filepath.Join(dir, "text", "en.yaml"), filepath.Join(dir, "text", "vi.yaml")} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), old) {
			if err := os.WriteFile(f, []byte(strings.Replace(string(src), old, replacement, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("the fixture lacks %q", old)
}

// TestFailedBuildKeepsOutput makes builds fail, before and while writing,
// and checks that the previous output is left exactly as it was, with no
// staging folder beside it.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		// broken returns a config that must fail, and a text its error must contain.
		broken func(t *testing.T, out string) (build.Config, string)
	}{
		{"malformed data", func(t *testing.T, out string) (build.Config, string) {
			bad := filepath.Join(t.TempDir(), "codes.yaml")
			// An unclosed flow sequence is a YAML syntax error.
			data := bytes.Replace(src, []byte("codes:\n"), []byte("codes: [\n"), 1)
			if bytes.Equal(data, src) {
				t.Fatalf("%s has no line \"codes:\" to break", fixture)
			}
			if err := os.WriteFile(bad, data, 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := fixtureConfig(bad, out)
			return cfg, bad
		}},
		{"template fails while rendering", func(t *testing.T, out string) (build.Config, string) {
			dir := t.TempDir()
			entries, err := os.ReadDir("../../templates")
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join("../../templates", e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if e.Name() == "pair.html" {
					// Parses and passes render.New's checks, but fails when
					// the first pair page is rendered, after other pages
					// have been written to the staging tree.
					data = []byte(`{{define "main"}}{{.NoSuchFieldOfPageData}}{{end}}`)
				}
				if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := fixtureConfig(fixture, out)
			cfg.TemplateDir = dir
			return cfg, "NoSuchFieldOfPageData"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			if _, err := build.Run(fixtureConfig(fixture, out)); err != nil {
				t.Fatalf("first build.Run: %v", err)
			}
			before := treeSums(t, out)
			cfg, want := tc.broken(t, out)
			_, err := build.Run(cfg)
			if err == nil {
				t.Fatal("build.Run with broken input succeeded; want an error")
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("build.Run error = %v; want it to mention %q", err, want)
			}
			after := treeSums(t, out)
			for _, name := range sortedKeys(before) {
				if a, ok := after[name]; !ok {
					t.Errorf("%s disappeared from the output after a failed build", name)
				} else if a != before[name] {
					t.Errorf("%s changed after a failed build: %v -> %v", name, before[name], a)
				}
			}
			for _, name := range sortedKeys(after) {
				if _, ok := before[name]; !ok {
					t.Errorf("%s appeared in the output after a failed build", name)
				}
			}
			for _, name := range leftovers(t, out) {
				t.Errorf("%s is left beside the output folder after a failed build", name)
			}
		})
	}
}

// TestRemovedCodeRemovesPages builds the fixture, then the fixture without
// code 552 into the same folder: no page of 552 may survive, and the result
// must be the same as a build into an empty folder.
func TestRemovedCodeRemovesPages(t *testing.T) {
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	without := copyFixture(t)
	if err := os.WriteFile(without, removeCode(t, src, 552), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "vi"} {
		f := filepath.Join(filepath.Dir(without), "text", lang+".yaml")
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, removeText(t, text, 552), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := build.Run(fixtureConfig(fixture, out)); err != nil {
		t.Fatalf("build.Run with the fixture: %v", err)
	}
	if !slices.ContainsFunc(sortedKeys(treeSums(t, out)), func(f string) bool { return strings.Contains(f, "552") }) {
		t.Fatal("the fixture build has no path containing 552; the test proves nothing")
	}
	res, err := build.Run(fixtureConfig(without, out))
	if err != nil {
		t.Fatalf("build.Run without code 552: %v", err)
	}
	// The rebuild over the previous output must equal a build from scratch.
	fresh := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(fixtureConfig(without, fresh)); err != nil {
		t.Fatalf("build.Run without code 552 into an empty folder: %v", err)
	}
	compareTrees(t, out, fresh)
	var pages int
	for _, f := range sortedKeys(treeSums(t, out)) {
		if strings.Contains(f, "552") {
			t.Errorf("%s is still in the output after code 552 was removed", f)
		}
		if isPage(f) {
			pages++
		}
	}
	if want := site.PageCount(2, 1, len(res.Langs)); pages != want {
		t.Errorf("after removing 552 the output has %d pages; want site.PageCount(2, 1, %d) = %d", pages, len(res.Langs), want)
	}
	for _, name := range leftovers(t, out) {
		t.Errorf("%s is left beside the output folder", name)
	}
}

// leftovers lists the staging trees (".NAME.new-*"), set-aside previous
// trees (".NAME.old-*") and temporary files (a manifest or a cache file
// being written, ".NAME.*.tmp-*") found beside the output folder out.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	base := filepath.Base(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+base+".new-") || strings.HasPrefix(e.Name(), "."+base+".old-") || strings.HasPrefix(e.Name(), "."+base+".") && strings.Contains(e.Name(), ".tmp-") {
			found = append(found, filepath.Join(filepath.Dir(out), e.Name()))
		}
	}
	return found
}

// removeCode returns the data file src without the entry of code and
// without code in any related list.
func removeCode(t *testing.T, src []byte, code int) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	num := fmt.Sprint(code)
	root := doc.Content[0]
	removed := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "pairs" {
			// A curated note on a pair goes with either code.
			list := root.Content[i+1]
			list.Content = slices.DeleteFunc(list.Content, func(entry *yaml.Node) bool {
				c := mapValue(entry, "codes")
				return c != nil && slices.ContainsFunc(c.Content, func(n *yaml.Node) bool { return n.Value == num })
			})
			continue
		}
		if root.Content[i].Value == "enhanced" {
			// Enhanced codes name the reply codes they come with.
			for _, entry := range root.Content[i+1].Content {
				if basic := mapValue(entry, "basic"); basic != nil {
					basic.Content = slices.DeleteFunc(basic.Content, func(n *yaml.Node) bool { return n.Value == num })
				}
			}
			continue
		}
		if root.Content[i].Value != "codes" {
			continue
		}
		list := root.Content[i+1]
		list.Content = slices.DeleteFunc(list.Content, func(entry *yaml.Node) bool {
			v := mapValue(entry, "code")
			if v != nil && v.Value == num {
				removed = true
				return true
			}
			if rel := mapValue(entry, "related"); rel != nil {
				rel.Content = slices.DeleteFunc(rel.Content, func(n *yaml.Node) bool { return n.Value == num })
			}
			return false
		})
	}
	if !removed {
		t.Fatalf("the fixture has no code %d", code)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// removeText removes a code's texts from a language file: its entry under
// codes and the pair notes that name it.
func removeText(t *testing.T, src []byte, code int) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	num := fmt.Sprint(code)
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		m := root.Content[i+1]
		var keep []*yaml.Node
		for j := 0; j+1 < len(m.Content); j += 2 {
			k := m.Content[j].Value
			a, b, pair := strings.Cut(k, "/")
			if k == num || pair && (a == num || b == num) {
				continue
			}
			keep = append(keep, m.Content[j], m.Content[j+1])
		}
		m.Content = keep
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
