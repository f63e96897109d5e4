package yamlfile

import (
	"testing"

	"smtpcodes/internal/diag"
)

// TestCache checks that a file is decoded again exactly when its contents
// change, and that a file with a problem is never served from the cache:
// its errors are reported at every build.
func TestCache(t *testing.T) {
	c := NewCache()
	var errs diag.List
	a, ok := c.Decode("x.yaml", []byte("a: 1\n"), &errs)
	if !ok || a == nil {
		t.Fatalf("Decode = %v, %v", a, ok)
	}
	if b, _ := c.Decode("x.yaml", []byte("a: 1\n"), &errs); b != a {
		t.Error("the same contents were decoded again")
	}
	if b, _ := c.Decode("x.yaml", []byte("a: 2\n"), &errs); b == a || b.Content[1].Value != "2" {
		t.Error("changed contents came from the cache")
	}
	if b, _ := c.Decode("y.yaml", []byte("a: 1\n"), &errs); b == a {
		t.Error("another file's decoding was shared")
	}
	if errs.Len() != 0 {
		t.Fatalf("errors: %v", errs.Err())
	}
	bad := []byte("a: \"open\nb: 1\n")
	for i := range 2 {
		var errs diag.List
		if _, ok := c.Decode("z.yaml", bad, &errs); ok || errs.Len() == 0 {
			t.Errorf("decoding %d of a malformed file: ok = %v, %d errors; want its error every time", i+1, ok, errs.Len())
		}
	}
	var nilCache *Cache
	if r, ok := nilCache.Decode("x.yaml", []byte("a: 1\n"), &errs); !ok || r == nil {
		t.Error("a nil cache does not decode")
	}
}
