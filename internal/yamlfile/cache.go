package yamlfile

import (
	"crypto/sha256"
	"sync"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
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
	files map[string]decoded
}

type decoded struct {
	sum  [sha256.Size]byte
	root *yaml.Node
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]decoded{}} }

// Decode is the package's Decode, from the cache when file had these
// contents when it was last decoded without a problem.
func (c *Cache) Decode(file string, src []byte, errs *diag.List) (root *yaml.Node, ok bool) {
	if c == nil {
		return Decode(file, src, errs)
	}
	sum := sha256.Sum256(src)
	c.mu.Lock()
	d, hit := c.files[file]
	c.mu.Unlock()
	if hit && d.sum == sum {
		return d.root, true
	}
	before := errs.Len()
	root, ok = Decode(file, src, errs)
	if ok && errs.Len() == before {
		c.mu.Lock()
		c.files[file] = decoded{sum: sum, root: root}
		c.mu.Unlock()
	}
	return root, ok
}
