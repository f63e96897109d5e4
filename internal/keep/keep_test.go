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
