package render

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// compileData is the data of the templates of TestCompile.
type compileData struct {
	H    template.HTML
	S    string
	N    int
	L    []template.HTML
	P    *compileInner
	Q    *compileInner
	M    map[string]string
	Any  any
	Flag bool
	JS   template.JS
}

type compileInner struct {
	H template.HTML
	In
}

// In is embedded, so that its field is promoted.
type In struct{ Deep template.HTML }

func (compileData) Method() template.HTML { return "method" }

var compileFuncs = template.FuncMap{
	"t": func(key string, args ...any) (template.HTML, error) {
		var b strings.Builder
		b.WriteString(key)
		for _, a := range args {
			b.WriteString("|")
			b.WriteString(template.HTMLEscapeString(strings.TrimSpace(strings.ReplaceAll(strings.Trim(fmtAny(a), " "), "\n", " "))))
		}
		return template.HTML(b.String()), nil
	},
	"fail": func(h template.HTML) (template.HTML, error) {
		if h == "" {
			return "", errors.New("nothing to say")
		}
		return h, nil
	},
	"wrap": func(h template.HTML, extra ...string) template.HTML {
		return "<b>" + h + template.HTML(strings.Join(extra, ",")) + "</b>"
	},
}

func fmtAny(a any) string {
	switch a := a.(type) {
	case string:
		return a
	case template.HTML:
		return string(a)
	case int:
		return strings.Repeat("#", a)
	}
	return "?"
}

const compileTemplates = `
{{define "text"}}<p>plain</p>{{end}}
{{define "html"}}<p>{{.H}}</p>{{end}}
{{define "call"}}<p>{{t "key" "a" .N "b" .H "c" (wrap .P.H "x" "y")}}</p>{{end}}
{{define "if"}}{{if or .Flag .L}}yes{{else if .P}}p{{else}}no{{end}}|{{if and .Flag .P}}both{{end}}|{{if not .Q}}no q{{end}}{{end}}
{{define "with"}}{{with .P}}<i>{{.H}}{{.Deep}}</i>{{else}}none{{end}}{{end}}
{{define "range"}}<ul>{{range .L}}<li>{{.}}</li>{{else}}<li>empty</li>{{end}}</ul>{{end}}
{{define "call-template"}}[{{template "inner" .P}}]{{end}}
{{define "inner"}}{{.H}}{{with .Deep}}+{{.}}{{end}}{{end}}
{{define "nil-field"}}{{.Q.H}}{{end}}
{{define "fails"}}a{{fail .H}}b{{end}}
{{define "if-any"}}{{if .Any}}yes{{else}}no{{end}}|{{if or .Any .Flag}}one{{end}}{{end}}
{{define "strings"}}<title>{{.S}}</title><meta content="{{.S}}"><p>{{.S}}</p>{{with .JS}}<script type=application/ld+json>{{.}}</script>{{end}}{{end}}

{{define "variable"}}{{$x := .H}}{{$x}}{{end}}
{{define "method"}}{{.Method}}{{end}}
{{define "attribute"}}<a title="{{.H}}">x</a>{{end}}
{{define "url"}}<a href="{{.S}}">x</a>{{end}}
{{define "script"}}<script>var s = {{.S}};</script>{{end}}
{{define "number"}}{{t "k" 3}}{{end}}
{{define "map"}}{{range .M}}{{.}}{{end}}{{end}}
{{define "interface"}}{{t "k" .Any.X}}{{end}}
{{define "no-data"}}{{template "text"}}{{end}}
`

// TestCompile checks that a compiled template writes what text/template
// writes from the tree html/template escaped, and that the constructs it
// does not take are refused, not compiled wrong.
func TestCompile(t *testing.T) {
	set := template.Must(template.New("").Funcs(compileFuncs).Parse(compileTemplates))
	datas := []*compileData{
		{H: "<em>x</em>", S: `a "b" & 'c' <d> +e`, JS: `{"a":"<\/b>"}`, N: 2, L: []template.HTML{"a", "<b>b</b>"}, P: &compileInner{H: "ph", In: In{Deep: "deep"}}, Q: &compileInner{}, Flag: true},
		{H: "h", P: &compileInner{H: "<p>"}, Q: &compileInner{H: "q"}, Any: 0},
		{Any: "x"},
		{Any: ""},
		{},
	}
	compiled := []string{"text", "html", "call", "if", "with", "range", "call-template", "nil-field", "fails", "strings", "if-any"}
	for _, name := range compiled {
		for i, d := range datas {
			var want bytes.Buffer
			wantErr := set.ExecuteTemplate(&want, name, d) // escapes it, as own's first run does
			c := compiler{set: set, funcs: compileFuncs, progs: map[progKey]*prog{}}
			p, err := c.compile(name, reflect.TypeOf(d))
			if err != nil {
				t.Errorf("%s: %v; want it compiled", name, err)
				break
			}
			var got bytes.Buffer
			gotErr := (*p)(&got, reflect.ValueOf(d))
			if wantErr != nil {
				if !errors.Is(gotErr, errFailed) {
					t.Errorf("%s, data %d: compiled, %v; text/template fails (%v), so it should fail", name, i, gotErr, wantErr)
				}
				continue
			}
			if gotErr != nil || got.String() != want.String() {
				t.Errorf("%s, data %d: compiled, %q (%v); text/template writes %q", name, i, got.String(), gotErr, want.String())
			}
		}
	}
	for _, name := range []string{"variable", "method", "attribute", "url", "script", "number", "map", "interface", "no-data"} {
		_ = set.ExecuteTemplate(io.Discard, name, datas[0])
		c := compiler{set: set, funcs: compileFuncs, progs: map[progKey]*prog{}}
		if _, err := c.compile(name, reflect.TypeOf(datas[0])); !errors.As(err, new(refused)) {
			t.Errorf("%s: compiled (%v); want it refused", name, err)
		}
	}
}

// TestOwnCompiled checks own's use of a compiled template: the first run
// is text/template's, the next ones compiled, and a compiled run that
// fails leaves nothing of itself and returns text/template's error.
func TestOwnCompiled(t *testing.T) {
	set := template.Must(template.New("").Funcs(compileFuncs).Parse(compileTemplates))
	p := &parts{set: set, memo: &sync.Map{}, bound: compileFuncs}
	d := &compileData{H: "h", Q: &compileInner{H: "q"}}
	for range 2 {
		var b bytes.Buffer
		if err := p.execOwn(&b, "nil-field", d); err != nil || b.String() != "q" {
			t.Fatalf("nil-field = %q, %v; want %q", b.String(), err, "q")
		}
	}
	o := p.owned[progKey{"nil-field", reflect.TypeOf(d)}]
	if o == nil || o.prog == nil {
		t.Fatalf("nil-field is not compiled after two runs: %+v", o)
	}
	var want bytes.Buffer
	wantErr := set.ExecuteTemplate(&want, "nil-field", &compileData{})
	b := bytes.NewBufferString("before")
	err := p.execOwn(b, "nil-field", &compileData{})
	if err == nil || err.Error() != wantErr.Error() || b.String() != "before"+want.String() {
		t.Errorf("nil-field with a nil Q: %q, %v; want %q, %v", b.String(), err, "before"+want.String(), wantErr)
	}
}

// TestEscapeHTML compares escapeHTML with what html/template writes for a
// string in text, in the title and in a quoted attribute value, on
// strings of every byte that matters, of runes html/template treats
// apart, and of bytes that are not UTF-8.
func TestEscapeHTML(t *testing.T) {
	set := template.Must(template.New("").Parse(`{{define "text"}}{{.}}{{end}}{{define "title"}}<title>{{.}}</title>{{end}}{{define "attr"}}<a title="{{.}}">{{end}}`))
	around := map[string][2]string{"text": {"", ""}, "title": {"<title>", "</title>"}, "attr": {`<a title="`, `">`}}
	inputs := []string{"", "plain", "a&b<c>d\"e'f+g\x00h", "&amp; already", "\xff\xfe bad \xc3", "\ufdd0\ufffe\uffff", "é 日本 🙂", "<<>>&&''\"\"++\x00\x00"}
	for b := range 256 {
		inputs = append(inputs, "x"+string(rune(b))+"y", "x"+string([]byte{byte(b)})+"y")
	}
	for name, wrap := range around {
		for _, in := range inputs {
			var b strings.Builder
			if err := set.ExecuteTemplate(&b, name, in); err != nil {
				t.Fatal(err)
			}
			if want, got := b.String(), wrap[0]+escapeHTML(in)+wrap[1]; got != want {
				t.Errorf("%s, %q: escapeHTML writes %q; html/template %q", name, in, got, want)
			}
		}
	}
}
