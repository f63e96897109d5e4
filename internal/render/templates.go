package render

// Templates: parsing one set per page kind, and the functions templates
// call (the package doc lists them).

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/diag"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// sets is a pair of template sets parsed from the same files: run holds
// them minified, and renders the pages; src holds them as written, and
// places errors at their lines (templates.go's minify). sum hashes the
// minified files, which are what a page is made from.
type sets struct {
	run, src *template.Template
	sum      summer
}

// stubs stand for part, row and own, with their signatures, until a
// lane binds them (parts.funcs).
var stubs = template.FuncMap{
	"part": func(string, any) (template.HTML, error) { return "", nil },
	"row":  func(label, cell string, a, b any) (template.HTML, error) { return "", nil },
	"own":  func(string, any) (template.HTML, error) { return "", nil },
}

// parseShared parses the files every page kind's set holds, base.html and
// partials.html, once; parse clones them for each kind. The sets' part
// and row are stubs until a lane binds them to its memo.
func (r *Renderer) parseShared() (*sets, error) {
	s := &sets{
		src: template.New("base.html").Funcs(r.funcs(i18n.Default)).Funcs(stubs),
		run: template.New("base.html").Funcs(r.funcs(i18n.Default)).Funcs(stubs),
	}
	for _, name := range []string{"base.html", "partials.html"} {
		if err := r.parseFile(s, name, ""); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// parse returns the template set of a page kind: the shared files and
// the kind's own.
func (r *Renderer) parse(shared *sets, kind site.Kind) (run, src *template.Template, sum []byte, err error) {
	s := &sets{sum: summer{b: slices.Clone(shared.sum.b)}}
	if s.run, err = shared.run.Clone(); err != nil {
		return nil, nil, nil, err
	}
	if s.src, err = shared.src.Clone(); err != nil {
		return nil, nil, nil, err
	}
	if err := r.parseFile(s, kind.Template()+".html", kind.Template()+".html"); err != nil {
		return nil, nil, nil, err
	}
	return s.run, s.src, s.sum.sum(), nil
}

// parseFile parses the template file name into both sets of s; own is
// the file of the page kind being parsed, "" for a shared file, for the
// message of a missing file.
func (r *Renderer) parseFile(s *sets, name, own string) error {
	path := filepath.Join(r.cfg.TemplateDir, name)
	text, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if own != "" {
			own = " (" + own + " here)"
		}
		return fmt.Errorf("%s: the template is missing; every page kind needs base.html, partials.html and its own file%s, so add it or set -templates to the folder that has them", path, own)
	case err != nil:
		return diag.Fault(err, false)
	}
	if err := parseInto(s.src, name, string(text)); err != nil {
		return r.templateError(err, s.src)
	}
	small := string(text)
	if !r.cfg.noMinify {
		if small, err = minifyTemplate(text); err != nil {
			return fmt.Errorf("%s: %v; the HTML minifier could not read the template: check its tags and quotes", path, err)
		}
	}
	if err := parseInto(s.run, name, small); err != nil {
		return fmt.Errorf("%s: the minified template does not parse (%v); write the markup around the actions more plainly", path, err)
	}
	s.sum.str(name)
	s.sum.str(small)
	return nil
}

// parseInto parses text as template name of set; base.html is the set's
// own template.
func parseInto(set *template.Template, name, text string) error {
	t := set
	if name != set.Name() {
		t = set.New(name)
	}
	_, err := t.Parse(text)
	return err
}

// templateMinifier shrinks the HTML of a template once, when it is parsed:
// whitespace between tags, optional quotes and end tags, default attribute
// values. Done once per template rather than once per page, it costs the
// build nothing, and takes about 550 bytes off the heaviest pages. The
// actions ({{...}}) pass through untouched, and html/template still
// escapes every value in its context. TestMinifiedTemplates checks that
// every page parses to the same document as with the templates as written.
var templateMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepWhitespace: true, TemplateDelims: html.GoTemplateDelims})
	return m
}()

// proseMinifier shrinks the HTML that goldmark renders from a Markdown
// text, once per text and language: the same rules, and also the end tags
// HTML lets a document leave out (</li>, </p>), which the templates keep
// because a template's fragment may be followed by anything. A text's
// HTML is only ever the whole content of its <div class=prose> (the
// "prose" template), so what the minifier leaves open the </div> closes.
var proseMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{})
	return m
}()

func minifyTemplate(text []byte) (string, error) {
	out, err := templateMinifier.Bytes("text/html", text)
	return string(out), err
}

func (r *Renderer) funcs(lang string) template.FuncMap {
	cat := r.cfg.Catalog
	// command shows an SMTP command of the data: a protocol literal as
	// code, a pseudo-command (the greeting, the end of data) in words.
	command := func(name string) (template.HTML, error) {
		if name == "BDAT-LAST" {
			return template.HTML("<code>BDAT … LAST</code>"), nil
		}
		key := map[string]string{"CONNECT": "command_connect", "DATA-END": "command_data_end", "ANY": "command_any", "UNPROMPTED": "command_unprompted"}[name]
		if key == "" {
			return template.HTML("<code>" + template.HTMLEscapeString(name) + "</code>"), nil
		}
		return r.t(lang, key)
	}
	// join joins the items of a list as the language does: "A, B".
	join := func(items []string) (template.HTML, error) {
		out := template.HTML(items[0])
		for _, h := range items[1:] {
			var err error
			if out, err = r.t(lang, "list_join", "first", out, "next", template.HTML(h)); err != nil {
				return "", err
			}
		}
		return out, nil
	}
	// list joins phrases with the language's "and" (the pattern and, such
	// as list_and): "A, B and C".
	list := func(and string, names []string, show func(string) (template.HTML, error)) (template.HTML, error) {
		parts := make([]string, 0, len(names))
		for _, n := range names {
			h, err := show(n)
			if err != nil {
				return "", err
			}
			parts = append(parts, string(h))
		}
		if len(parts) < 2 {
			return template.HTML(strings.Join(parts, "")), nil
		}
		rest, err := join(parts[:len(parts)-1])
		if err != nil {
			return "", err
		}
		return r.t(lang, and, "rest", rest, "last", template.HTML(parts[len(parts)-1]))
	}
	// commands shows a list of stages as a phrase: "MAIL, RCPT and any
	// other command but QUIT". ANY comes after the commands it adds to, as
	// "any other command" when this list or the code's other cases name
	// commands, and a reply sent without a command comes last.
	commandsOf := func(s compose.Stages) (template.HTML, error) {
		var named, tail []string
		for _, n := range s.Names {
			if n == "ANY" || n == "UNPROMPTED" {
				continue
			}
			named = append(named, n)
		}
		for _, n := range []string{"ANY", "UNPROMPTED"} {
			if slices.Contains(s.Names, n) {
				tail = append(tail, n)
			}
		}
		others := s.Others || slices.ContainsFunc(named, func(n string) bool { return !slices.Contains(codes.Commandless, n) })
		return list("list_and", append(named, tail...), func(n string) (template.HTML, error) {
			if n != "ANY" {
				return command(n)
			}
			key := "command_any"
			if others {
				key = "command_any_other"
			}
			if len(s.Except) == 0 {
				return r.t(lang, key)
			}
			// The commands left out are a list inside the list, with a
			// pattern of their own, so a language need not repeat its "and".
			except, err := list("list_except", s.Except, command)
			if err != nil {
				return "", err
			}
			return r.t(lang, key+"_but", "except", except)
		})
	}
	// shown memoizes commands: the stages the sentences of a page name are
	// one of a few lists of each code's data, shown again on every page
	// that compares the code. The functions are a lane's, which renders
	// one page at a time, so the map needs no lock.
	shown := map[string]template.HTML{}
	commands := func(s compose.Stages) (template.HTML, error) {
		k := stagesKey(s)
		if h, ok := shown[k]; ok {
			return h, nil
		}
		h, err := commandsOf(s)
		if err == nil {
			shown[k] = h
		}
		return h, err
	}
	// say renders a generated sentence: its commands as a list, its terms
	// in the page's language.
	joinPieces := r.joinPieces(lang)
	say := func(s compose.Sentence) (template.HTML, error) {
		args := slices.Clone(s.Args)
		for i := 1; i < len(args); i += 2 {
			switch v := args[i].(type) {
			case compose.Stages:
				h, err := commands(v)
				if err != nil {
					return "", err
				}
				args[i] = h
			case compose.Term:
				h, err := r.t(lang, string(v))
				if err != nil {
					return "", err
				}
				args[i] = h
			}
		}
		return r.t(lang, s.Key, args...)
	}
	return template.FuncMap{
		"t": func(key string, args ...any) (template.HTML, error) {
			return r.t(lang, key, args...)
		},
		"name": name,
		"csp":  func() template.HTML { return cspMeta },
		"lang": func() string { return dataLang(lang) },
		"ts": func(key string, args ...any) (string, error) {
			s, _, err := cat.Format(lang, key, args...)
			return s, err
		},
		"asset": func(name string) (string, error) {
			p, ok := r.cfg.Assets[name]
			if !ok {
				return "", fmt.Errorf("no file %q in the static folder; add it to -static, or correct the name", name)
			}
			return r.base.Href(p), nil
		},
		"command": command,
		"say":     say,
		// cite is the title of a work, which stays in English.
		"cite": func(title string) template.HTML {
			return template.HTML(`<cite lang=en>` + template.HTMLEscapeString(title) + `</cite>`)
		},
		// sep is what separates two items of a list in the language: the
		// language's list_join with nothing on either side (", ", "、").
		"sep": func() (template.HTML, error) {
			return r.t(lang, "list_join", "first", template.HTML(""), "next", template.HTML(""))
		},
		// link is a link to href with the text given, optionally marked
		// with the language of the page it leads to (hreflang).
		"link": func(href string, text template.HTML, hreflang ...string) template.HTML {
			h := `<a href=` + attrValue(href)
			if len(hreflang) > 0 {
				h += ` hreflang=` + attrValue(hreflang[0])
			}
			return template.HTML(h + ">" + string(text) + "</a>")
		},
		// sentences renders generated sentences one after the other, as
		// the language joins them (no space after "。").
		"sentences": func(ss []compose.Sentence) (template.HTML, error) {
			var small [8]template.HTML
			hs := small[:0]
			for _, s := range ss {
				h, err := say(s)
				if err != nil {
					return "", err
				}
				hs = append(hs, h)
			}
			return r.joinSentences(lang, hs, joinPieces)
		},
		"commands": commands,
		// sections links the sections of an RFC cited, after its title:
		// ", sections 4.2, 4.3" in the page's language.
		"sections": func(refs []Ref) (template.HTML, error) {
			links := make([]string, len(refs))
			for i, s := range refs {
				links[i] = `<a href=` + attrValue(s.URL) + `>` + template.HTMLEscapeString(s.Section) + `</a>`
			}
			key := "ref_sections_many"
			if len(refs) == 1 {
				key = "ref_sections_one"
			}
			h, err := join(links)
			if err != nil {
				return "", err
			}
			return r.t(lang, key, "sections", h)
		},
		"ref": func(ref Ref) (string, error) {
			if ref.Section == "" {
				s, _, err := cat.Format(lang, "ref_rfc", "rfc", ref.RFC)
				return s, err
			}
			s, _, err := cat.Format(lang, "ref_section", "rfc", ref.RFC, "section", ref.Section)
			return s, err
		},
	}
}

// stagesKey is a key of s for a map: its names, the commands its ANY leaves
// out and whether other cases name commands, each name ended by a NUL,
// which the data cannot hold.
func stagesKey(s compose.Stages) string {
	b := make([]byte, 0, 64)
	for _, n := range s.Names {
		b = append(append(b, n...), 0)
	}
	b = append(b, 1)
	for _, n := range s.Except {
		b = append(append(b, n...), 0)
	}
	if s.Others {
		b = append(b, '+')
	}
	return string(b)
}

// t translates key into HTML. The pattern is escaped first, then each
// placeholder is filled: template.HTML values as they are, anything else
// escaped. An English fallback is wrapped in an element marked lang="en".
func (r *Renderer) t(lang, key string, args ...any) (template.HTML, error) {
	h, fallback, err := r.cfg.Catalog.FillHTML(lang, key, args, htmlValue)
	if err != nil {
		return "", err
	}
	if fallback {
		h = untranslated(h, r.notTranslated(lang))
	}
	return template.HTML(h), nil
}

// htmlValue is a placeholder's value in HTML: HTML as it is, a title or a
// summary as name writes it, anything else as text, escaped.
func htmlValue(v any) string {
	switch v := v.(type) {
	case template.HTML:
		return string(v)
	case Text:
		return string(name(v))
	}
	return template.HTMLEscapeString(i18n.Plain(v))
}

func (r *Renderer) notTranslated(lang string) string {
	s, _, _ := r.cfg.Catalog.Lookup(lang, "not_translated")
	return s
}

// joinPieces returns lang's sentence_join, "P0{first}P1{next}P2", cut into
// its three pieces, or nil when it is not of that shape or is shown in
// English: then sentences are joined by filling it, two at a time.
func (r *Renderer) joinPieces(lang string) []string {
	if text, fallback, err := r.cfg.Catalog.LookupHTML(lang, "sentence_join"); err == nil && !fallback {
		return cutJoin(text)
	}
	return nil
}

// cutJoin cuts text, a sentence_join, into the three pieces around
// {first} and {next}, or returns nil if it is not P0{first}P1{next}P2
// with no other brace.
func cutJoin(text string) []string {
	first, next := strings.Index(text, "{first}"), strings.Index(text, "{next}")
	if first < 0 || next < first+len("{first}") {
		return nil
	}
	pieces := []string{text[:first], text[first+len("{first}") : next], text[next+len("{next}"):]}
	for _, p := range pieces {
		if strings.Contains(p, "{") {
			return nil // another placeholder, or one twice
		}
	}
	return pieces
}

// joinSentences joins the sentences hs one after the other, as lang's
// sentence_join joins two: filled with the first sentences and the next
// one, again and again. With the pattern cut (joinPieces), the result of
// that is written at once: P0 once per join, the first sentence, then
// P1, a sentence and P2 for each of the others.
func (r *Renderer) joinSentences(lang string, hs []template.HTML, pieces []string) (template.HTML, error) {
	if len(hs) == 0 {
		return "", nil
	}
	if pieces == nil {
		out := hs[0]
		for _, h := range hs[1:] {
			var err error
			if out, err = r.t(lang, "sentence_join", "first", out, "next", h); err != nil {
				return "", err
			}
		}
		return out, nil
	}
	n := (len(hs) - 1) * (len(pieces[0]) + len(pieces[1]) + len(pieces[2]))
	for _, h := range hs {
		n += len(h)
	}
	var b strings.Builder
	b.Grow(n)
	for range len(hs) - 1 {
		b.WriteString(pieces[0])
	}
	b.WriteString(string(hs[0]))
	for _, h := range hs[1:] {
		b.WriteString(pieces[1])
		b.WriteString(string(h))
		b.WriteString(pieces[2])
	}
	return template.HTML(b.String()), nil
}

// untranslated marks English text shown in place of a missing translation.
func untranslated(h, note string) string {
	return `<span lang="en" class="untranslated" title="` + template.HTMLEscapeString(note) + `">` + h + `</span>`
}

// name renders a short text field (a title or a summary), marking an
// English fallback.
func name(t Text) template.HTML {
	if t.Fallback {
		return template.HTML(`<span lang="en" class="untranslated">` + string(t.HTML) + `</span>`)
	}
	return t.HTML
}

// attrValue is v escaped as an HTML attribute value, in quotes only where
// HTML needs them (an empty value, or one with a space, "=" or "`"), as the
// minifier writes the templates' own attributes: a page repeats dozens of
// links, and the quotes are two bytes each.
func attrValue(v string) string {
	v = template.HTMLEscapeString(v)
	if v == "" || strings.ContainsAny(v, " \t\n\f\r=`") {
		return `"` + v + `"`
	}
	return v
}
