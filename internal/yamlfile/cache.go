package yamlfile

import (
	"crypto/sha256"
	"sync"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/keep"
)

// Cache decodes a file once for as long as its contents stay the same: a
// build reads each language file twice (its user-interface strings, and
// the texts of the codes it holds), and the preview rebuilds after every
// save, when most files have not changed. It holds the last good decoding
// of each file by path; the nodes it returns are shared, and must be read,
// never changed. It is safe for concurrent use. A nil *Cache decodes every
// time.
type Cache struct {
	mu    sync.Mutex
	files map[string]*decoded
	// Trees, when set, holds encoded trees (tree.go) by the contents of
	// the file they were decoded from: a file it holds is read from
	// there, and each file decoded without a problem is put there. A
	// build sets it to what the cache file beside the output keeps.
	Trees *keep.Map[keep.Sum, []byte]
}

// decoded is a file's decoding, done once: ready is closed when root and
// clean are set. A decoding that found a problem is not kept: each reader
// decodes the file itself, and reports the problem in its own list.
type decoded struct {
	sum   [sha256.Size]byte
	ready chan struct{}
	root  *yaml.Node
	clean bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*decoded{}} }

// Decode is the package's Decode, from the cache when file had these
// contents when it was last decoded without a problem. Two readers of one
// file at once (the UI strings' and the codes' texts' of a language file)
// share one decoding.
func (c *Cache) Decode(file string, src []byte, errs *diag.List) (root *yaml.Node, ok bool) {
	if c == nil {
		return Decode(file, src, errs)
	}
	sum := sha256.Sum256(src)
	c.mu.Lock()
	d := c.files[file]
	if d == nil || d.sum != sum {
		d = &decoded{sum: sum, ready: make(chan struct{})}
		c.files[file] = d
		c.mu.Unlock()
		if b, found := c.Trees.Get(sum); found {
			if root, err := decodeTree(b); err == nil {
				d.root, d.clean = root, true
				close(d.ready)
				return root, true
			}
		}
		before := errs.Len()
		root, ok = Decode(file, src, errs)
		d.root, d.clean = root, ok && errs.Len() == before
		close(d.ready)
		if d.clean && c.Trees != nil {
			if b, ok := encodeTree(nil, root); ok {
				c.Trees.Put(sum, b)
			}
		}
		if !d.clean {
			c.mu.Lock()
			if c.files[file] == d {
				delete(c.files, file)
			}
			c.mu.Unlock()
		}
		return root, ok
	}
	c.mu.Unlock()
	<-d.ready
	if d.clean {
		// The tree stays in Trees for as long as builds use the file.
		c.Trees.Get(sum)
		return d.root, true
	}
	return Decode(file, src, errs)
}
