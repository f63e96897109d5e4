package render

// Folding. html/template escapes a template once, by adding an escaper
// to the end of every action's pipeline, chosen by the action's context;
// executing an action then costs a reflective call of its function and
// another of its escaper, the larger part of a page's time. Where the
// result is known before any page is rendered, a lane's clone of a set
// is rewritten once, after html/template has escaped it:
//
//   - In text (HTML between tags), the escaper is _html_template_htmlescaper,
//     which writes a template.HTML as it is. An action in text whose last
//     command calls one of our functions that return template.HTML (t,
//     part, row, name, say, ...: htmlFuncs) loses that escaper: what it
//     writes is the same.
//   - Such an action that is a call of t with constant arguments only, a
//     heading like {{t "h_which"}}, is the same text on every page of the
//     language: it becomes that text; so does {{csp}}, the same on every
//     page.
//   - In an unquoted attribute value, {{lang}}, the language of the lane's
//     pages, becomes the tag it always writes: letters, digits and "-",
//     which _html_template_nospaceescaper writes as they are.
//   - In a quoted attribute value, the escaper is _html_template_attrescaper,
//     which changes only the characters of attrSpecial in a plain string:
//     a call of ts with constant arguments whose text has none of them
//     becomes that text.
//
// Nothing else is touched, so an action html/template escapes in any other
// context, or whose value it cannot know, is escaped as before. TestFold
// renders every page of the fixture with folded and unfolded templates
// and compares the bytes.

import (
	"errors"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strings"
	"text/template/parse"
)

// textEscaper is the escaper html/template adds to an action in text,
// attrEscaper to one in a quoted attribute value, which replaces the
// characters of attrSpecial in a string and leaves the rest as they are.
const (
	textEscaper    = "_html_template_htmlescaper"
	attrEscaper    = "_html_template_attrescaper"
	attrSpecial    = "\x00\"&'+<>"
	nospaceEscaper = "_html_template_nospaceescaper"
	langChars      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
)

// htmlFuncs returns the names of the functions of funcs whose first
// result is template.HTML.
func htmlFuncs(funcs ...template.FuncMap) map[string]bool {
	html := reflect.TypeFor[template.HTML]()
	names := map[string]bool{}
	for _, m := range funcs {
		for name, f := range m {
			if t := reflect.TypeOf(f); t.Kind() == reflect.Func && t.NumOut() > 0 && t.Out(0) == html {
				names[name] = true
			}
		}
	}
	return names
}

// folded counts what fold rewrote.
type folded struct {
	escapers, texts int
}

// fold escapes the templates of set that a page or a part executes first
// (base.html, and every template named by a part, a row or an own it can reach)
// and rewrites them, and those they call, as above, with lang's texts. It
// runs on a lane's clone before its functions are bound to the lane: what
// the stubs of part and row return is discarded, and nothing is written.
func (r *Renderer) fold(set *template.Template, lang string) folded {
	run := map[string]bool{"base.html": true} // executed by name
	seen := map[string]bool{}                 // executed or called
	var visit func(name string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if t := set.Lookup(name); t != nil && t.Tree != nil {
			reach(t.Tree.Root, run, visit)
		}
	}
	visit("base.html")
	// In the order a page's render escapes them: base.html first, then
	// its parts (here sorted, so that every clone is escaped alike).
	delete(run, "base.html")
	for _, name := range append([]string{"base.html"}, slices.Sorted(maps.Keys(run))...) {
		// Escaping comes before execution, which the writer stops at the
		// first byte; the data is nil, so nothing of a page is read.
		_ = set.ExecuteTemplate(refuse{}, name, nil)
	}
	var n folded
	for name := range seen {
		if t := set.Lookup(name); t != nil && t.Tree != nil {
			r.foldList(t.Tree.Root, lang, &n)
		}
	}
	return n
}

// refuse is a writer that takes nothing.
type refuse struct{}

var errRefused = errors.New("folding writes nothing")

func (refuse) Write([]byte) (int, error) { return 0, errRefused }

// reach adds to run the templates that the part, row and own calls under node
// name, and visits them and those the node calls with template.
func reach(node parse.Node, run map[string]bool, visit func(string)) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			reach(c, run, visit)
		}
	case *parse.ActionNode:
		reachPipe(n.Pipe, run, visit)
	case *parse.IfNode:
		reachBranch(&n.BranchNode, run, visit)
	case *parse.RangeNode:
		reachBranch(&n.BranchNode, run, visit)
	case *parse.WithNode:
		reachBranch(&n.BranchNode, run, visit)
	case *parse.TemplateNode:
		reachPipe(n.Pipe, run, visit)
		visit(n.Name)
	}
}

func reachBranch(b *parse.BranchNode, run map[string]bool, visit func(string)) {
	reachPipe(b.Pipe, run, visit)
	reach(b.List, run, visit)
	reach(b.ElseList, run, visit)
}

func reachPipe(p *parse.PipeNode, run map[string]bool, visit func(string)) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
			at := map[string]int{"part": 1, "row": 2, "own": 1}[id.Ident]
			if at > 0 && at < len(c.Args) {
				if s, ok := c.Args[at].(*parse.StringNode); ok {
					run[s.Text] = true
					visit(s.Text)
				}
			}
		}
		for _, a := range c.Args[1:] {
			if p, ok := a.(*parse.PipeNode); ok {
				reachPipe(p, run, visit)
			}
		}
	}
}

// foldList rewrites the actions of list and of the branches under it.
func (r *Renderer) foldList(list *parse.ListNode, lang string, n *folded) {
	if list == nil {
		return
	}
	for i, node := range list.Nodes {
		switch node := node.(type) {
		case *parse.ActionNode:
			if text, ok := r.foldAction(node, lang, n); ok {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: node.Pos, Text: []byte(text)}
			}
		case *parse.IfNode:
			r.foldList(node.List, lang, n)
			r.foldList(node.ElseList, lang, n)
		case *parse.RangeNode:
			r.foldList(node.List, lang, n)
			r.foldList(node.ElseList, lang, n)
		case *parse.WithNode:
			r.foldList(node.List, lang, n)
			r.foldList(node.ElseList, lang, n)
		}
	}
}

// foldAction drops the text escaper of action a where its value is
// template.HTML, and returns the text a always writes, if it is a call of
// t with constant arguments.
func (r *Renderer) foldAction(a *parse.ActionNode, lang string, n *folded) (string, bool) {
	cmds := a.Pipe.Cmds
	if len(a.Pipe.Decl) != 0 || len(cmds) < 2 || len(cmds[len(cmds)-1].Args) != 1 {
		return "", false
	}
	if len(cmds) == 2 && isIdent(cmds[1], attrEscaper) && isIdent(cmds[0], "ts") {
		args, ok := constants(cmds[0])
		if !ok {
			return "", false
		}
		s, _, err := r.cfg.Catalog.Format(lang, args[0].(string), args[1:]...)
		if err != nil || strings.ContainsAny(s, attrSpecial) {
			return "", false
		}
		n.texts++
		return s, true
	}
	if len(cmds) == 2 && isIdent(cmds[1], nospaceEscaper) && isIdent(cmds[0], "lang") && len(cmds[0].Args) == 1 {
		if s := dataLang(lang); s != "" && strings.Trim(s, langChars) == "" {
			n.texts++
			return s, true
		}
		return "", false
	}
	if !isIdent(cmds[len(cmds)-1], textEscaper) {
		return "", false
	}
	last := cmds[len(cmds)-2]
	id, ok := last.Args[0].(*parse.IdentifierNode)
	if !ok || !r.htmlFuncs[id.Ident] {
		return "", false
	}
	a.Pipe.Cmds = cmds[:len(cmds)-1]
	n.escapers++
	if len(cmds) == 2 && id.Ident == "csp" && len(last.Args) == 1 {
		n.texts++
		return string(cspMeta), true
	}
	if len(cmds) != 2 || id.Ident != "t" {
		return "", false
	}
	args, ok := constants(last)
	if !ok {
		return "", false
	}
	h, err := r.t(lang, args[0].(string), args[1:]...)
	if err != nil {
		return "", false // executed, it reports the error at its line
	}
	n.texts++
	return string(h), true
}

// constants returns the arguments of the call c, a key and the names and
// values of its placeholders, if there is a key and all are constant
// strings.
func constants(c *parse.CommandNode) ([]any, bool) {
	if len(c.Args) < 2 {
		return nil, false
	}
	args := make([]any, 0, len(c.Args)-1)
	for _, arg := range c.Args[1:] {
		s, ok := arg.(*parse.StringNode)
		if !ok {
			return nil, false
		}
		args = append(args, s.Text)
	}
	return args, true
}

// isIdent reports whether command c is a call of the function name.
func isIdent(c *parse.CommandNode, name string) bool {
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}
