package render

// Frames. Most of what a pair page's template writes is the same on every
// pair page of a language: the headings, the table's frame, the sections,
// the header and footer; what differs is which codes fill it. So the
// template of a kind is executed once per lane, language and kind with a
// PageData whose views are stand-ins, in which part, row and own write a
// slot marker (the NUL of memo.go) and note the call and which field of
// the page its arguments are: that output, cut at the slots, is the
// kind's frame. A page of the kind is then the frame's pieces with each
// slot's call made for the page's own fields: the parts and rows looked
// up in the memo, through a map of the lane's own per slot, and own, a
// template of what the page alone shows (its heading, its generated
// sentences), executed for the page. So a page costs the execution of
// what is its own, not of its template's every action.
//
// The invariant that makes this correct: outside part, row and own, the
// template reads nothing of the page that differs from page to page of
// the kind. A kind whose template does is not framed, and renders as any
// page does. It is checked when a lane first renders a page of the kind,
// by recording the frame three times: with stand-ins, an empty view in
// each of the page's views and a value that is not empty in each of its
// other fields (standIns); with the page's own data, whose frame must be
// the same, so that the template writes nothing of the page's values (its
// title, its sentences, a field of a view) outside its slots; and with
// every field empty, whose frame must have the same pieces and the same
// calls, so that the template neither reads a field of a view (which
// fails on nil) nor branches on whether the page has something (a note, a
// sentence). What the checks cannot see is a branch that the three
// records take alike and a later page does not (a list's length compared
// with 3, say): TestMemo compares every page of the fixture, and
// TestFramed pages of the real site in every language, with pages
// rendered whole, and TestFramed checks that the kinds of the n² pages
// are framed.

import (
	"bytes"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// slotFn is the function whose call a slot records.
type slotFn uint8

const (
	slotPart slotFn = iota
	slotRow
	slotOwn
)

// slot is one call of part, row or own in a kind's frame.
type slot struct {
	fn    slotFn
	name  string // the part, the row's cell, or own's template
	label string // a row's label
	args  [2]slotArg
	// th is a row's label as the lane's language writes it, and cells
	// holds, for each argument, the parts of the views the lane's pages
	// gave it (fill): a map of the lane's own, which needs no lock.
	th    template.HTML
	cells [2]map[any]*partOut
}

// slotArg is an argument of a slot's call: a pointer field of the page's
// PageData, the PageData itself, or a value that is the same on every
// page.
type slotArg struct {
	field int // an index of PageData's fields, or argPage, or argValue
	value any
}

const (
	argPage  = -1
	argValue = -2
)

// of returns the argument for the page whose data is d.
func (a slotArg) of(d *PageData) any {
	switch a.field {
	case argPage:
		return d
	case argValue:
		return a.value
	}
	return reflect.ValueOf(d).Elem().Field(a.field).Interface()
}

// frame is a kind's frame on one lane: what its template writes, cut at
// its slots (len(pieces) is len(slots)+1).
type frame struct {
	pieces []string
	slots  []slot
}

// pointerFields lists the indexes of PageData's pointer fields: its
// views, which a frame's stand-ins stand for.
var pointerFields = sync.OnceValue(func() []int {
	var fields []int
	t := reflect.TypeFor[PageData]()
	for i := range t.NumField() {
		if t.Field(i).Type.Kind() == reflect.Pointer {
			fields = append(fields, i)
		}
	}
	return fields
})

// recorder notes the calls of part, row and own while a frame is
// recorded from the PageData page.
type recorder struct {
	page  *PageData
	slots []slot
}

// add notes s and returns the slot's marker.
func (rc *recorder) add(s slot) template.HTML {
	rc.slots = append(rc.slots, s)
	return marker
}

// arg returns what v, an argument of a call, is of the page.
func (rc *recorder) arg(v any) slotArg {
	if p, ok := v.(*PageData); ok && p == rc.page {
		return slotArg{field: argPage}
	}
	d := reflect.ValueOf(rc.page).Elem()
	for _, i := range pointerFields() {
		// Pointers of distinct types differ; nil views are all alike.
		if f := d.Field(i); !f.IsNil() && f.Interface() == v {
			return slotArg{field: i}
		}
	}
	return slotArg{field: argValue, value: v}
}

// record executes the kind's template with d, noting its slots.
func (p *parts) record(d *PageData) (*frame, error) {
	rc := &recorder{page: d}
	p.rec = rc
	defer func() { p.rec = nil }()
	var b strings.Builder
	if err := p.set.ExecuteTemplate(&b, "base.html", d); err != nil {
		return nil, err
	}
	pieces := strings.Split(b.String(), marker)
	if len(pieces) != len(rc.slots)+1 {
		return nil, errMisplaced
	}
	return &frame{pieces: pieces, slots: rc.slots}, nil
}

// frameOf returns the frame of the lane's kind, made when first asked for
// from d, the data of the first page of the kind the lane renders; nil if
// the kind's template reads the page outside its slots.
func (p *parts) frameOf(d *PageData) *frame {
	if p.memo == nil {
		return nil // without a memo, a page is rendered whole (TestMemo)
	}
	if !p.framed {
		p.framed = true
		p.frame = p.makeFrame(d)
	}
	return p.frame
}

func (p *parts) makeFrame(d *PageData) *frame {
	stand, none := standIns(d), &PageData{Kind: d.Kind, Lang: d.Lang}
	f, err := p.record(stand)
	if err != nil {
		return nil
	}
	own, err := p.record(d)
	if err != nil || !slices.Equal(f.pieces, own.pieces) || !slices.EqualFunc(f.slots, own.slots, sameSlot) {
		return nil
	}
	empty, err := p.record(none)
	if err != nil || !slices.Equal(f.pieces, empty.pieces) || !slices.EqualFunc(f.slots, empty.slots, sameCall) {
		return nil
	}
	return f
}

// standIns returns the PageData a frame is recorded from: the kind and
// language of d, a new empty view in each of its views' fields, and in
// every other field a value that is not empty (a list of one, a text of
// one character, true, 1), where the record with no views has it empty,
// so that a branch on any field of the page sets the two records apart.
func standIns(d *PageData) *PageData {
	stand := &PageData{}
	v := reflect.ValueOf(stand).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		case reflect.String:
			f.SetString("\x01")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		}
	}
	stand.Kind, stand.Lang = d.Kind, d.Lang
	return stand
}

// sameSlot reports whether a and b are the same call with the same
// arguments.
func sameSlot(a, b slot) bool {
	return sameCall(a, b) && a.args[0].same(b.args[0]) && a.args[1].same(b.args[1])
}

// sameCall reports whether a and b call the same function of the same
// template.
func sameCall(a, b slot) bool {
	return a.fn == b.fn && a.name == b.name && a.label == b.label
}

func (a slotArg) same(b slotArg) bool {
	if a.field != b.field {
		return false
	}
	if a.field != argValue {
		return true
	}
	// Only values that compare, and compare equal, are the same on
	// every page.
	return a.value == nil && b.value == nil ||
		a.value != nil && b.value != nil && reflect.TypeOf(a.value).Comparable() && reflect.TypeOf(a.value) == reflect.TypeOf(b.value) && a.value == b.value
}

// fill writes to w the page whose data is d, of frame f: its pieces, and
// each slot's call made for d, whose parts are placed as the page's own.
func (p *parts) fill(w *bytes.Buffer, f *frame, d *PageData) error {
	for i := range f.slots {
		s := &f.slots[i]
		w.WriteString(f.pieces[i])
		a := s.args[0].of(d)
		switch s.fn {
		case slotPart:
			if _, ok := a.(*Versions); ok {
				// Cut at the tail of each page (versionsPart).
				h, err := p.part(s.name, a)
				if err != nil {
					return err
				}
				w.WriteString(string(h))
				continue
			}
			o, err := p.cell(s, 0, a)
			if err != nil {
				return err
			}
			w.WriteString(string(p.place(o)))
		case slotRow:
			if s.th == "" {
				th, err := p.r.t(p.lang, s.label)
				if err != nil {
					return err
				}
				s.th = th
			}
			ca, err := p.cell(s, 0, a)
			if err != nil {
				return err
			}
			cb, err := p.cell(s, 1, s.args[1].of(d))
			if err != nil {
				return err
			}
			p.writeRow(w, s.th, ca, cb)
		case slotOwn:
			if err := p.execOwn(w, s.name, a); err != nil {
				return err
			}
		}
	}
	w.WriteString(f.pieces[len(f.pieces)-1])
	return nil
}

// cell returns the part of slot s for v, its argument i, from the slot's
// map, or from the memo the first time.
func (p *parts) cell(s *slot, i int, v any) (*partOut, error) {
	if o, ok := s.cells[i][v]; ok {
		return o, nil
	}
	o, err := p.get(s.name, v)
	if err != nil {
		return nil, err
	}
	if s.cells[i] == nil {
		s.cells[i] = map[any]*partOut{}
	}
	s.cells[i][v] = o
	return o, nil
}
