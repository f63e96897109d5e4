// Package output writes a complete site tree beside the target folder and
// swaps it in only when the build has succeeded, so a failed build leaves
// the previous output exactly as it was, and files of pages that no longer
// exist disappear with the old tree.
//
// Unchanged files are carried over, not rewritten: a file whose new bytes
// equal the previous build's, or a page whose inputs have the same key as
// recorded in the previous build's manifest, is hard-linked from the old
// tree into the new one. It keeps its bytes, inode and modification time,
// so rsync and static-host uploads send only what changed. The manifest
// (".NAME.manifest" beside the output folder NAME) records each file's key
// and size; it is removed before the swap and written after it, so a crash
// in between costs a full rebuild, never a stale page.
package output

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// File and folder modes are fixed so that builds are reproducible.
const (
	FileMode = 0o644
	DirMode  = 0o755
)

// Key identifies the inputs a file was made from; the zero Key means
// "unknown", and such a file is never reused by key alone.
type Key [32]byte

type entry struct {
	key  Key
	size int64
}

// Tree is a site under construction. Its methods are safe for concurrent use.
type Tree struct {
	target   string
	staging  string
	manifest string
	old      map[string]entry // the previous build's manifest
	hasOld   bool             // the target folder exists

	mu   sync.Mutex
	dirs map[string]bool
	next map[string]entry

	written, linked atomic.Int64
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
	fi, statErr := os.Stat(abs)
	if statErr == nil && !fi.IsDir() {
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
	t := &Tree{
		target:   abs,
		staging:  staging,
		manifest: filepath.Join(parent, "."+filepath.Base(abs)+".manifest"),
		hasOld:   statErr == nil,
		dirs:     map[string]bool{".": true},
		next:     map[string]entry{},
	}
	if t.hasOld {
		t.old = readManifest(t.manifest)
	}
	return t, nil
}

func token() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Dir is the staging folder the tree is built in.
func (t *Tree) Dir() string { return t.staging }

// Written and Linked count the files written anew and carried over.
func (t *Tree) Written() int { return int(t.written.Load()) }

// Linked counts the files carried over unchanged from the previous build.
func (t *Tree) Linked() int { return int(t.linked.Load()) }

// Mkdir creates the folder of the file rel will name, once however many
// files it holds. Calling it from one goroutine, in order, ahead of the
// writers keeps them from contending for the lock of a large parent
// folder; Write creates any folder not made this way.
func (t *Tree) Mkdir(rel string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	return t.mkdir(rel)
}

// mkdir creates the folder of rel once, however many files it holds.
func (t *Tree) mkdir(rel string) error {
	dir := filepath.Dir(filepath.FromSlash(rel))
	t.mu.Lock()
	done := t.dirs[dir]
	t.mu.Unlock()
	if done {
		return nil
	}
	t.mu.Lock()
	parentDone := t.dirs[filepath.Dir(dir)]
	t.mu.Unlock()
	// Most folders are made in a folder made before (en/smtp/552-.../ in
	// en/smtp/): one mkdir instead of MkdirAll's stat, stat and mkdir.
	full := filepath.Join(t.staging, dir)
	err := os.ErrNotExist
	if parentDone {
		err = os.Mkdir(full, DirMode)
		if os.IsExist(err) {
			err = nil
		}
	}
	if err != nil {
		if err := os.MkdirAll(full, DirMode); err != nil {
			return err
		}
	}
	t.mu.Lock()
	for d := dir; d != "." && !t.dirs[d]; d = filepath.Dir(d) {
		t.dirs[d] = true
	}
	t.mu.Unlock()
	return nil
}

func (t *Tree) record(rel string, key Key, size int64) {
	t.mu.Lock()
	t.next[rel] = entry{key: key, size: size}
	t.mu.Unlock()
}

func checkRel(rel string) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("output path %q leaves the output folder", rel)
	}
	return nil
}

// Reuse carries the previous build's file rel over if the manifest
// recorded it with the same key, and reports whether it did. The caller
// renders and writes the file when it did not.
func (t *Tree) Reuse(rel string, key Key) bool {
	if key == (Key{}) || !t.hasOld {
		return false
	}
	e, ok := t.old[rel]
	if !ok || e.key != key {
		return false
	}
	oldPath := filepath.Join(t.target, filepath.FromSlash(rel))
	fi, err := os.Lstat(oldPath)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != e.size {
		return false
	}
	if checkRel(rel) != nil || t.mkdir(rel) != nil {
		return false
	}
	if os.Link(oldPath, filepath.Join(t.staging, filepath.FromSlash(rel))) != nil {
		return false
	}
	t.linked.Add(1)
	t.record(rel, key, e.size)
	return true
}

// Write stores data at the slash-separated path rel, made from inputs
// identified by key (or the zero Key). If the previous build has the same
// bytes there, its file is carried over instead.
func (t *Tree) Write(rel string, key Key, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if err := t.mkdir(rel); err != nil {
		return err
	}
	dst := filepath.Join(t.staging, filepath.FromSlash(rel))
	t.record(rel, key, int64(len(data)))
	if t.hasOld {
		oldPath := filepath.Join(t.target, filepath.FromSlash(rel))
		if sameContent(oldPath, data) && os.Link(oldPath, dst) == nil {
			t.linked.Add(1)
			return nil
		}
	}
	t.written.Add(1)
	return os.WriteFile(dst, data, FileMode)
}

// sameContent reports whether the regular file at path holds exactly data.
func sameContent(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) || fi.Mode().Perm() != FileMode {
		return false
	}
	buf := make([]byte, 32<<10)
	for off := 0; off < len(data); {
		n, err := f.Read(buf)
		if n > 0 {
			if off+n > len(data) || !bytes.Equal(buf[:n], data[off:off+n]) {
				return false
			}
			off += n
		}
		if err != nil {
			return off == len(data) && err == io.EOF
		}
	}
	return true
}

// Stream is a file written piece by piece, for output too large to hold in
// memory at once (the sitemap of a large site).
type Stream struct {
	*bufio.Writer
	t    *Tree
	rel  string
	f    *os.File
	size int64
	key  Key
}

// Create starts a streamed file at rel, made from inputs identified by
// key. Close it to finish it.
func (t *Tree) Create(rel string, key Key) (*Stream, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	if err := t.mkdir(rel); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(t.staging, filepath.FromSlash(rel)), os.O_CREATE|os.O_EXCL|os.O_WRONLY, FileMode)
	if err != nil {
		return nil, err
	}
	s := &Stream{t: t, rel: rel, f: f, key: key}
	s.Writer = bufio.NewWriterSize(countWriter{f, &s.size}, 64<<10)
	return s, nil
}

type countWriter struct {
	w io.Writer
	n *int64
}

func (c countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// Close finishes the file. If the previous build has a file with the same
// bytes, that file is carried over in its place.
func (s *Stream) Close() error {
	if err := s.Flush(); err != nil {
		s.f.Close()
		return err
	}
	if err := s.f.Close(); err != nil {
		return err
	}
	t := s.t
	t.record(s.rel, s.key, s.size)
	dst := filepath.Join(t.staging, filepath.FromSlash(s.rel))
	if t.hasOld {
		oldPath := filepath.Join(t.target, filepath.FromSlash(s.rel))
		if sameFiles(oldPath, dst) {
			tmp := dst + ".link"
			if os.Link(oldPath, tmp) == nil && os.Rename(tmp, dst) == nil {
				t.linked.Add(1)
				return nil
			}
			os.Remove(tmp)
		}
	}
	t.written.Add(1)
	return nil
}

func sameFiles(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil || fa.Size() != fb.Size() || fa.Size() > 512<<20 {
		return false
	}
	data, err := os.ReadFile(b)
	return err == nil && sameContent(a, data)
}

// Commit swaps the finished tree in for the target, removes the old one
// and records the manifest. If the swap fails, the old tree is put back.
func (t *Tree) Commit() error {
	// A stale manifest must never describe the new tree.
	if err := os.Remove(t.manifest); err != nil && !os.IsNotExist(err) {
		t.Abort()
		return fmt.Errorf("cannot remove the old manifest: %w", err)
	}
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
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	return t.writeManifest()
}

// Abort removes the staging folder and leaves the target as it was.
func (t *Tree) Abort() {
	os.RemoveAll(t.staging)
}

func (t *Tree) writeManifest() error {
	paths := make([]string, 0, len(t.next))
	for p := range t.next {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	b.WriteString("smtpcodes manifest 1\n")
	for _, p := range paths {
		e := t.next[p]
		fmt.Fprintf(&b, "%s\t%x\t%d\n", p, e.key[:], e.size)
	}
	tmp := t.manifest + ".tmp-" + token()
	if err := os.WriteFile(tmp, b.Bytes(), FileMode); err != nil {
		return err
	}
	return os.Rename(tmp, t.manifest)
}

// Unchanged reports whether the folder target already holds exactly the
// given files: the previous build's manifest lists the same paths with the
// same keys (none of them zero), and each file is there with its recorded
// size. A build can then stop without writing anything.
func Unchanged(target string, files map[string]Key) bool {
	abs, err := filepath.Abs(target)
	if err != nil {
		return false
	}
	old := readManifest(filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".manifest"))
	if len(old) != len(files) {
		return false
	}
	for rel, key := range files {
		e, ok := old[rel]
		if !ok || key == (Key{}) || e.key != key {
			return false
		}
	}
	for rel, e := range old {
		fi, err := os.Lstat(filepath.Join(abs, filepath.FromSlash(rel)))
		if err != nil || !fi.Mode().IsRegular() || fi.Size() != e.size {
			return false
		}
	}
	return true
}

// readManifest returns the recorded entries, or nil if the manifest is
// missing or not understood (which only costs a full rebuild).
func readManifest(path string) map[string]entry {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) == 0 || lines[0] != "smtpcodes manifest 1" {
		return nil
	}
	out := make(map[string]entry, len(lines))
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		var e entry
		k, err := hex.DecodeString(f[1])
		if err != nil || len(k) != len(e.key) {
			continue
		}
		copy(e.key[:], k)
		if e.size, err = strconv.ParseInt(f[2], 10, 64); err != nil {
			continue
		}
		out[f[0]] = e
	}
	return out
}
