package render

// The memo. What is the same on many pages is rendered once: a part
// (what a pair page shows of one code, a list of references, the header
// of a language) is a named template executed with one view, and its
// output is kept by template name and view pointer, per language and page
// kind.
//
// The invariant that makes this correct: a part's output depends only on
// its argument and the language. A part must read nothing of the page
// (the templates give it a view, never the PageData), and equal arguments
// must be one pointer: views are made once per language, and refList
// interns equal lists of references, so that pages citing the same
// sections share their part. TestMemo renders every page of the fixture
// with the memo and without it and compares the bytes.

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// parts memoizes named templates executed for one code: what a pair page
// shows of a code is the same on every pair page of that code, so it is
// rendered once per code and language instead of once per pair.
type parts struct {
	set *template.Template
	// memo is shared by the lanes of one language and page kind: a part
	// renders the same on every lane, and one copy keeps memory flat.
	// A nil memo renders every part every time (TestMemo).
	memo *sync.Map // partKey -> template.HTML
}

type partKey struct {
	name string
	view any // a view: *CodeView, *EnhancedView, *Chrome, *RefList, *OtherPairs
}

// part returns the template name executed with v, rendering it only the
// first time it is asked for.
func (p *parts) part(name string, v any) (template.HTML, error) {
	k := partKey{name, v}
	if p.memo != nil {
		if h, ok := p.memo.Load(k); ok {
			return h.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := p.set.ExecuteTemplate(&b, name, v); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if p.memo != nil {
		p.memo.Store(k, h)
	}
	return h, nil
}

// row returns the template function that writes one row of a comparison
// table: the translated label, then the part cell rendered for each of the
// two codes, as two cells or as one spanning both when they are the same.
// The cells are memoized parts, so a row costs one call however many
// pages show it.
func (r *Renderer) row(lang string, p *parts) func(label, cell string, a, b any) (template.HTML, error) {
	return func(label, cell string, a, b any) (template.HTML, error) {
		th, err := r.t(lang, label)
		if err != nil {
			return "", err
		}
		ca, err := p.part(cell, a)
		if err != nil {
			return "", err
		}
		cb, err := p.part(cell, b)
		if err != nil {
			return "", err
		}
		// The end tags of a row and its cells are optional in HTML: the
		// next row, or the end of the table, closes them.
		if ca == cb {
			return `<tr><th scope=row>` + th + `<td colspan=2>` + ca, nil
		}
		return `<tr><th scope=row>` + th + `<td>` + ca + `<td>` + cb, nil
	}
}

// refList returns the one RefList holding refs, so that pages citing the
// same references share the memoized part that lists them.
func (r *Renderer) refList(refs []Ref) *RefList {
	key := make([]byte, 0, 16*len(refs))
	for _, ref := range refs {
		key = strconv.AppendInt(key, int64(ref.RFC), 10)
		key = append(key, '#')
		key = append(key, ref.Section...)
		key = append(key, '|')
	}
	if l, ok := r.refLists.Load(string(key)); ok {
		return l.(*RefList)
	}
	l, _ := r.refLists.LoadOrStore(string(key), newRefList(refs))
	return l.(*RefList)
}
