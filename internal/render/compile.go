package render

// Compiled own templates. A pair page's own templates (frame.go) are the
// part of it that is executed for every page, and text/template executes
// them by reflection, action by action: a field looked up by name at each
// step of .A.Code, each function called through reflect.Value.Call with
// its arguments boxed into a slice, each value printed through fmt. That
// was most of a pair page's time. So a lane compiles each template that
// own executes, once it has been executed (and so escaped by html/template)
// on the lane: its tree, as html/template escaped it and fold rewrote it,
// becomes Go closures typed by the data it is given, whose fields are
// reached by index and which call the same functions the template calls,
// bound to the same lane: those most calls are of (t, part, own,
// sentences, say) directly, the others by reflection.
//
// The closures do what text/template does with the tree, for the part of
// the template language our own templates use: text; actions that call
// functions with strings, fields, the dot and nested calls as arguments;
// fields, along a chain of pointers to structs; if, with and range (over a
// slice) with their else; the builtins and, or and not; template calls;
// and the escapers html/template ended each action with where what they
// write is known (escapers): a string in text, in the title or in a
// quoted attribute value, a template.HTML in text and a template.JS in a
// script. A template with anything else (a variable, another escaper or
// type, a method, a field of an interface, a number) is not compiled, and
// runs as it did. So the escaping stays html/template's: which escaper an
// action has is its choice, made by context when it escaped the tree, and
// a compiled template writes what that escaped tree writes.
//
// A compiled template that fails (a nil pointer on the way to a field, a
// function's error) undoes what it wrote and the template is executed by
// text/template instead, so an error reads as it always did. TestMemo and
// TestFramed compare pages of templates compiled with pages rendered by
// text/template alone, and TestFramed checks that the pair pages' own
// templates are compiled; TestCompile compares each construct with
// text/template and checks what is refused.

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"

	"smtpcodes/internal/compose"
)

// prog is a compiled template: it writes to w what the template writes
// with dot.
type prog func(w *bytes.Buffer, dot reflect.Value) error

// expr is a compiled argument or pipeline: its value for dot.
type expr struct {
	typ  reflect.Type // its static type; nil for and/or, whose value only a branch reads
	eval func(dot reflect.Value) (reflect.Value, error)
	// konst is a constant's value, boxed once; nil for any other.
	konst any
	// html, for a call of a function that returns template.HTML, makes
	// the value without boxing it into a reflect.Value; nil for others.
	html func(dot reflect.Value) (template.HTML, error)
}

// boxed returns e's value for dot as an interface, as a function's
// argument: a constant's without boxing it again.
func (e *expr) boxed(d reflect.Value) (any, error) {
	if e.konst != nil {
		return e.konst, nil
	}
	v, err := e.eval(d)
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

// errFailed is what a compiled template returns where text/template
// would fail; the caller then executes the template to have its error.
var errFailed = errors.New("compiled template failed")

// compiler compiles the templates of one lane's set, with the functions
// bound to it.
type compiler struct {
	set   *template.Template
	funcs map[string]any
	// progs holds each template compiled, by name and type of its dot;
	// a nil entry is one refused, or one being compiled.
	progs map[progKey]*prog
}

type progKey struct {
	name string
	dot  reflect.Type
}

// refused is the error of a template the compiler does not take.
type refused struct{ why string }

func (e refused) Error() string { return "not compiled: " + e.why }

func notCompiled(format string, args ...any) error { return refused{fmt.Sprintf(format, args...)} }

// compile returns the template name compiled for a dot of type dot, or
// an error saying why it is not.
func (c *compiler) compile(name string, dot reflect.Type) (*prog, error) {
	k := progKey{name, dot}
	if p, ok := c.progs[k]; ok {
		if p == nil {
			return nil, notCompiled("template %q calls itself, or was refused", name)
		}
		return p, nil
	}
	c.progs[k] = nil
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil, notCompiled("no template %q", name)
	}
	run, err := c.list(t.Tree.Root, dot)
	if err != nil {
		return nil, err
	}
	p := prog(run)
	c.progs[k] = &p
	return &p, nil
}

func (c *compiler) list(l *parse.ListNode, dot reflect.Type) (prog, error) {
	if l == nil {
		return func(*bytes.Buffer, reflect.Value) error { return nil }, nil
	}
	steps := make([]prog, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		step, err := c.node(n, dot)
		if err != nil {
			return nil, err
		}
		steps = append(steps, step)
	}
	if len(steps) == 1 {
		return steps[0], nil
	}
	return func(w *bytes.Buffer, d reflect.Value) error {
		for _, s := range steps {
			if err := s(w, d); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

var (
	htmlType     = reflect.TypeFor[template.HTML]()
	jsType       = reflect.TypeFor[template.JS]()
	stringType   = reflect.TypeFor[string]()
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
)

func (c *compiler) node(n parse.Node, dot reflect.Type) (prog, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := string(n.Text)
		return func(w *bytes.Buffer, _ reflect.Value) error {
			w.WriteString(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return func(*bytes.Buffer, reflect.Value) error { return nil }, nil
	case *parse.ActionNode:
		e, escape, err := c.action(n.Pipe, dot)
		if err != nil {
			return nil, err
		}
		// text/template prints a value with fmt; a string that is not a
		// Stringer or an error prints as it is.
		if e.typ == nil || e.typ.Kind() != reflect.String || e.typ.Implements(stringerType) || e.typ.Implements(errorType) {
			return nil, notCompiled("an action whose value is not a string")
		}
		if e.html != nil && escape == nil {
			return func(w *bytes.Buffer, d reflect.Value) error {
				h, err := e.html(d)
				w.WriteString(string(h))
				return err
			}, nil
		}
		return func(w *bytes.Buffer, d reflect.Value) error {
			v, err := e.eval(d)
			if err != nil {
				return err
			}
			if escape != nil {
				w.WriteString(escape(v.String()))
			} else {
				w.WriteString(v.String())
			}
			return nil
		}, nil
	case *parse.IfNode:
		return c.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		return c.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		return c.rangeNode(n, dot)
	case *parse.TemplateNode:
		callee := dot
		var arg *expr
		if n.Pipe != nil {
			e, err := c.pipe(n.Pipe, dot)
			if err != nil {
				return nil, err
			}
			if e.typ == nil {
				return nil, notCompiled("a template called with and or or")
			}
			arg, callee = &e, e.typ
		}
		if arg == nil {
			// {{template "x"}} executes x with nil data.
			return nil, notCompiled("a template called without data")
		}
		p, err := c.compile(n.Name, callee)
		if err != nil {
			return nil, err
		}
		return func(w *bytes.Buffer, d reflect.Value) error {
			v, err := arg.eval(d)
			if err != nil {
				return err
			}
			return (*p)(w, v)
		}, nil
	}
	return nil, notCompiled("a %T", n)
}

// branch compiles if (with false) and with: with sets the dot to the
// pipeline's value in its first list.
func (c *compiler) branch(b *parse.BranchNode, dot reflect.Type, with bool) (prog, error) {
	cond, err := c.pipe(b.Pipe, dot)
	if err != nil {
		return nil, err
	}
	inner := dot
	if with {
		if cond.typ == nil {
			return nil, notCompiled("with and or or")
		}
		inner = cond.typ
	}
	yes, err := c.list(b.List, inner)
	if err != nil {
		return nil, err
	}
	no, err := c.list(b.ElseList, dot)
	if err != nil {
		return nil, err
	}
	return func(w *bytes.Buffer, d reflect.Value) error {
		v, err := cond.eval(d)
		if err != nil {
			return err
		}
		if truth(v) {
			if with {
				return yes(w, v)
			}
			return yes(w, d)
		}
		return no(w, d)
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode, dot reflect.Type) (prog, error) {
	over, err := c.pipe(n.Pipe, dot)
	if err != nil {
		return nil, err
	}
	if over.typ == nil || over.typ.Kind() != reflect.Slice {
		return nil, notCompiled("a range over something not a slice")
	}
	each, err := c.list(n.List, over.typ.Elem())
	if err != nil {
		return nil, err
	}
	none, err := c.list(n.ElseList, dot)
	if err != nil {
		return nil, err
	}
	return func(w *bytes.Buffer, d reflect.Value) error {
		v, err := over.eval(d)
		if err != nil {
			return err
		}
		if v.Len() == 0 {
			return none(w, d)
		}
		for i := range v.Len() {
			if err := each(w, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// truth is text/template's truth of a value: of what an interface holds.
func truth(v reflect.Value) bool {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	}
	return true // a struct
}

// pipe compiles a pipeline of one command: an argument, or the
// condition of a branch or a range.
func (c *compiler) pipe(p *parse.PipeNode, dot reflect.Type) (expr, error) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return expr{}, notCompiled("a variable or a pipeline")
	}
	return c.command(p.Cmds[0], dot)
}

// action compiles the pipeline of an action: one command, and the
// escaper html/template ended it with, if it has one, which it returns
// (nil for one that writes the value as it is).
func (c *compiler) action(p *parse.PipeNode, dot reflect.Type) (expr, func(string) string, error) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 || len(p.Cmds) > 2 {
		return expr{}, nil, notCompiled("a variable or a pipeline")
	}
	e, err := c.command(p.Cmds[0], dot)
	if err != nil || len(p.Cmds) == 1 {
		return e, nil, err
	}
	cmd := p.Cmds[1]
	id, _ := cmd.Args[0].(*parse.IdentifierNode)
	if id == nil || len(cmd.Args) != 1 {
		return expr{}, nil, notCompiled("a pipeline")
	}
	escape, ok := escapers[escaperOf{id.Ident, e.typ}]
	if !ok {
		return expr{}, nil, notCompiled("%s of a %s", id.Ident, e.typ)
	}
	if escape != nil {
		e.typ = stringType
	}
	return e, escape, nil
}

// escaperOf is an escaper html/template ends a pipeline with, and the
// type of the value it is given.
type escaperOf struct {
	name string
	typ  reflect.Type
}

// escapers are the escapers the compiler takes, each for a value of the
// one type for which it is known what it writes: a string escaped by
// escapeHTML, or a value written as it is (nil). With any other escaper
// or type, the template runs as html/template made it.
var escapers = map[escaperOf]func(string) string{
	// html/template escapes a string in text, an RCDATA element (the
	// title) and a quoted attribute value with one table, which
	// escapeHTML has; it writes a template.HTML in text, and a
	// template.JS in a script, as they are.
	{textEscaper, stringType}:                    escapeHTML,
	{"_html_template_rcdataescaper", stringType}: escapeHTML,
	{attrEscaper, stringType}:                    escapeHTML,
	{textEscaper, htmlType}:                      nil,
	{"_html_template_jsvalescaper", jsType}:      nil,
}

// escapeHTML escapes s as html/template escapes a string in text, in an
// RCDATA element and in a quoted attribute value: the NUL, the quotes,
// "&", "+", "<" and ">". They are all ASCII, so no byte of them is part
// of a longer UTF-8 sequence, and the rest of s stays as it is, even
// where it is not valid UTF-8 (TestEscapeHTML compares the two).
func escapeHTML(s string) string {
	i := strings.IndexAny(s, attrSpecial)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for ; i >= 0; i = strings.IndexAny(s, attrSpecial) {
		b.WriteString(s[:i])
		switch s[i] {
		case 0:
			b.WriteString("\uFFFD")
		case '"':
			b.WriteString("&#34;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		}
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

// command compiles a command: a function call, or a single operand.
func (c *compiler) command(cmd *parse.CommandNode, dot reflect.Type) (expr, error) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return c.call(id.Ident, cmd.Args[1:], dot)
	}
	if len(cmd.Args) != 1 {
		return expr{}, notCompiled("arguments after an operand")
	}
	return c.operand(cmd.Args[0], dot)
}

// operand compiles an argument.
func (c *compiler) operand(n parse.Node, dot reflect.Type) (expr, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return expr{typ: dot, eval: func(d reflect.Value) (reflect.Value, error) { return d, nil }}, nil
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return expr{typ: v.Type(), konst: n.Text, eval: func(reflect.Value) (reflect.Value, error) { return v, nil }}, nil
	case *parse.FieldNode:
		return fieldChain(n.Ident, dot)
	case *parse.PipeNode:
		return c.pipe(n, dot)
	}
	return expr{}, notCompiled("an argument %s", n)
}

// fieldChain compiles .X.Y.Z on a dot of type dot: each step a field of a
// struct, through pointers, as text/template finds it when the type has
// no method of that name.
func fieldChain(names []string, dot reflect.Type) (expr, error) {
	type step struct {
		index []int
	}
	steps := make([]step, 0, len(names))
	t := dot
	for _, name := range names {
		if t == nil || t.Kind() == reflect.Interface {
			return expr{}, notCompiled("a field of an interface")
		}
		if _, ok := t.MethodByName(name); ok {
			return expr{}, notCompiled("a method")
		}
		if t.Kind() != reflect.Pointer {
			if _, ok := reflect.PointerTo(t).MethodByName(name); ok {
				return expr{}, notCompiled("a method")
			}
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return expr{}, notCompiled("a field of a %s", t.Kind())
		}
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			return expr{}, notCompiled("no field %s", name)
		}
		steps = append(steps, step{f.Index})
		t = f.Type
	}
	return expr{typ: t, eval: func(d reflect.Value) (reflect.Value, error) {
		for _, s := range steps {
			for d.Kind() == reflect.Pointer {
				if d.IsNil() {
					return reflect.Value{}, errFailed
				}
				d = d.Elem()
			}
			var err error
			if d, err = d.FieldByIndexErr(s.index); err != nil {
				return reflect.Value{}, errFailed
			}
		}
		return d, nil
	}}, nil
}

// call compiles a call of the function name with args.
func (c *compiler) call(name string, args []parse.Node, dot reflect.Type) (expr, error) {
	ops := make([]expr, len(args))
	for i, a := range args {
		e, err := c.operand(a, dot)
		if err != nil {
			return expr{}, err
		}
		ops[i] = e
	}
	switch name {
	case "and", "or":
		if len(ops) == 0 {
			return expr{}, notCompiled("%s without arguments", name)
		}
		// The value of the first argument that decides, as text/template
		// has it; only a branch reads it, for its truth.
		or := name == "or"
		return expr{eval: func(d reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, op := range ops {
				var err error
				if v, err = op.eval(d); err != nil {
					return v, err
				}
				if truth(v) == or {
					return v, nil
				}
			}
			return v, nil
		}}, nil
	case "not":
		if len(ops) != 1 {
			return expr{}, notCompiled("not with %d arguments", len(ops))
		}
		return expr{typ: reflect.TypeFor[bool](), eval: func(d reflect.Value) (reflect.Value, error) {
			v, err := ops[0].eval(d)
			if err != nil {
				return v, err
			}
			return reflect.ValueOf(!truth(v)), nil
		}}, nil
	}
	f, ok := c.funcs[name]
	if !ok {
		return expr{}, notCompiled("a call of %s", name)
	}
	for _, op := range ops {
		if op.typ == nil {
			return expr{}, notCompiled("an argument of and or or")
		}
	}
	ft := reflect.TypeOf(f)
	if err := checkCall(ft, ops); err != nil {
		return expr{}, err
	}
	typ := ft.Out(0)
	// The functions most calls are of are called without reflection.
	if call := direct(f, ops); call != nil {
		return expr{typ: typ, html: call, eval: func(d reflect.Value) (reflect.Value, error) {
			h, err := call(d)
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(h), nil
		}}, nil
	}
	fv := reflect.ValueOf(f)
	return expr{typ: typ, eval: func(d reflect.Value) (reflect.Value, error) {
		in := make([]reflect.Value, len(ops))
		for i, op := range ops {
			v, err := op.eval(d)
			if err != nil {
				return v, err
			}
			in[i] = v
		}
		out := fv.Call(in)
		if len(out) == 2 && !out[1].IsNil() {
			return reflect.Value{}, errFailed
		}
		return out[0], nil
	}}, nil
}

// direct returns a call of f with ops made without reflection, for the
// functions most calls are of, or nil. Its error is errFailed where f
// fails, or an operand's.
func direct(f any, ops []expr) func(reflect.Value) (template.HTML, error) {
	done := func(h template.HTML, err error) (template.HTML, error) {
		if err != nil {
			return "", errFailed
		}
		return h, nil
	}
	switch f := f.(type) {
	case func(string, ...any) (template.HTML, error): // t
		if ops[0].typ != stringType {
			return nil
		}
		return func(d reflect.Value) (template.HTML, error) {
			key, err := ops[0].eval(d)
			if err != nil {
				return "", err
			}
			rest := make([]any, len(ops)-1)
			for i := range rest {
				if rest[i], err = ops[i+1].boxed(d); err != nil {
					return "", err
				}
			}
			return done(f(key.String(), rest...))
		}
	case func(string, any) (template.HTML, error): // part, own
		if ops[0].typ != stringType {
			return nil
		}
		return func(d reflect.Value) (template.HTML, error) {
			name, err := ops[0].eval(d)
			if err != nil {
				return "", err
			}
			arg, err := ops[1].boxed(d)
			if err != nil {
				return "", err
			}
			return done(f(name.String(), arg))
		}
	case func([]compose.Sentence) (template.HTML, error): // sentences
		return func(d reflect.Value) (template.HTML, error) {
			v, err := ops[0].eval(d)
			if err != nil {
				return "", err
			}
			ss, _ := reflect.TypeAssert[[]compose.Sentence](v)
			return done(f(ss))
		}
	case func(compose.Sentence) (template.HTML, error): // say
		return func(d reflect.Value) (template.HTML, error) {
			v, err := ops[0].eval(d)
			if err != nil {
				return "", err
			}
			s, _ := reflect.TypeAssert[compose.Sentence](v)
			return done(f(s))
		}
	}
	return nil
}

// checkCall refuses a call of a function of type ft with ops unless each
// operand's type is assignable to its parameter, as text/template would
// pass it, and the function returns a value and at most an error.
func checkCall(ft reflect.Type, ops []expr) error {
	if ft.Kind() != reflect.Func || ft.NumOut() == 0 || ft.NumOut() > 2 || ft.NumOut() == 2 && ft.Out(1) != errorType {
		return notCompiled("a function of type %s", ft)
	}
	n := ft.NumIn()
	if ft.IsVariadic() {
		if len(ops) < n-1 {
			return notCompiled("too few arguments")
		}
	} else if len(ops) != n {
		return notCompiled("%d arguments for %d", len(ops), n)
	}
	for i, op := range ops {
		var pt reflect.Type
		if ft.IsVariadic() && i >= n-1 {
			pt = ft.In(n - 1).Elem()
		} else {
			pt = ft.In(i)
		}
		if !op.typ.AssignableTo(pt) {
			return notCompiled("an argument of type %s for %s", op.typ, pt)
		}
	}
	return nil
}

// owned is what a lane knows of a template that own executes with one
// type of data: whether it ran, and what it compiled to (nil: refused).
type owned struct {
	ran  bool
	prog *prog
	err  error // why it was refused
}

// execOwn writes to w the template name executed with v: compiled, once
// it has run on the lane, or by text/template. The pages of a renderer
// without a memo, which tests compare others with, are rendered by
// text/template alone.
func (p *parts) execOwn(w *bytes.Buffer, name string, v any) error {
	if p.memo == nil {
		return p.set.ExecuteTemplate(w, name, v)
	}
	k := progKey{name, reflect.TypeOf(v)}
	o := p.owned[k]
	if o == nil {
		o = &owned{}
		if p.owned == nil {
			p.owned = map[progKey]*owned{}
		}
		p.owned[k] = o
	}
	if o.prog != nil {
		n, placed := w.Len(), p.placedLen()
		if err := (*o.prog)(w, reflect.ValueOf(v)); err == nil {
			return nil
		}
		// Executed again, the template fails as it always has.
		w.Truncate(n)
		if p.placed != nil {
			*p.placed = (*p.placed)[:placed]
		}
		return p.set.ExecuteTemplate(w, name, v)
	}
	if err := p.set.ExecuteTemplate(w, name, v); err != nil || o.ran {
		return err
	}
	// It ran, so html/template has escaped it and what it calls: its
	// tree is now the one to compile.
	o.ran = true
	c := compiler{set: p.set, funcs: p.bound, progs: map[progKey]*prog{}}
	o.prog, o.err = c.compile(name, k.dot)
	return nil
}

func (p *parts) placedLen() int {
	if p.placed == nil {
		return 0
	}
	return len(*p.placed)
}
