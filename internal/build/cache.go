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
// decoded, each Markdown text's check and HTML. Whatever a build takes
// from it is what it would have made again: it is kept by the inputs it
// was made from.
type Cache struct {
	decoded  *yamlfile.Cache // nil for one run of gen
	checked  *keep.Map[keep.Sum, struct{}]
	markdown *render.MarkdownCache
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
	return &Cache{checked: keep.New[keep.Sum, struct{}](), markdown: render.NewMarkdownCache()}
}

// cacheHead starts the cache file; the program's ID follows it, as the
// checks and the HTML are what this program makes of a text.
const cacheHead = "smtpcodes cache 1\n"

// restore fills the cache, once, from the cache file beside the output
// folder out, if it is this program's.
func (c *Cache) restore(out string) {
	c.restored.Do(func() {
		data := output.ReadCache(out)
		checked, markdown, ok := decodeCache(data, render.ProgramID())
		if !ok {
			return
		}
		for sum := range checked {
			c.checked.Put(sum, struct{}{})
		}
		for sum, h := range markdown {
			c.markdown.Put(sum, h)
		}
		c.saved = true
	})
}

// save writes the cache file beside out after a build that succeeded,
// when what the build used differs from what the file holds.
func (c *Cache) save(out string, ok bool) {
	if !ok {
		c.saved = false
		return
	}
	if c.saved && !c.checked.Changed() && !c.markdown.Changed() {
		return
	}
	// A cache that cannot be written costs the next build its texts'
	// renders, nothing more.
	c.saved = output.WriteCache(out, encodeCache(render.ProgramID(), c.checked.Used(), c.markdown.Used())) == nil
}

// encodeCache writes the cache file: cacheHead, the program's ID, then the
// number of checked texts and their sums, then the number of rendered
// texts and, for each, its sum, the length of its HTML and the HTML, each
// number a uvarint, in the order of the sums.
func encodeCache(program []byte, checked map[keep.Sum]struct{}, markdown map[keep.Sum]template.HTML) []byte {
	size := len(cacheHead) + len(program) + 2*binary.MaxVarintLen64 + len(checked)*len(keep.Sum{})
	for _, h := range markdown {
		size += len(keep.Sum{}) + binary.MaxVarintLen64 + len(h)
	}
	b := make([]byte, 0, size)
	b = append(b, cacheHead...)
	b = append(b, program...)
	b = binary.AppendUvarint(b, uint64(len(checked)))
	for _, sum := range sortedSums(checked) {
		b = append(b, sum[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(markdown)))
	for _, sum := range sortedSums(markdown) {
		b = append(b, sum[:]...)
		b = binary.AppendUvarint(b, uint64(len(markdown[sum])))
		b = append(b, markdown[sum]...)
	}
	return b
}

func sortedSums[V any](m map[keep.Sum]V) []keep.Sum {
	return slices.SortedFunc(maps.Keys(m), func(a, b keep.Sum) int { return bytes.Compare(a[:], b[:]) })
}

// decodeCache reads a cache file of program; ok is false for a file of
// another program or one it cannot read to its end, which the build
// ignores.
func decodeCache(data, program []byte) (checked map[keep.Sum]struct{}, markdown map[keep.Sum]template.HTML, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(cacheHead))
	if !found || !bytes.HasPrefix(rest, program) {
		return nil, nil, false
	}
	rest = rest[len(program):]
	count := func() (int, bool) {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)) {
			return 0, false
		}
		rest = rest[k:]
		return int(n), true
	}
	sum := func() (keep.Sum, bool) {
		var s keep.Sum
		if len(rest) < len(s) {
			return s, false
		}
		copy(s[:], rest)
		rest = rest[len(s):]
		return s, true
	}
	n, ok := count()
	if !ok {
		return nil, nil, false
	}
	checked = make(map[keep.Sum]struct{}, n)
	for range n {
		s, ok := sum()
		if !ok {
			return nil, nil, false
		}
		checked[s] = struct{}{}
	}
	if n, ok = count(); !ok {
		return nil, nil, false
	}
	markdown = make(map[keep.Sum]template.HTML, n)
	for range n {
		s, ok := sum()
		if !ok {
			return nil, nil, false
		}
		size, ok := count()
		if !ok || size > len(rest) {
			return nil, nil, false
		}
		markdown[s] = template.HTML(rest[:size])
		rest = rest[size:]
	}
	if len(rest) != 0 {
		return nil, nil, false
	}
	return checked, markdown, true
}
