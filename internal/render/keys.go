package render

// Page keys. A build carries a page over from the previous output when its
// key is the one recorded then, so a key must change whenever the page's
// bytes would. It is made from what the page is made from, not from a
// copy of what its template shows:
//
//   - the page's inputs (pageIn): Renderer.data reads nothing else of the
//     page, and the hash walks every exported field of it;
//   - each view in them stands for its sum: every exported field of the
//     view, the language-neutral data of its code (what package compose
//     reads for the generated sentences), and the face of each view it
//     links (CodeView.face; TestLinkedFace proves pages show no more);
//   - the template files of the page's kind;
//   - the program that renders it (ProgramID);
//   - its language's global key: the base URL, the assets, which pairs
//     the site has and the sums of the languages' user-interface strings
//     (Config.CatalogSums; the texts of the codes are in the views).
//
// Fields named Line and Col are positions in an input file, not content,
// and are left out, so that an edit above an entry does not change the
// keys of the pages that show it. Making a key renders nothing.

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"smtpcodes/internal/i18n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/site"
)

// Key returns the key of page p: equal keys, equal bytes.
func (r *Renderer) Key(p site.Page) output.Key {
	buf := keyBuffers.Get().(*[]byte)
	s := summer{b: (*buf)[:0]}
	s.bytes(r.global[p.Lang])
	s.bytes(r.templates[p.Kind])
	s.value(reflect.ValueOf(r.inputs(p)))
	key := output.Key(sha256.Sum256(s.b))
	*buf = s.b
	keyBuffers.Put(buf)
	return key
}

// keyBuffers holds the buffers that keys are written into before they are
// hashed: a build makes a key for every page, and a buffer each would be
// most of what the planning allocates.
var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// Program identifies the code that renders the pages (Config.Program).
func (r *Renderer) Program() []byte {
	if r.cfg.Program == nil {
		return ProgramID()
	}
	return r.cfg.Program
}

// globalKeys returns, by language and "" for the pages of no language,
// the hash of what every page of the language is made from besides its
// inputs.
func (r *Renderer) globalKeys() map[string][]byte {
	var common summer
	common.str("smtpcodes page key 1")
	common.bytes(r.Program())
	common.str(r.cfg.BaseURL)
	common.str(r.cfg.Pairs.String())
	names := make([]string, 0, len(r.cfg.Assets))
	for name := range r.cfg.Assets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		common.str(name)
		common.str(r.cfg.Assets[name])
	}
	out := map[string][]byte{}
	for _, lang := range append([]string{""}, r.cfg.Catalog.Langs...) {
		s := summer{b: slices.Clone(common.b)}
		s.str(lang)
		s.bytes(r.cfg.CatalogSums[i18n.Default])
		s.bytes(r.cfg.CatalogSums[dataLang(lang)])
		out[lang] = s.sum()
	}
	return out
}

// summarize sets the sums of every view of the language, once their links
// are final, and the sum of them all.
func (lv *langViews) summarize() {
	for _, v := range lv.codes {
		v.faceSum = sumOf(*v.face())
	}
	for _, e := range lv.enhanced {
		e.faceSum = sumOf(*e.face())
	}
	var all summer
	for _, v := range lv.codes {
		c := *v.data // the code without its texts, which the view has in its language
		c.Text = nil
		var s summer
		s.linked = true
		s.value(reflect.ValueOf(v).Elem())
		s.value(reflect.ValueOf(c))
		v.sum = s.sum()
		all.bytes(v.sum)
	}
	for _, e := range lv.enhanced {
		c := *e.data
		c.Text = nil
		var s summer
		s.linked = true
		s.value(reflect.ValueOf(e).Elem())
		s.value(reflect.ValueOf(c))
		e.sum = s.sum()
		all.bytes(e.sum)
	}
	lv.sum = all.sum()
}

// sumOf hashes the face of a view, which links no other.
func sumOf(face any) []byte {
	s := summer{linked: true}
	s.value(reflect.ValueOf(face))
	return s.sum()
}

// fields caches contentFields by type.
var fields sync.Map // reflect.Type -> []int

// contentFields returns the indexes of the fields of struct type t that
// a key covers: the exported ones but positions (Line, Col).
func contentFields(t reflect.Type) []int {
	if f, ok := fields.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && f.Name != "Line" && f.Name != "Col" {
			out = append(out, i)
		}
	}
	fields.Store(t, out)
	return out
}

// summer writes values in a form that tells any two apart, to be hashed.
type summer struct {
	b []byte
	// linked is set while writing a view's own data: a view it points to
	// is a view it links, written as its face. Otherwise a view is a
	// page's own, written as its sum.
	linked bool
}

func (s *summer) sum() []byte {
	h := sha256.Sum256(s.b)
	return h[:]
}

func (s *summer) str(x string) {
	s.b = binary.AppendUvarint(s.b, uint64(len(x)))
	s.b = append(s.b, x...)
}

func (s *summer) bytes(x []byte) {
	s.b = binary.AppendUvarint(s.b, uint64(len(x)))
	s.b = append(s.b, x...)
}

func (s *summer) view(sum, face []byte) {
	if s.linked {
		sum = face
	}
	if sum == nil {
		panic("render: a view without its sums; summarize the views once their links are final")
	}
	s.b = append(s.b, sum...)
}

// value writes v: its exported fields, following pointers, with views
// written as their sums.
func (s *summer) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			s.b = append(s.b, 1)
		} else {
			s.b = append(s.b, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.b = binary.AppendVarint(s.b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.b = binary.AppendUvarint(s.b, v.Uint())
	case reflect.String:
		s.str(v.String())
	case reflect.Slice, reflect.Array:
		s.b = binary.AppendUvarint(s.b, uint64(v.Len()))
		for i := range v.Len() {
			s.value(v.Index(i))
		}
	case reflect.Struct:
		for _, i := range contentFields(v.Type()) {
			s.value(v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			s.b = append(s.b, 0)
			return
		}
		s.b = append(s.b, 1)
		switch x := v.Interface().(type) {
		case *CodeView:
			s.view(x.sum, x.faceSum)
		case *EnhancedView:
			s.view(x.sum, x.faceSum)
		case *langViews:
			s.bytes(x.sum)
		default:
			s.value(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() {
			s.b = append(s.b, 0)
			return
		}
		s.str(v.Elem().Type().String())
		s.value(v.Elem())
	case reflect.Map:
		if !v.IsNil() {
			panic(fmt.Sprintf("render: cannot key a map (%s); give the page its entries in order", v.Type()))
		}
		s.b = append(s.b, 0)
	default:
		panic(fmt.Sprintf("render: cannot key a %s", v.Type()))
	}
}
