package codes

import (
	"bytes"
	"smtpcodes/internal/keep"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"
)

// markdownParser reads data fields the way the renderer does, to find what
// it would drop.
var markdownParser = goldmark.New().Parser()

// rawHTML reports what the page would silently lose of the Markdown field
// s, the value of node v, each at its own position:
//
//   - raw HTML: the renderer drops it (it does not run goldmark unsafe), so
//     "<CRLF>.<CRLF>" written outside backticks would reach the page as ".";
//   - a link to a javascript:, vbscript:, file: or data: address: the
//     renderer writes it without its address;
//   - an image: the pages load none;
//   - a link reference definition ("[1]: https://...") that no link uses,
//     or that repeats an earlier one: it shows nothing.
//
// The field is read as the page gets it, with the white space around it
// trimmed: "    <b>" is code in the data file, but HTML once trimmed.
func (p *parser) rawHTML(v *yaml.Node, what, s string) {
	sum := keep.SumOf(s)
	if _, ok := p.checked.Get(sum); ok {
		return
	}
	before := p.errs.Len()
	defer func() {
		if p.errs.Len() == before {
			p.checked.Put(sum, struct{}{})
		}
	}()
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	src := []byte(strings.TrimSpace(s))
	at := func(off int) (line, col int) { return p.position(v, s, lead+max(off, 0)) }
	doc := markdownParser.Parse(text.NewReader(src))
	used := map[string]bool{}
	var defs []*ast.LinkReferenceDefinition
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var start, stop int
		switch n := n.(type) {
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			start, stop = n.Segments.At(0).Start, n.Segments.At(n.Segments.Len()-1).Stop
		case *ast.HTMLBlock:
			if n.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			start, stop = n.Lines().At(0).Start, n.Lines().At(0).Stop
		case *ast.Link:
			p.link(at, what, n.Pos(), util.URLEscape(n.Destination, true))
			if n.Reference != nil {
				used[util.ToLinkReference(n.Reference.Value)] = true
			}
			return ast.WalkContinue, nil
		case *ast.Image:
			line, col := at(n.Pos())
			p.errs.Add(p.file, line, col, "%s: the pages show no images (their Content-Security-Policy loads none, and the text of a picture is neither translated nor searched); say it in words, or link to it as [text](https://...)", what)
			if n.Reference != nil {
				used[util.ToLinkReference(n.Reference.Value)] = true
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			p.link(at, what, n.Pos(), util.URLEscape(n.URL(src), false))
			return ast.WalkContinue, nil
		case *ast.LinkReferenceDefinition:
			defs = append(defs, n)
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		for start < stop && (src[start] == ' ' || src[start] == '\t') {
			start++ // an HTML block may be indented by up to three spaces
		}
		raw := strings.TrimRight(string(src[start:stop]), "\n")
		line, col := at(start)
		p.errs.Add(p.file, line, col, "%s: %q is raw HTML, which the page would drop; put it in backticks (`%s`) to show it as written", what, raw, raw)
		return ast.WalkSkipChildren, nil
	})
	first := map[string]int{} // label -> line of its first definition
	for _, d := range defs {
		label := util.ToLinkReference(d.Label)
		line, col := at(d.Pos())
		if prev, dup := first[label]; dup {
			p.errs.Add(p.file, line, col, "%s: the link [%s] is defined twice (first at line %d), and the page uses only the first; remove one", what, d.Label, prev)
			continue
		}
		first[label] = line
		if !used[label] {
			p.errs.Add(p.file, line, col, "%s: no link uses the definition of [%s], so the page would drop it; write the link as [text][%s], or remove the definition", what, d.Label, d.Label)
		}
	}
}

// link reports a link whose address the page must not hold: goldmark
// writes an empty address for javascript:, vbscript:, file: and data:
// addresses other than images, and a data: image is no page to link to.
func (p *parser) link(at func(int) (int, int), what string, pos int, dest []byte) {
	if !html.IsDangerousURL(dest) && !bytes.HasPrefix(bytes.ToLower(dest), []byte("data:")) {
		return
	}
	scheme, _, _ := bytes.Cut(dest, []byte(":"))
	line, col := at(pos)
	p.errs.Add(p.file, line, col, "%s: the page would drop the address %q from this link, as it takes no %s: addresses; give an https:// address, or put the address in backticks to show it as text", what, dest, strings.ToLower(string(scheme)))
}

// position maps the byte offset off of s, the value of node v, to the
// line and column in the file of the character there. It reads the
// scalar's source from where its text starts (the line after the indicator
// of a block scalar, after the quote of a quoted one), matching the
// value's characters one by one and skipping what YAML does not keep:
// indentation, line breaks folded into spaces, the white space around
// them, escapes of a double-quoted scalar ("\x3c" for "<") and the doubled
// quote of a single-quoted one. Where the source does not match, it gives
// the position of the value itself.
func (p *parser) position(v *yaml.Node, s string, off int) (line, col int) {
	if v.Line < 1 || v.Line > len(p.lines) {
		return max(v.Line, 1), max(v.Column, 1)
	}
	dq := v.Style&yaml.DoubleQuotedStyle != 0
	sq := v.Style&yaml.SingleQuotedStyle != 0
	li, ri := v.Line-1, v.Column-1 // the source line (0-based) and rune in it
	switch {
	case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		li, ri = v.Line, 0
	case dq || sq:
		ri++
	}
	var text []rune
	textAt := -1
	for di := 0; di <= off && di < len(s); {
		if li >= len(p.lines) {
			break
		}
		if textAt != li {
			text, textAt = []rune(p.lines[li]), li
		}
		want, size := utf8.DecodeRuneInString(s[di:])
		if ri >= len(text) { // the end of the line: a line break
			if want == '\n' {
				if di == off {
					break
				}
				di += size
			}
			li, ri = li+1, 0
			continue
		}
		got, n := text[ri], 1
		switch {
		case dq && got == '\\' && ri+1 == len(text): // an escaped line break
			li, ri = li+1, 0
			continue
		case dq && got == '\\':
			got, n = unescape(text[ri+1:])
			n++
		case sq && got == '\'' && ri+1 < len(text) && text[ri+1] == '\'':
			n = 2
		}
		switch {
		case got == want:
			if di == off {
				return li + 1, ri + 1
			}
			di += size
			ri += n
		case got == ' ' || got == '\t' || got == '\r':
			ri++
		default:
			return v.Line, v.Column
		}
	}
	return v.Line, v.Column
}

// unescape decodes the escape of a double-quoted YAML scalar that follows
// a backslash (YAML 1.2 §5.7): the character and how many runes it takes.
// It returns utf8.RuneError for an escape YAML does not know.
func unescape(r []rune) (rune, int) {
	if len(r) == 0 {
		return utf8.RuneError, 0
	}
	simple := map[rune]rune{
		'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v',
		'f': '\f', 'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\',
		'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
	}
	if c, ok := simple[r[0]]; ok {
		return c, 1
	}
	digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[r[0]]
	if digits == 0 || len(r) < 1+digits {
		return utf8.RuneError, 1
	}
	c := rune(0)
	for _, d := range r[1 : 1+digits] {
		var x rune
		switch {
		case '0' <= d && d <= '9':
			x = d - '0'
		case 'a' <= d && d <= 'f':
			x = d - 'a' + 10
		case 'A' <= d && d <= 'F':
			x = d - 'A' + 10
		default:
			return utf8.RuneError, 1
		}
		c = c<<4 | x
	}
	return c, 1 + digits
}
