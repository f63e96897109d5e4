//go:build !linux

package output

import (
	"os"
	"path/filepath"
)

// anchors names the files of a tree from the root of the file system;
// on Linux it names them from descriptors of their folders (at_linux.go).
type anchors struct{ root string }

func newAnchors(root string) *anchors { return &anchors{root: root} }

func (a *anchors) full(rel string) string { return filepath.Join(a.root, filepath.FromSlash(rel)) }

func (a *anchors) close() {}

func (a *anchors) lstat(rel string) (size int64, regular bool, err error) {
	return lstatPath(a.full(rel))
}

func (a *anchors) mkdir(rel string) error { return os.Mkdir(a.full(rel), DirMode) }

func (a *anchors) write(rel string, data []byte) error { return writeNew(a.full(rel), data) }
