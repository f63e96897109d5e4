package codes

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"
)

// markdownParser reads data fields the way the renderer does, to find what
// it would drop.
var markdownParser = goldmark.New().Parser()

// rawHTML reports raw HTML in the Markdown field s, the value of node v.
// The renderer drops raw HTML (it does not run goldmark unsafe), so
// "<CRLF>.<CRLF>" written outside backticks would reach the page as ".":
// text that would silently vanish is a load error at its own position.
func (p *parser) rawHTML(v *yaml.Node, what, s string) {
	src := []byte(s)
	doc := markdownParser.Parse(text.NewReader(src))
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
		default:
			return ast.WalkContinue, nil
		}
		html := strings.TrimRight(string(src[start:stop]), "\n")
		line, col := p.position(v, s, start)
		p.errs.Add(p.file, line, col, "%s: %q is raw HTML, which the page would drop; put it in backticks (`%s`) to show it as written", what, html, html)
		return ast.WalkSkipChildren, nil
	})
}

// position maps a byte offset of a scalar's value to its file position. In
// a block scalar (| or >) the value starts on the line after the indicator,
// each line indented alike; in a flow scalar on the node's own line.
func (p *parser) position(v *yaml.Node, s string, off int) (line, col int) {
	before := s[:off]
	nl := strings.Count(before, "\n")
	lineStart := strings.LastIndexByte(before, '\n') + 1
	if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		line = v.Line + 1 + nl
		for line <= len(p.lines) && strings.TrimSpace(p.lines[line-1]) == "" && nl == 0 {
			line++
		}
		return line, p.indentCol(line) + off - lineStart
	}
	if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return v.Line + nl, v.Column + 1 + off - lineStart
	}
	return v.Line + nl, v.Column + off - lineStart
}
