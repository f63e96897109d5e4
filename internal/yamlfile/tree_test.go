package yamlfile

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/keep"
)

// TestTree checks that a tree read back from its encoding is the tree
// yaml.v3 decoded, for the repository's input files and for YAML of every
// style, with comments; that a tree with an alias is not encoded; and that
// an encoding cut short or changed is refused.
func TestTree(t *testing.T) {
	files, _ := filepath.Glob("../../i18n/*.yaml")
	files = append(files, "../../data/codes.yaml")
	srcs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = b
	}
	srcs["styles"] = []byte(`# head of the file
a: plain # after a
b: 'single'
c: "double\twith escapes"
d: |
  literal
  lines
e: >-
  folded
  text
f: [1, two, "three"]
g: {h: 1, i: [j, k]}
l: !custom tagged
m: ~
n: 1.5

# foot of the file
`)
	for name, src := range srcs {
		var want yaml.Node
		if err := yaml.Unmarshal(src, &want); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, ok := encodeTree(nil, &want)
		if !ok {
			t.Fatalf("%s: not encoded", name)
		}
		got, err := decodeTree(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("%s: the tree read back differs from the one decoded", name)
		}
		for _, cut := range []int{1, len(b) / 2, len(b) - 1} {
			if _, err := decodeTree(b[:cut]); err == nil {
				t.Errorf("%s: an encoding cut to %d of %d bytes is read", name, cut, len(b))
			}
		}
		if _, err := decodeTree(append(b, 0)); err == nil {
			t.Errorf("%s: an encoding with a byte more is read", name)
		}
	}
	var aliased yaml.Node
	if err := yaml.Unmarshal([]byte("a: &x 1\nb: *x\n"), &aliased); err != nil {
		t.Fatal(err)
	}
	if _, ok := encodeTree(nil, &aliased); ok {
		t.Error("a tree with an alias is encoded")
	}
}

// TestCacheTrees checks that Cache.Decode reads a file whose contents
// Trees holds from there, not from its YAML, and puts there the tree of
// a file it decoded without a problem, but not of one with a problem.
func TestCacheTrees(t *testing.T) {
	src := []byte("a: from the YAML\n")
	var errs diag.List
	forged, ok := Decode("f.yaml", []byte("a: from the tree\n"), &errs)
	if !ok {
		t.Fatal(errs.Err())
	}
	value := func(root *yaml.Node) string {
		if root.Kind == yaml.DocumentNode {
			root = root.Content[0]
		}
		return root.Content[1].Value
	}
	b, _ := encodeTree(nil, forged)
	trees := keep.New[keep.Sum, []byte]()
	trees.Put(sha256.Sum256(src), b)
	c := NewCache()
	c.Trees = trees
	root, ok := c.Decode("f.yaml", src, &errs)
	if !ok || value(root) != "from the tree" {
		t.Errorf("Decode with the tree kept: %v; want the kept tree", ok)
	}
	other := []byte("b: decoded\n")
	if _, ok := c.Decode("g.yaml", other, &errs); !ok {
		t.Fatal(errs.Err())
	}
	if b, ok := trees.Get(sha256.Sum256(other)); !ok {
		t.Error("the tree of a file decoded is not kept")
	} else if root, err := decodeTree(b); err != nil || value(root) != "decoded" {
		t.Errorf("the tree kept of g.yaml: %v", err)
	}
	bad := []byte("a: 1\na: 2\n\x01\n")
	c.Decode("h.yaml", bad, &errs)
	if _, ok := trees.Get(sha256.Sum256(bad)); ok {
		t.Error("the tree of a file with a problem is kept")
	}
}

// TestCacheTreesKept checks that a file read from the cache's memory in a
// later build (the preview's) keeps its tree in Trees, which lets go of
// what a build did not use.
func TestCacheTreesKept(t *testing.T) {
	src := []byte("a: 1\n")
	trees := keep.New[keep.Sum, []byte]()
	c := NewCache()
	c.Trees = trees
	var errs diag.List
	for build := range 3 {
		trees.Begin()
		if _, ok := c.Decode("f.yaml", src, &errs); !ok {
			t.Fatal(errs.Err())
		}
		if _, ok := trees.Used()[sha256.Sum256(src)]; !ok {
			t.Fatalf("build %d: the tree of f.yaml is not kept", build)
		}
		if build > 0 && trees.Changed() {
			t.Errorf("build %d: Trees changed, with f.yaml as it was", build)
		}
	}
}
