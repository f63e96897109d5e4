package render

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// fixture is the three-code fixture with the real catalogs, loaded once:
// a Renderer only reads them.
var fixture = sync.OnceValues(func() (*fixtureData, error) {
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		return nil, err
	}
	set, err := codes.Load("../../testdata/codes.yaml", []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		return nil, err
	}
	return &fixtureData{cat, set}, nil
})

type fixtureData struct {
	cat *i18n.Catalog
	set *codes.Set
}

// fixtureRenderer is a Renderer of the fixture; change, if not nil, edits
// its config first.
func fixtureRenderer(t testing.TB, change func(*Config)) (*Renderer, *codes.Set, *i18n.Catalog) {
	t.Helper()
	f, err := fixture()
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{TemplateDir: "../../templates", Codes: f.set, Catalog: f.cat, BaseURL: "https://example.org/docs/", Assets: testAssets}
	if change != nil {
		change(&cfg)
	}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r, f.set, f.cat
}

// sameRendering renders every page of the fixture with a and b and fails
// where the bytes differ.
func sameRendering(t *testing.T, a, b *Renderer, set *codes.Set, langs []string) {
	t.Helper()
	if n := renderBoth(t, a, b, set, langs, func(site.Page) bool { return true }); n < len(site.Kinds) {
		t.Fatalf("rendered %d pages; the fixture should have a page of each of the %d kinds", n, len(site.Kinds))
	}
}

// renderBoth renders the pages of set in langs that keep accepts with a
// and b, fails where the bytes differ, and returns how many it rendered.
func renderBoth(t *testing.T, a, b *Renderer, set *codes.Set, langs []string, keep func(site.Page) bool) int {
	t.Helper()
	n := 0
	site.Plan(set, langs, func(p site.Page) bool {
		if !keep(p) {
			return true
		}
		var ba, bb bytes.Buffer
		if err := a.Render(&ba, p); err != nil {
			t.Fatal(err)
		}
		if err := b.Render(&bb, p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ba.Bytes(), bb.Bytes()) {
			t.Errorf("%s: the two renders differ: %s", p.File(), firstDiff(ba.String(), bb.String()))
		}
		n++
		return true
	})
	return n
}

// TestMemo renders every page of the fixture with the memo of parts and
// without it: the bytes must be the same (the invariant of memo.go).
// Without the memo, a page's versions are a view of its own paths, so the
// parts of the shared views, cut at the stand-in of the tail and filled
// with each page's, are compared with what html/template writes for the
// page (versions.go). Under a base URL holding the stand-in, the parts
// cannot be cut, and each page renders its own.
func TestMemo(t *testing.T) {
	for _, base := range []string{"https://example.org/docs/", "https://example.org" + tailStandIn} {
		memo, set, cat := fixtureRenderer(t, func(c *Config) { c.BaseURL = base })
		plain, _, _ := fixtureRenderer(t, func(c *Config) { c.BaseURL = base; c.noMemo = true })
		sameRendering(t, memo, plain, set, cat.Langs)
		cut, whole := 0, 0
		for _, kinds := range memo.memos {
			for _, m := range kinds {
				m.Range(func(k, o any) bool {
					if _, ok := k.(partKey).view.(*Versions); ok {
						if o.(*partOut).pieces != nil {
							cut++
						} else {
							whole++
						}
					}
					return true
				})
			}
		}
		shapes := 0
		memo.ldShapes.Range(func(k, s any) bool {
			if s.(*ldShape) == nil {
				t.Errorf("base %s: the JSON-LD of %v was not cut", base, k)
			}
			shapes++
			return true
		})
		if shapes == 0 {
			t.Errorf("base %s: no page's JSON-LD came from a shape", base)
		}
		if strings.Contains(base, tailStandIn) {
			if cut != 0 || whole == 0 {
				t.Errorf("base %s: %d parts of versions cut, %d not; want none cut", base, cut, whole)
			}
		} else if cut == 0 || whole != 0 {
			t.Errorf("base %s: %d parts of versions cut, %d not; want all cut", base, cut, whole)
		}
	}
}

// TestLDShapeStandIn checks that the JSON-LD of a kind is not cut where a
// text of the language is a stand-in: the twin's cut differs, and the
// pages marshal their own.
func TestLDShapeStandIn(t *testing.T) {
	r, _, _ := fixtureRenderer(t, nil)
	f := &formatter{cat: r.cfg.Catalog, lang: "en"}
	if r.ldShape(site.Pair, "en", f) == nil {
		t.Fatal("the JSON-LD of a pair page was not cut")
	}
	data := `{"name":"` + ldStandIns.crumb + `","x":"` + ldStandIns.headline + `"}`
	cut := cutLD(data, ldStandIns)
	twin := cutLD(strings.ReplaceAll(data, ldStandIns.headline, ldTwins.headline), ldTwins)
	if slices.Equal(cut.pieces, twin.pieces) && slices.Equal(cut.value, twin.value) {
		t.Errorf("a text equal to a stand-in cut the same as the twin: %q, %v", cut.pieces, cut.value)
	}
	// A value written as it is must be what json.Marshal writes.
	for c := range 0x80 {
		for _, v := range []string{string(rune(c)), "a" + string(rune(c)) + "é", "\u2028", "\u2029", "\xff", "x\xe2\x80", "日本"} {
			q, _ := json.Marshal(v)
			if plain := plainJSON(v); plain != (string(q) == `"`+v+`"`) {
				t.Errorf("plainJSON(%q) = %v; json.Marshal writes %s", v, plain, q)
			}
		}
	}
	got, err := (&ldShape{pieces: []string{`{"a":`, `,"b":`, `}`}, value: []int{0, 2}}).fill(ldValues{crumb: "<x>", url: "u"})
	if want := `{"a":"\u003cx\u003e","b":"u"}`; err != nil || string(got) != want {
		t.Errorf("fill = %s, %v; want %s", got, err, want)
	}
}

// TestLinkedFace renders every page of the fixture as it is and with every
// view a view links (a related code, a code to compare with, an enhanced
// code seen with a code, its usual reply codes) cut down to its face: the
// bytes must be the same. A page's key covers only the faces of the views
// its own views link, so a template that showed more of a linked view
// would keep the page stale when that changed.
func TestLinkedFace(t *testing.T) {
	full, set, cat := fixtureRenderer(t, nil)
	faced, _, _ := fixtureRenderer(t, nil)
	for _, lv := range faced.langs {
		faces := map[*CodeView]*CodeView{}
		face := func(v *CodeView) *CodeView {
			if faces[v] == nil {
				faces[v] = v.face()
			}
			return faces[v]
		}
		efaces := map[*EnhancedView]*EnhancedView{}
		eface := func(e *EnhancedView) *EnhancedView {
			if efaces[e] == nil {
				efaces[e] = e.face()
			}
			return efaces[e]
		}
		links := 0
		for _, v := range lv.codes {
			for i := range v.Related {
				v.Related[i].Code = face(v.Related[i].Code)
				links++
			}
			for i := range v.Enhanced {
				v.Enhanced[i] = eface(v.Enhanced[i])
				links++
			}
			v.setOtherPairs()
		}
		for _, e := range lv.enhanced {
			for i := range e.Basic {
				e.Basic[i] = face(e.Basic[i])
				links++
			}
		}
		if links == 0 {
			t.Fatal("the fixture's views link no other view; the test proves nothing")
		}
	}
	sameRendering(t, full, faced, set, cat.Langs)
}

// TestKeys checks that page keys tell pages apart and are stable: every
// page of the fixture has a key of its own, the same from a second
// Renderer of the same inputs, and a renderer with another base URL, or
// another program, gives every page another key.
func TestKeys(t *testing.T) {
	a, set, cat := fixtureRenderer(t, nil)
	b, _, _ := fixtureRenderer(t, nil)
	other, _, _ := fixtureRenderer(t, func(c *Config) { c.BaseURL = "https://example.org/" })
	rebuilt, _, _ := fixtureRenderer(t, func(c *Config) { c.Program = []byte("another generator") })
	seen := map[[32]byte]string{}
	site.Plan(set, cat.Langs, func(p site.Page) bool {
		k := a.Key(p)
		if prev, dup := seen[k]; dup {
			t.Errorf("%s and %s have the same key", prev, p.File())
		}
		seen[k] = p.File()
		if kb := b.Key(p); kb != k {
			t.Errorf("%s: Key differs between two renderers of the same inputs", p.File())
		}
		if other.Key(p) == k {
			t.Errorf("%s: Key is the same under another base URL", p.File())
		}
		if rebuilt.Key(p) == k {
			t.Errorf("%s: Key is the same from another program", p.File())
		}
		return true
	})
}

// TestProgramID checks that the test binary is identified by its build ID,
// the same on every call.
func TestProgramID(t *testing.T) {
	id := ProgramID()
	if len(id) != 32 || !bytes.Equal(id, ProgramID()) {
		t.Fatalf("ProgramID() = %x, then %x: want one 32-byte hash", id, ProgramID())
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && elfBuildID(exe) == nil {
		t.Errorf("%s has no Go build ID note: ProgramID hashes the whole executable instead", exe)
	}
}
