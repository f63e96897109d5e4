package render

import (
	"errors"
	"fmt"
	"html/template"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/i18n"
)

// Template errors. html/template reports "template: pair.html:12:3: ..."
// with the file's base name and a column counted from 0; the renderer
// turns that into "templates/pair.html:12:4: ...; what to check", the form
// of every other error of the build. A text of the language files whose
// placeholders do not fit the template is reported at the text, with the
// template's line as the place it is used.

// templateLocRE finds the positions html/template writes: "template:
// NAME:LINE:COL: " (text/template's parse and execution errors) and
// "html/template:NAME:LINE:COL: " (its escaper's).
var templateLocRE = regexp.MustCompile(`(?:html/)?template: ?([\w.-]+\.html):(\d+)(?::(\d+))?: `)

// place turns a position of html/template ("pair.html:12:3", the column
// counted from 0, or "pair.html:12") into one in the form of every other
// message: "templates/pair.html:12:4".
func (r *Renderer) place(name, line, col string) string {
	p := filepath.Join(r.cfg.TemplateDir, name) + ":" + line
	if c, err := strconv.Atoi(col); err == nil {
		p += ":" + strconv.Itoa(c+1)
	}
	return p
}

// templateError rewrites an error of parsing or executing the templates of
// set: it starts with the template file, line and column of the innermost
// action that failed (a part executes templates of its own), and ends with
// what to check.
func (r *Renderer) templateError(err error, set *template.Template) error {
	msg := err.Error()
	locs := templateLocRE.FindAllStringSubmatchIndex(msg, -1)
	var he *template.Error
	if len(locs) == 0 && errors.As(err, &he) {
		// The escaper names a template, without a line, when the fault is
		// in no one action: it ends inside a tag, attribute or quote.
		where := r.cfg.TemplateDir
		if strings.HasSuffix(he.Name, ".html") {
			where = filepath.Join(r.cfg.TemplateDir, he.Name)
		}
		advice := "; see https://pkg.go.dev/html/template#ErrorCode"
		if he.ErrorCode == template.ErrEndContext || he.ErrorCode == template.ErrBranchEnd {
			advice = "; a quote, tag or attribute that it or a template it executes opens is never closed: close it (an attribute value without its closing quote is the usual cause)"
		}
		return fmt.Errorf("%s: %s%s", where, he.Description, advice)
	}
	if len(locs) == 0 {
		return fmt.Errorf("%s: %s; %s", r.cfg.TemplateDir, msg, "check the templates of this folder (set -templates to the folder of base.html)")
	}
	m := locs[len(locs)-1]
	at := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return msg[m[2*i]:m[2*i+1]]
	}
	where := r.place(at(1), at(2), at(3))
	// A text that does not fit the values given: the fault is in the text
	// or in the template, and the text is where the key is defined.
	var fe *i18n.FillError
	if errors.As(err, &fe) {
		return fe.WithUse(where)
	}
	rest := msg[m[1]:]
	return fmt.Errorf("%s: %s%s", where, rest, r.advice(rest, set))
}

var (
	undefinedFuncRE  = regexp.MustCompile(`function "([^"]+)" not defined`)
	noFieldRE        = regexp.MustCompile(`can't evaluate field (\w+) in type (\S+)`)
	noTemplateRE     = regexp.MustCompile(`no such template "([^"]+)"`)
	calledRE         = regexp.MustCompile(`error calling \w+: `)
	builtinFunctions = []string{"and", "call", "eq", "ge", "gt", "html", "index", "js", "le", "len", "lt", "ne", "not", "or", "print", "printf", "println", "slice", "urlquery"}
)

// advice says what to check for the error text rest of html/template,
// starting with "; ".
func (r *Renderer) advice(rest string, set *template.Template) string {
	switch {
	case calledRE.MatchString(rest):
		// A function of the renderer failed; its error says what to do.
		return ""
	case undefinedFuncRE.MatchString(rest):
		name := undefinedFuncRE.FindStringSubmatch(rest)[1]
		ours := r.funcNames()
		hint := diag.Suggest(name, ours)
		if hint == "" {
			hint = diag.Suggest(name, builtinFunctions)
		}
		if hint != "" {
			return fmt.Sprintf("; correct the name (did you mean %q?): the renderer's functions are %s (see the package doc of internal/render)", hint, strings.Join(ours, ", "))
		}
		return fmt.Sprintf("; the renderer's functions are %s, and text/template's own %s (see the package doc of internal/render)", strings.Join(ours, ", "), strings.Join(builtinFunctions, ", "))
	case noFieldRE.MatchString(rest):
		sm := noFieldRE.FindStringSubmatch(rest)
		field, typ := sm[1], sm[2]
		names, known := fieldNames()[typ]
		if hint := diag.Suggest(field, names); hint != "" {
			return fmt.Sprintf("; correct the name: %s has no field or method %s (did you mean %q?)", typ, field, hint)
		}
		if known {
			pkg, name, _ := strings.Cut(strings.TrimPrefix(typ, "*"), ".")
			return fmt.Sprintf("; correct the name: %s has no field or method %s (go doc smtpcodes/internal/%s.%s lists them)", typ, field, pkg, name)
		}
		return fmt.Sprintf("; correct the name: %s has no field or method %s, so check what the action is applied to", typ, field)
	case noTemplateRE.MatchString(rest):
		name := noTemplateRE.FindStringSubmatch(rest)[1]
		var defined []string
		if set != nil {
			for _, t := range set.Templates() {
				if t.Tree != nil && !strings.HasSuffix(t.Name(), ".html") {
					defined = append(defined, t.Name())
				}
			}
		}
		slices.Sort(defined)
		if hint := diag.Suggest(name, defined); hint != "" {
			return fmt.Sprintf("; correct the name (did you mean %q?), or define it with {{define %q}} in partials.html or the page's own file", hint, name)
		}
		return fmt.Sprintf("; define it with {{define %q}} in partials.html or the page's own file, or correct the name", name)
	case strings.Contains(rest, "unexpected EOF"):
		return "; an action above it opens a block ({{define}}, {{block}}, {{if}}, {{range}} or {{with}}) that no {{end}} closes: add the {{end}}"
	case strings.Contains(rest, "unexpected {{end}}"):
		return "; it closes no block: remove it, or open the block it should close"
	case strings.Contains(rest, "executing "):
		return "; check this action against the data the page is given (render.PageData, and the views of internal/render)"
	case strings.HasPrefix(rest, "{{") || strings.Contains(rest, " context"):
		return "; html/template cannot escape the output here: check the markup around it (https://pkg.go.dev/html/template#ErrorCode)"
	}
	return "; check the syntax of this action (https://pkg.go.dev/text/template)"
}

// funcNames lists the template functions of the renderer, sorted.
func (r *Renderer) funcNames() []string {
	var names []string
	for name := range stubs {
		names = append(names, name)
	}
	for name := range r.funcs(i18n.Default) {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// fieldNames lists, by type as text/template names it in its errors
// ("*render.PageData"), the fields and methods a template may use on each
// type reachable from PageData.
var fieldNames = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t.Name() == "" {
			return
		}
		if _, done := out[t.String()]; done {
			return
		}
		var names []string
		out[t.String()] = nil // stops the recursion
		var sub []reflect.Type
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() {
				names = append(names, f.Name)
				sub = append(sub, f.Type)
			}
		}
		pt := reflect.PointerTo(t)
		for i := range pt.NumMethod() {
			names = append(names, pt.Method(i).Name)
		}
		slices.Sort(names)
		names = slices.Compact(names)
		out[t.String()], out["*"+t.String()] = names, names
		for _, s := range sub {
			visit(s)
		}
	}
	visit(reflect.TypeFor[PageData]())
	return out
})

// checkCalls checks, before any page is rendered, every call of t and ts
// with a constant key in the templates of sets: the key must exist, and
// the names given must be exactly the placeholders of its text (the same
// in every language). A wrong name would otherwise fail on the first page
// that shows it, or, in a branch few pages take, on none of the pages
// tried. A text's fault is reported at the text, a template's at the
// template.
func (r *Renderer) checkCalls(sets []*template.Template) error {
	var errs diag.List
	seen := map[string]bool{} // base.html and partials.html are in every set
	cat := r.cfg.Catalog
	for _, set := range sets {
		for _, tmpl := range set.Templates() {
			tree := tmpl.Tree
			if tree == nil || tree.Root == nil {
				continue
			}
			eachCall(tree.Root, func(cmd *parse.CommandNode, piped bool) {
				fn := cmd.Args[0].(*parse.IdentifierNode).Ident
				loc, _ := tree.ErrorContext(cmd)
				if seen[loc] {
					return
				}
				seen[loc] = true
				file, line, col := r.splitLoc(loc)
				if len(cmd.Args) < 2 {
					errs.Add(file, line, col, "%s needs the i18n key first, like {{%s \"h_fix\"}}", fn, fn)
					return
				}
				key, ok := cmd.Args[1].(*parse.StringNode)
				if !ok {
					return // a key made at run time, checked when it is used
				}
				if !cat.Has(key.Text) {
					_, _, err := cat.Lookup(i18n.Default, key.Text)
					errs.Add(file, line, col, "%v", err)
					return
				}
				if piped {
					return // the last value comes through the pipeline
				}
				args := cmd.Args[2:]
				if len(args)%2 != 0 {
					errs.Add(file, line, col, "%s %q: the arguments after the key must be name, value pairs; give each placeholder's name, then its value, like {{%s %q \"code\" .Code}}", fn, key.Text, fn, key.Text)
					return
				}
				var given []string
				for i := 0; i < len(args); i += 2 {
					name, ok := args[i].(*parse.StringNode)
					if !ok {
						return // a name chosen at run time
					}
					given = append(given, name.Text)
				}
				want := cat.Placeholders(key.Text)
				use := fmt.Sprintf("%s:%d:%d", file, line, col)
				report := func(fe *i18n.FillError) {
					e := cat.Locate(i18n.Default, key.Text, fe).(*i18n.FillError).WithUse(use)
					prefix := fmt.Sprintf("%s:%d:%d: ", e.File, e.Line, e.Col)
					errs.Add(e.File, e.Line, e.Col, "%s", strings.TrimPrefix(e.Error(), prefix))
				}
				for _, p := range want {
					if name := strings.Trim(p, "{}"); !slices.Contains(given, name) {
						report(&i18n.FillError{Key: key.Text, Missing: name, Given: given, Placeholders: want})
					}
				}
				for _, name := range given {
					if !slices.Contains(want, "{"+name+"}") {
						report(&i18n.FillError{Key: key.Text, Extra: name, Given: given, Placeholders: want})
					}
				}
			})
		}
	}
	return errs.Err()
}

// splitLoc turns a location of parse.Tree.ErrorContext ("pair.html:12:3")
// into the template's path, line and column counted from 1.
func (r *Renderer) splitLoc(loc string) (file string, line, col int) {
	rest, c, _ := cutLast(loc, ":")
	name, l, _ := cutLast(rest, ":")
	line, _ = strconv.Atoi(l)
	col, _ = strconv.Atoi(c)
	return filepath.Join(r.cfg.TemplateDir, name), line, col + 1
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// eachCall calls f for every command of the tree below n that calls t or
// ts, saying whether a pipeline passes it a value as its last argument.
func eachCall(n parse.Node, f func(cmd *parse.CommandNode, piped bool)) {
	var walk func(n parse.Node)
	branch := func(b *parse.BranchNode) {
		walk(b.Pipe)
		walk(b.List)
		walk(b.ElseList)
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.IfNode:
			branch(&n.BranchNode)
		case *parse.RangeNode:
			branch(&n.BranchNode)
		case *parse.WithNode:
			branch(&n.BranchNode)
		case *parse.TemplateNode:
			walk(n.Pipe)
		case *parse.ChainNode:
			walk(n.Node)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for i, cmd := range n.Cmds {
				if len(cmd.Args) > 0 {
					if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "t" || id.Ident == "ts") {
						f(cmd, i > 0)
					}
				}
				for _, a := range cmd.Args {
					walk(a)
				}
			}
		}
	}
	walk(n)
}
