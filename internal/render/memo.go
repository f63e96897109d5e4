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
//
// Assembly. A page is not rendered through its parts: where the page's
// own template calls part (or row), the call returns a marker, a NUL,
// which nothing else on a page can hold (html/template escapes a NUL in
// every context, and the YAML of the inputs cannot carry one), and the
// lane notes which part goes there. What the page's template wrote is
// then cut at the markers, and the page is assembled from its own pieces,
// with their links made relative, and the parts' bytes, made relative
// once per folder the pages of a kind live in (relPart). So a page costs
// the execution of what is its own, and the scan of its own bytes for
// links, not of every part's again.

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"smtpcodes/internal/site"
)

// parts memoizes named templates executed for one code: what a pair page
// shows of a code is the same on every pair page of that code, so it is
// rendered once per code and language instead of once per pair.
type parts struct {
	r    *Renderer
	lang string
	set  *template.Template
	// memo is shared by the lanes of one language and page kind: a part
	// renders the same on every lane, and one copy keeps memory flat.
	// A nil memo renders every part every time (TestMemo), into the page.
	memo *sync.Map // partKey -> *partOut
	// depth is how many parts are rendering: a part inside a part is
	// written into it, not assembled.
	depth int
	// placed lists, while a page's template runs (placed non-nil), the
	// parts of its markers, in order.
	placed *[]*partOut
	// page is the page rendering, for a part of its Versions that is
	// rendered with its own paths (versionsPart).
	page site.Page
	// rec, while a frame is recorded, notes the calls of part, row and
	// own, which write a slot (frame.go); frame is the kind's frame on
	// this lane once made, nil if the kind's template cannot be framed.
	rec    *recorder
	frame  *frame
	framed bool
	// bound is what the set's templates call, bound to this lane, and
	// owned each template own executes, compiled once it has run
	// (compile.go).
	bound template.FuncMap
	owned map[progKey]*owned
}

type partKey struct {
	name string
	view any // a view: *CodeView, *EnhancedView, *Chrome, *RefList, *OtherPairs
}

// partOut is a rendered part: its HTML, and its bytes with the links made
// relative from the folder of the pages that show it, once.
type partOut struct {
	html template.HTML
	rel  atomic.Pointer[relPart]
	// pieces is, for a part of a shared Versions view, its HTML cut at
	// the stand-in of the tail, which a page's own tail fills (fillTail);
	// absolute says that its links stay as they are on every page (they
	// are absolute URLs: a page's canonical URL and alternates).
	pieces   []string
	absolute bool
}

// relPart is a part's bytes with every link made relative from a page in
// parent, a folder; what a link becomes depends only on parent, unless
// it leads into the page's own folder: under holds the names of the
// folders of parent that the part names at all, and a page in one of
// them has the part made relative on its own.
type relPart struct {
	parent   string
	inFolder bool
	b        string // the part itself when no link changed
	under    map[string]bool
}

// get returns the part name executed with v, rendering it only the first
// time it is asked for.
func (p *parts) get(name string, v any) (*partOut, error) {
	k := partKey{name, v}
	// A page's own Versions serves that page alone (versions.go).
	memo := p.memo
	if vs, ok := v.(*Versions); ok && vs.twin == nil {
		memo = nil
	}
	if memo != nil {
		if o, ok := memo.Load(k); ok {
			return o.(*partOut), nil
		}
	}
	var b strings.Builder
	p.depth++
	err := p.set.ExecuteTemplate(&b, name, v)
	p.depth--
	if err != nil {
		return nil, err
	}
	o := &partOut{html: template.HTML(b.String())}
	if vs, ok := v.(*Versions); ok && vs.twin != nil {
		// Cut only if the twin cuts into the same pieces (versions.go).
		var twin strings.Builder
		p.depth++
		err := p.set.ExecuteTemplate(&twin, name, vs.twin)
		p.depth--
		if err != nil {
			return nil, err
		}
		if pieces := strings.Split(string(o.html), tailStandIn); slices.Equal(pieces, strings.Split(twin.String(), twinStandIn)) {
			// A tail, a path after a language, never starts a link's
			// value, so the pieces say whether the part filled holds a
			// link to make relative.
			o.pieces, o.absolute = pieces, !p.r.base.MayRewrite([]byte(o.html))
		}
	}
	if memo != nil {
		memo.Store(k, o)
	}
	return o, nil
}

// place returns what the template writes for part o: a marker where the
// page is assembled, the part itself inside another part or without a
// memo.
func (p *parts) place(o *partOut) template.HTML {
	if p.placed == nil || p.depth > 0 {
		return o.html
	}
	*p.placed = append(*p.placed, o)
	return marker
}

// marker stands for a part in what a page's own template writes.
const marker = "\x00"

// part is the template function part.
func (p *parts) part(name string, v any) (template.HTML, error) {
	if p.rec != nil && p.depth == 0 {
		return p.rec.add(slot{fn: slotPart, name: name, args: [2]slotArg{p.rec.arg(v)}}), nil
	}
	if vs, ok := v.(*Versions); ok && vs.twin != nil {
		return p.versionsPart(name, vs)
	}
	o, err := p.get(name, v)
	if err != nil {
		return "", err
	}
	return p.place(o), nil
}

// versionsPart is part for a shared Versions view (versions.go): the part
// is rendered once, cut at the stand-in of the tail, and placed, and the
// page's own tail fills the cuts when the page is assembled. Inside
// another part, or when the part could not be cut, it is rendered with the
// page's own Versions.
func (p *parts) versionsPart(name string, v *Versions) (template.HTML, error) {
	if p.placed != nil && p.depth == 0 {
		o, err := p.get(name, v)
		if err != nil {
			return "", err
		}
		if o.pieces != nil {
			return p.place(o), nil
		}
	}
	var b strings.Builder
	p.depth++
	err := p.set.ExecuteTemplate(&b, name, p.r.own(p.page))
	p.depth--
	return template.HTML(b.String()), err
}

// row is the template function row, which writes one row of a
// comparison table: the translated label, then the part cell rendered for
// each of the two codes, as two cells or as one spanning both when they
// are the same. The cells are memoized parts, so a row costs one call
// however many pages show it.
func (p *parts) row(label, cell string, a, b any) (template.HTML, error) {
	if p.rec != nil && p.depth == 0 {
		return p.rec.add(slot{fn: slotRow, name: cell, label: label, args: [2]slotArg{p.rec.arg(a), p.rec.arg(b)}}), nil
	}
	th, err := p.r.t(p.lang, label)
	if err != nil {
		return "", err
	}
	ca, err := p.get(cell, a)
	if err != nil {
		return "", err
	}
	cb, err := p.get(cell, b)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	p.writeRow(&out, th, ca, cb)
	return template.HTML(out.String()), nil
}

// writeRow writes to w the row labelled th of the cells ca and cb,
// placed: a frame's slots write it into the page (fill), row into a
// string of its own.
func (p *parts) writeRow(w io.StringWriter, th template.HTML, ca, cb *partOut) {
	// The end tags of a row and its cells are optional in HTML: the
	// next row, or the end of the table, closes them.
	w.WriteString(`<tr><th scope=row>`)
	w.WriteString(string(th))
	if ca.html == cb.html {
		w.WriteString(`<td colspan=2>`)
		w.WriteString(string(p.place(ca)))
		return
	}
	w.WriteString(`<td>`)
	w.WriteString(string(p.place(ca)))
	w.WriteString(`<td>`)
	w.WriteString(string(p.place(cb)))
}

// own is the template function own: the template name executed with v,
// what a page shows of its own amid what every page of its kind shows
// (frame.go). Its parts are placed as the page's own.
func (p *parts) own(name string, v any) (template.HTML, error) {
	if p.rec != nil && p.depth == 0 {
		return p.rec.add(slot{fn: slotOwn, name: name, args: [2]slotArg{p.rec.arg(v)}}), nil
	}
	var b bytes.Buffer
	err := p.execOwn(&b, name, v)
	return template.HTML(b.String()), err
}

// funcs returns the template functions bound to the parts: part, row
// and own.
func (p *parts) funcs() template.FuncMap {
	return template.FuncMap{"part": p.part, "row": p.row, "own": p.own}
}

// assemble appends to dst the page file that its template wrote as own,
// with the parts placed at its markers: the page's own bytes and the
// parts with their links made relative to the page (base.Relative), or
// as they are on a page that may be served from any address (relative
// false). A part cut at the stand-in of the tail is filled with tail, in
// fill, a buffer of the caller's, and made relative as the page's own
// bytes are.
func assemble(dst, own []byte, placed []*partOut, base site.Base, file, tail string, relative bool, fill *[]byte) ([]byte, error) {
	if n := bytes.Count(own, []byte(marker)); n != len(placed) {
		// A part in an attribute, a script or the title is escaped
		// there, its marker with it; parts belong between elements.
		return dst, errMisplaced
	}
	dir := path.Dir(file) + "/"
	if dir == "./" {
		dir = ""
	}
	parent, name := splitDir(dir)
	inFolder := dir != "" // a page at the root is in no folder of a parent
	for _, o := range placed {
		i := bytes.IndexByte(own, 0)
		if o.pieces != nil {
			switch {
			case !relative:
				dst = fillTail(append(dst, own[:i]...), o.pieces, tail)
			case o.absolute:
				dst = fillTail(base.Relative(dst, own[:i], file), o.pieces, tail)
			default:
				dst = base.Relative(dst, own[:i], file)
				*fill = fillTail((*fill)[:0], o.pieces, tail)
				dst = base.Relative(dst, *fill, file)
			}
		} else if !relative {
			dst = append(append(dst, own[:i]...), o.html...)
		} else {
			dst = base.Relative(dst, own[:i], file)
			if rp := o.relative(base, parent, inFolder); rp.under[name] {
				dst = base.Relative(dst, []byte(o.html), file)
			} else {
				dst = append(dst, rp.b...)
			}
		}
		own = own[i+1:]
	}
	if !relative {
		return append(dst, own...), nil
	}
	return base.Relative(dst, own, file), nil
}

// fillTail appends pieces to dst with tail between each two.
func fillTail(dst []byte, pieces []string, tail string) []byte {
	for i, s := range pieces {
		if i > 0 {
			dst = append(dst, tail...)
		}
		dst = append(dst, s...)
	}
	return dst
}

// splitDir splits a folder path ending in "/" into its parent folder and
// its own name: "en/smtp/552-x/" into "en/smtp/" and "552-x".
func splitDir(dir string) (parent, name string) {
	if dir == "" {
		return "", ""
	}
	i := strings.LastIndexByte(dir[:len(dir)-1], '/')
	return dir[:i+1], dir[i+1 : len(dir)-1]
}

// relative returns o made relative from a page in a folder of parent,
// or, with inFolder false, from a page in parent itself.
func (o *partOut) relative(base site.Base, parent string, inFolder bool) *relPart {
	if rp := o.rel.Load(); rp != nil && rp.parent == parent && rp.inFolder == inFolder {
		return rp
	}
	rp := &relPart{parent: parent, inFolder: inFolder, under: map[string]bool{}}
	if !inFolder {
		rp.b = relativeOf(base, o.html, parent+"index.html")
		o.rel.Store(rp)
		return rp
	}
	// A folder of parent that no link can name: "\x00" is in no path.
	rp.b = relativeOf(base, o.html, parent+marker+"/index.html")
	prefix := base.Href(parent)
	for s := string(o.html); ; {
		i := strings.Index(s, prefix)
		if i < 0 {
			break
		}
		s = s[i+len(prefix):]
		end := strings.IndexAny(s, "/\"' >#?")
		if end < 0 {
			end = len(s)
		}
		rp.under[s[:end]] = true
	}
	o.rel.Store(rp)
	return rp
}

// relativeOf returns html with its links made relative from file, html
// itself, not a copy, when no link changes (a list of references links
// only other sites): a link made relative is always shorter.
func relativeOf(base site.Base, html template.HTML, file string) string {
	b := base.Relative(nil, []byte(html), file)
	if len(b) == len(html) {
		return string(html)
	}
	return string(b)
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

// errMisplaced is the error of a page whose template calls part, row or own
// where the output is escaped.
var errMisplaced = errors.New("a part, row or own is called inside an attribute, a script or the title, where its HTML would be escaped; call them between elements only")
