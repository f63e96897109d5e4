package render

// The JSON-LD of a page is the same on every page of its kind and
// language but for three values: the name of its own crumb (for a kind
// named after its entries), and an article's headline and URL. It is
// marshalled once per kind and language with a stand-in string for each
// of them, and cut at the stand-ins; a page's JSON-LD is the pieces with
// each of its values, marshalled as a JSON string, where its stand-in
// was. json.Marshal writes a string field as it writes the string alone,
// so the bytes are those of marshalling the page's own values
// (TestMemo compares every page with one whose JSON-LD is marshalled
// whole). As for a page's versions (versions.go), the cut is made twice,
// with two sets of stand-ins, and kept only if both cut the same pieces:
// a text of the language that held a stand-in could not shift a cut.

import (
	"encoding/json"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"

	"smtpcodes/internal/site"
)

// ldValues is what is a page's own in its JSON-LD.
type ldValues struct {
	crumb, headline, url string
}

func (v ldValues) get(i int) string {
	return [...]string{v.crumb, v.headline, v.url}[i]
}

var (
	ldStandIns = ldValues{"~~ld-crumb~~", "~~ld-headline~~", "~~ld-url~~"}
	ldTwins    = ldValues{"~~ld-twin-crumb~~", "~~ld-twin-headline~~", "~~ld-twin-url~~"}
)

// ldShape is the JSON-LD of the pages of one kind and language, cut at
// the page's own values: value[i] is which (ldValues.get) follows
// pieces[i], the last piece followed by none.
type ldShape struct {
	pieces []string
	value  []int
}

type ldKey struct {
	kind site.Kind
	lang string
}

// ldShape returns the shape of the JSON-LD of kind in lang, made the first
// time it is asked for, or nil where it cannot be cut: such pages
// marshal their own.
func (r *Renderer) ldShape(kind site.Kind, lang string, f *formatter) *ldShape {
	k := ldKey{kind, lang}
	if s, ok := r.ldShapes.Load(k); ok {
		return s.(*ldShape)
	}
	data, err := r.marshalLD(kind, lang, f, ldStandIns)
	if err != nil {
		return nil // the page's own marshalling reports it
	}
	twin, err := r.marshalLD(kind, lang, f, ldTwins)
	if err != nil {
		return nil
	}
	shape := cutLD(string(data), ldStandIns)
	if other := cutLD(string(twin), ldTwins); !slices.Equal(shape.pieces, other.pieces) || !slices.Equal(shape.value, other.value) {
		shape = nil
	}
	s, _ := r.ldShapes.LoadOrStore(k, shape)
	return s.(*ldShape)
}

// cutLD cuts the JSON data at each quoted stand-in of stand.
func cutLD(data string, stand ldValues) *ldShape {
	var quoted [3]string
	for i := range quoted {
		quoted[i] = `"` + stand.get(i) + `"`
	}
	s := &ldShape{}
	for {
		at, which := -1, -1
		for i, q := range quoted {
			if j := strings.Index(data, q); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if at < 0 {
			s.pieces = append(s.pieces, data)
			return s
		}
		s.pieces, s.value = append(s.pieces, data[:at]), append(s.value, which)
		data = data[at+len(quoted[which]):]
	}
}

// fill returns the JSON-LD of a page with the values own.
func (s *ldShape) fill(own ldValues) (template.JS, error) {
	n := 0
	for _, p := range s.pieces {
		n += len(p)
	}
	for _, v := range s.value {
		n += len(own.get(v)) + 2
	}
	b := make([]byte, 0, n)
	for i, p := range s.pieces {
		b = append(b, p...)
		if i < len(s.value) {
			v := own.get(s.value[i])
			if !plainJSON(v) {
				q, err := json.Marshal(v)
				if err != nil {
					return "", err
				}
				b = append(b, q...)
				continue
			}
			b = append(b, '"')
			b = append(b, v...)
			b = append(b, '"')
		}
	}
	return template.JS(b), nil
}

// plainJSON reports whether json.Marshal writes s as it is, in quotes: it
// is valid UTF-8 and holds no character that json.Marshal escapes (a
// quote, a backslash, a control character, <, >, &, U+2028, U+2029).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029")
}
