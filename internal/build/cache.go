package build

// What a build keeps of its inputs for the next: in the preview, in
// memory from one build to the next; for a run of gen, in the cache file
// beside the output (output.ReadCache), so that a rebuild after one edit
// checks and renders only the texts that changed.

import (
	"bytes"
	"encoding/binary"
	"html/template"
	"maps"
	"slices"
	"sync"

	"smtpcodes/internal/keep"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/yamlfile"
)

// Cache is what a build keeps of its inputs for the next: each input file
// decoded (in memory, and as an encoded tree in the cache file), each
// Markdown text's check and HTML. Whatever a build takes
// from it is what it would have made again: it is kept by the inputs it
// was made from.
type Cache struct {
	decoded  *yamlfile.Cache // nil for one run of gen
	checked  *keep.Map[keep.Sum, struct{}]
	markdown *render.MarkdownCache
	// trees holds each input file's yaml.v3 tree, encoded, by the file's
	// contents (yamlfile.Cache.Trees).
	trees *keep.Map[keep.Sum, []byte]
	// planned holds, by page key, whether the page is in the sitemap and
	// the size and hash of its entry there (planFiles): the entry is made
	// of the page's path, its translations, the base URL and the
	// program, which its key covers. Nil for one run of gen, which plans
	// every page once.
	planned *keep.Map[output.Key, plannedEntry]

	restored sync.Once
	// saved is set while the cache file holds what the maps held when
	// the last build began.
	saved bool
	// staged is the file stage wrote the cache into, which save puts in
	// place; "" for none.
	staged string
}

// NewCache returns an empty cache for a series of builds.
func NewCache() *Cache {
	c := newRunCache()
	c.decoded = yamlfile.NewCache()
	c.planned = keep.New[output.Key, plannedEntry]()
	return c
}

// newRunCache returns the cache of one run of gen: the texts' checks and
// HTML, which the cache file holds, but not the decoded files, which
// would be held for the whole build and used once.
func newRunCache() *Cache {
	return &Cache{checked: keep.New[keep.Sum, struct{}](), markdown: render.NewMarkdownCache(), trees: keep.New[keep.Sum, []byte]()}
}

// cacheHead starts the cache file; the program's ID follows it, as the
// checks, the HTML and the trees are what this program makes of a text.
const cacheHead = "smtpcodes cache 2\n"

// restore fills the cache, once, from the cache file beside the output
// folder out, if it is this program's.
func (c *Cache) restore(out string) {
	c.restored.Do(func() {
		data := output.ReadCache(out)
		checked, markdown, trees, ok := decodeCache(data, render.ProgramID())
		if !ok {
			return
		}
		for sum := range checked {
			c.checked.Put(sum, struct{}{})
		}
		for sum, h := range markdown {
			c.markdown.Put(sum, h)
		}
		for sum, b := range trees {
			c.trees.Put(sum, b)
		}
		c.saved = true
	})
}

// stage writes what the cache file is to hold into a file beside the
// staging tree, once the inputs are read and the texts rendered, which is
// all the cache holds, and before the pages are written: a run of gen
// then lets go of the files' trees, which no page reads. Nothing is
// written when the cache file holds it all already.
func (c *Cache) stage(tree *output.Tree) {
	if c.saved && !c.changed() {
		return
	}
	staged, err := tree.StageCache(c.encode())
	if err != nil {
		return // save writes it, after the build
	}
	c.staged = staged
	if c.decoded == nil {
		c.trees = nil
	}
}

// save puts the cache file in place beside out after a build that
// succeeded: the one stage wrote, or else, when what the build used
// differs from what the file holds, a new one. After a build that failed
// it removes the file stage wrote.
func (c *Cache) save(out string, ok bool) {
	staged := c.staged
	c.staged = ""
	if !ok {
		c.saved = false
		if staged != "" {
			output.DropCache(staged)
		}
		return
	}
	// A cache that cannot be written costs the next build its texts'
	// renders and its files' decoding, nothing more.
	switch {
	case staged != "":
		c.saved = output.CommitCache(out, staged) == nil
	case !c.saved || c.changed():
		c.saved = output.WriteCache(out, c.encode()) == nil
	}
}

// changed reports whether what the build used differs from what the
// cache held when it began.
func (c *Cache) changed() bool {
	return c.checked.Changed() || c.markdown.Changed() || c.trees.Changed()
}

// encode returns the cache file's contents: what the build used.
func (c *Cache) encode() []byte {
	return encodeCache(render.ProgramID(), c.checked.Used(), c.markdown.Used(), c.trees.Used())
}

// encodeCache writes the cache file: cacheHead, the program's ID, then the
// number of checked texts and their sums, then the number of rendered
// texts and, for each, its sum, the length of its HTML and the HTML, then
// the number of decoded files and, for each, the sum of its contents, the
// length of its encoded tree and the tree; each number a uvarint, each
// list in the order of the sums.
func encodeCache(program []byte, checked map[keep.Sum]struct{}, markdown map[keep.Sum]template.HTML, trees map[keep.Sum][]byte) []byte {
	size := len(cacheHead) + len(program) + 3*binary.MaxVarintLen64 + len(checked)*len(keep.Sum{})
	for _, h := range markdown {
		size += len(keep.Sum{}) + binary.MaxVarintLen64 + len(h)
	}
	for _, t := range trees {
		size += len(keep.Sum{}) + binary.MaxVarintLen64 + len(t)
	}
	b := make([]byte, 0, size)
	b = append(b, cacheHead...)
	b = append(b, program...)
	b = binary.AppendUvarint(b, uint64(len(checked)))
	for _, sum := range sortedSums(checked) {
		b = append(b, sum[:]...)
	}
	b = appendBlobs(b, markdown)
	return appendBlobs(b, trees)
}

// appendBlobs appends the number of values of m and each with its sum and
// its length, in the order of the sums.
func appendBlobs[V ~string | ~[]byte](b []byte, m map[keep.Sum]V) []byte {
	b = binary.AppendUvarint(b, uint64(len(m)))
	for _, sum := range sortedSums(m) {
		b = append(b, sum[:]...)
		b = binary.AppendUvarint(b, uint64(len(m[sum])))
		b = append(b, m[sum]...)
	}
	return b
}

func sortedSums[V any](m map[keep.Sum]V) []keep.Sum {
	return slices.SortedFunc(maps.Keys(m), func(a, b keep.Sum) int { return bytes.Compare(a[:], b[:]) })
}

// decodeCache reads a cache file of program; ok is false for a file of
// another program or one it cannot read to its end, which the build
// ignores. The trees are slices of data.
func decodeCache(data, program []byte) (checked map[keep.Sum]struct{}, markdown map[keep.Sum]template.HTML, trees map[keep.Sum][]byte, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(cacheHead))
	if !found || !bytes.HasPrefix(rest, program) {
		return nil, nil, nil, false
	}
	r := cacheReader{rest: rest[len(program):], ok: true}
	n := r.count()
	checked = make(map[keep.Sum]struct{}, n)
	for range n {
		checked[r.sum()] = struct{}{}
	}
	markdown = readBlobs(&r, func(b []byte) template.HTML { return template.HTML(b) })
	trees = readBlobs(&r, func(b []byte) []byte { return b })
	if !r.ok || len(r.rest) != 0 {
		return nil, nil, nil, false
	}
	return checked, markdown, trees, true
}

// cacheReader reads the cache file; ok turns false at the first thing it
// cannot read, after which it reads zeros.
type cacheReader struct {
	rest []byte
	ok   bool
}

func (r *cacheReader) fail() { r.ok, r.rest = false, nil }

func (r *cacheReader) count() int {
	n, k := binary.Uvarint(r.rest)
	if k <= 0 || n > uint64(len(r.rest)) {
		r.fail()
		return 0
	}
	r.rest = r.rest[k:]
	return int(n)
}

func (r *cacheReader) sum() keep.Sum {
	var s keep.Sum
	if len(r.rest) < len(s) {
		r.fail()
		return s
	}
	copy(s[:], r.rest)
	r.rest = r.rest[len(s):]
	return s
}

// readBlobs reads what appendBlobs wrote, each value made by conv.
func readBlobs[V any](r *cacheReader, conv func([]byte) V) map[keep.Sum]V {
	n := r.count()
	m := make(map[keep.Sum]V, n)
	for range n {
		s := r.sum()
		size := r.count()
		if !r.ok || size > len(r.rest) {
			r.fail()
			return m
		}
		m[s] = conv(r.rest[:size])
		r.rest = r.rest[size:]
	}
	return m
}
