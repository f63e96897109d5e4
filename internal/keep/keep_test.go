package keep

import "testing"

// TestMap checks that a value is kept while builds use it, and let go
// after a build that did not.
func TestMap(t *testing.T) {
	m := New[string, int]()
	m.Begin()
	m.Put("a", 1)
	m.Put("b", 2)
	m.Begin()
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) in the next build = %v, %v; want 1, true", v, ok)
	}
	m.Begin() // b was not used by the build before
	if _, ok := m.Get("b"); ok {
		t.Error("b is kept after a build that did not use it")
	}
	if v, ok := m.Get("a"); !ok || v != 1 {
		t.Errorf("Get(a) = %v, %v; want it kept, as the build before used it", v, ok)
	}
	var none *Map[string, int]
	none.Begin()
	none.Put("a", 1)
	if _, ok := none.Get("a"); ok {
		t.Error("a nil map kept a value")
	}
}

// TestChanged checks that a map reports a build that used all it kept as
// unchanged, and one that put a value or left one unused as changed, with
// what it used.
func TestChanged(t *testing.T) {
	m := New[string, int]()
	m.Put("a", 1)
	m.Put("b", 2)
	m.Begin()
	m.Get("a")
	m.Get("b")
	if m.Changed() {
		t.Error("Changed after a build that used what was kept, and nothing else")
	}
	m.Begin()
	m.Get("a")
	if !m.Changed() {
		t.Error("not Changed after a build that left b unused")
	}
	if got := m.Used(); len(got) != 1 || got["a"] != 1 {
		t.Errorf("Used() = %v; want map[a:1]", got)
	}
	m.Begin()
	m.Get("a")
	m.Put("c", 3)
	if !m.Changed() {
		t.Error("not Changed after a build that put c")
	}
	if SumOf("x") == SumOf("y") || SumOf("x") != SumOf("x") {
		t.Error("SumOf does not tell texts apart, or is not stable")
	}
}
