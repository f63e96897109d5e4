// Package output writes a complete site tree beside the target folder and
// swaps it in only when the build has succeeded, so a failed build leaves
// the previous output exactly as it was, and files of pages that no longer
// exist disappear with the old tree.
package output

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// File and folder modes are fixed so that builds are reproducible.
const (
	FileMode = 0o644
	DirMode  = 0o755
)

// Tree is a site under construction. Its methods are safe for concurrent use.
type Tree struct {
	target  string
	staging string
	mu      sync.Mutex
	dirs    map[string]bool
}

// New starts a tree that will replace target. It refuses a target that is
// the working folder, one of its parents, or the file system root, because
// the swap would move the project itself away.
func New(target string) (*Tree, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if abs == filepath.Dir(abs) || abs == wd || strings.HasPrefix(wd+string(filepath.Separator), abs+string(filepath.Separator)) {
		return nil, fmt.Errorf("output folder %q contains the working folder; choose a folder of its own, like public", target)
	}
	if fi, err := os.Stat(abs); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output %q exists and is not a folder; remove it or choose another -out", target)
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, DirMode); err != nil {
		return nil, err
	}
	staging := filepath.Join(parent, "."+filepath.Base(abs)+".new-"+token())
	if err := os.Mkdir(staging, DirMode); err != nil {
		return nil, err
	}
	return &Tree{target: abs, staging: staging, dirs: map[string]bool{".": true}}, nil
}

func token() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Dir is the staging folder the tree is built in.
func (t *Tree) Dir() string { return t.staging }

// mkdir creates the folder of rel once, however many files it holds.
func (t *Tree) mkdir(rel string) error {
	dir := filepath.Dir(filepath.FromSlash(rel))
	t.mu.Lock()
	done := t.dirs[dir]
	t.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(t.staging, dir), DirMode); err != nil {
		return err
	}
	t.mu.Lock()
	for d := dir; d != "." && !t.dirs[d]; d = filepath.Dir(d) {
		t.dirs[d] = true
	}
	t.mu.Unlock()
	return nil
}

// Write stores a file at the slash-separated path rel.
func (t *Tree) Write(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("output path %q leaves the output folder", rel)
	}
	if err := t.mkdir(rel); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(t.staging, filepath.FromSlash(rel)), data, FileMode)
}

// Commit swaps the finished tree in for the target and removes the old
// one. If the swap fails, the old tree is put back.
func (t *Tree) Commit() error {
	old := ""
	if _, err := os.Lstat(t.target); err == nil {
		old = filepath.Join(filepath.Dir(t.target), "."+filepath.Base(t.target)+".old-"+token())
		if err := os.Rename(t.target, old); err != nil {
			t.Abort()
			return fmt.Errorf("cannot move the previous output aside: %w", err)
		}
	}
	if err := os.Rename(t.staging, t.target); err != nil {
		if old != "" {
			os.Rename(old, t.target)
		}
		t.Abort()
		return fmt.Errorf("cannot move the new output into place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder and leaves the target as it was.
func (t *Tree) Abort() {
	os.RemoveAll(t.staging)
}
