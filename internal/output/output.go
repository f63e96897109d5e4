// Package output writes a complete site tree beside the target folder and
// swaps it in only when the build has succeeded, so a failed build leaves
// the previous output exactly as it was, and files of pages that no longer
// exist disappear with the old tree.
//
// Safety. A build replaces only a folder that a build wrote (it holds
// MarkFile, which every tree gets), an empty folder, or a new one; it
// refuses the working folder, the input folders and any folder holding an
// input, before it writes anything (see Check). A symbolic link at the
// target is kept: the tree is built beside the folder it points to and
// exchanged with that folder, so the link goes on pointing at the site.
//
// The swap. On Linux the new tree and the old one trade places in one
// renameat2(RENAME_EXCHANGE), so the output path holds a complete site at
// every moment, even if the build is killed. Where the system or the file
// system cannot exchange two folders, the old tree is renamed aside and the
// new one renamed in: two renames, between which the path is briefly
// empty. Staging folders (".NAME.new-*"), set-aside trees (".NAME.old-*")
// and half-written manifests that an interrupted build leaves beside the
// output are removed by the next build, which holds ".NAME.lock" while it
// runs so that two builds never remove each other's staging folder.
//
// Unchanged files are carried over, not rewritten: a file whose new bytes
// equal the previous build's, or a page whose inputs have the same key as
// recorded in the previous build's manifest, is hard-linked from the old
// tree into the new one. It keeps its bytes, inode and modification time,
// so rsync and static-host uploads send only what changed. No write ever
// opens an existing file: every file is created anew (O_EXCL), a file
// already at its path unlinked first, so nothing is ever written through a
// link into the previous tree. The manifest
// (".NAME.manifest" beside the output folder NAME) records each file's key
// and size; it is removed before the swap and written after it, so a crash
// in between costs a full rebuild, never a stale page.
//
// The spare. After the swap the previous tree is not removed: it is kept
// beside the output as ".NAME.spare", with its manifest, and the next
// build starts from it instead of from an empty folder. That build only
// writes what differs from the spare (the files changed by the build
// before it and by itself) and removes what the spare has and the new site
// has not, so a one-change rebuild costs what the change costs, not a
// folder and a link per file. The spare is renamed to the staging name and
// its manifest removed before anything is written into it, so a build that
// is killed leaves a staging folder, removed by the next build, never a
// spare that its manifest does not describe. A build that fails keeps what
// it staged as the spare, with a manifest of what it holds.
//
// The cache. Beside the output folder NAME, ".NAME.cache" holds what a
// build made of its inputs that the next one can use again (package build
// says what, and checks that it is its own); ReadCache and WriteCache
// read and replace it.
package output

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"smtpcodes/internal/diag"
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

// Tree is a site under construction. Its methods are safe for concurrent
// use; Commit and Abort end it.
type Tree struct {
	given    string // the output folder as the caller named it, for messages
	target   string // the folder replaced: given, or where a link at given points
	staging  string
	manifest string
	old      map[string]entry // the previous build's manifest
	hasOld   bool             // the target folder exists
	// spare is what the staging folder held when the build began: the
	// spare's manifest, or nil for an empty staging folder.
	spare map[string]entry
	// at makes the system calls on the staging tree's files (at_linux.go).
	at *anchors

	lockMu sync.Mutex
	lock   *os.File // held from New to Commit or Abort

	// dirsMu guards dirs, which the planner reads for every page, and mu
	// guards next, which the writers add to: two locks, so that neither
	// waits for the other.
	dirsMu sync.Mutex
	dirs   map[string]bool
	mu     sync.Mutex
	next   map[string]entry
	// kept counts the files of the spare that next lists: when it
	// lists them all, Commit has none to remove.
	kept int

	written, linked atomic.Int64
}

// TestHook, when set, is called with the name of each step of a tree's
// life before it takes it: "staged" (New made the staging folder; nothing
// of the site is written yet), then from Commit "swap" (the new tree is
// about to take the old one's place), "aside" (the old tree was renamed
// aside and the new one is about to be renamed in; only without an atomic
// exchange) and "swapped" (the new tree is in place, the old one not yet
// removed). Tests set it to stop a build there; it is nil otherwise.
var TestHook func(step string)

func hook(step string) {
	if TestHook != nil {
		TestHook(step)
	}
}

// New starts a tree that will replace target, after Check has accepted
// target for a build that reads inputs. It removes what interrupted builds
// left beside the target, and fails if another build is writing it.
func New(target string, inputs ...string) (*Tree, error) {
	real, err := check(target, inputs)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(real)
	if err := os.MkdirAll(parent, DirMode); err != nil {
		return nil, diag.Fault(err, true)
	}
	lock, err := lockFile(beside(real, "lock"))
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("output folder %q: another build is writing it now; wait for it to finish, then build again", target)
	}
	if err != nil {
		return nil, diag.Fault(err, true)
	}
	t := &Tree{
		given:    target,
		target:   real,
		manifest: manifestOf(real),
		lock:     lock,
		dirs:     map[string]bool{".": true},
		next:     map[string]entry{},
	}
	if path, err := removeLeftovers(real); err != nil {
		t.unlock()
		if path == parent {
			return nil, diag.Fault(err, true)
		}
		return nil, fmt.Errorf("%w; an interrupted build left %q beside the output: remove it yourself if need be", diag.Fault(err, true), path)
	}
	_, statErr := os.Stat(real)
	t.hasOld = statErr == nil
	t.staging = beside(real, "new-"+token())
	t.at = newAnchors(t.staging)
	if t.spare = takeSpare(real, t.staging); t.spare != nil {
		t.dirs = make(map[string]bool, len(t.spare))
		t.dirs["."] = true
		for rel := range t.spare {
			for d := filepath.Dir(filepath.FromSlash(rel)); d != "." && !t.dirs[d]; d = filepath.Dir(d) {
				t.dirs[d] = true
			}
		}
	} else if err := os.Mkdir(t.staging, DirMode); err != nil {
		t.unlock()
		return nil, diag.Fault(err, true)
	}
	if t.hasOld {
		t.old = readManifest(t.manifest)
	}
	// The new site has about as many files as the last.
	t.next = make(map[string]entry, max(len(t.spare), len(t.old)))
	if _, err := t.put(MarkFile, markText); err != nil {
		t.Abort()
		return nil, diag.Fault(err, true)
	}
	hook("staged")
	return t, nil
}

// beside names a file or folder beside the output folder dir:
// ".NAME.what".
func beside(dir, what string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+"."+what)
}

// manifestOf names the manifest of the output folder dir.
func manifestOf(dir string) string { return beside(dir, "manifest") }

// The spare tree beside the output folder dir, and its manifest.
func spareOf(dir string) string         { return beside(dir, "spare") }
func spareManifestOf(dir string) string { return beside(dir, "spare.manifest") }

// takeSpare moves the spare tree beside dir to staging and returns its
// manifest, or returns nil (removing whatever is left of a spare) when
// there is no spare with a manifest; staging then does not exist.
func takeSpare(dir, staging string) map[string]entry {
	spare, man := spareOf(dir), spareManifestOf(dir)
	m := readManifest(man)
	fi, err := os.Lstat(spare)
	if m == nil || err != nil || !fi.IsDir() || os.Rename(spare, staging) != nil {
		os.RemoveAll(spare)
		os.Remove(man)
		return nil
	}
	// From here the folder is a staging folder: if the build dies, the
	// next one removes it.
	if err := os.Remove(man); err != nil {
		os.RemoveAll(staging)
		return nil
	}
	return m
}

// keepSpare makes the folder dir, described by entries, the spare: the
// next build starts from it. With entries nil, the spare's manifest is
// already in place (Commit moved the old one there). It removes dir if
// that fails.
func (t *Tree) keepSpare(dir string, entries map[string]entry) {
	spare, man := spareOf(t.target), spareManifestOf(t.target)
	os.RemoveAll(spare)
	if _, err := os.Stat(man); entries == nil && err != nil || os.Rename(dir, spare) != nil {
		os.RemoveAll(dir)
		os.Remove(man)
		return
	}
	if entries != nil && writeManifestFile(man, entries) != nil {
		os.RemoveAll(spare)
	}
}

// PrepareSpare gives the output folder target a spare tree when it has
// none (see The spare): a copy of the site made of hard links to its
// files, with its manifest, so that the next build writes only what it
// changes, instead of linking every file of the site into its staging
// folder first. The preview calls it after its first build, while the
// reader looks at the site. It does nothing while a build holds the lock,
// or for a folder without a manifest; a copy it leaves half made is a
// staging folder, which the next build removes.
func PrepareSpare(target string) error {
	real, err := check(target, nil)
	if err != nil {
		return err
	}
	lock, err := lockFile(beside(real, "lock"))
	if errors.Is(err, errLocked) {
		return nil
	}
	if err != nil {
		return err
	}
	defer lock.Close()
	if fi, err := os.Stat(spareOf(real)); err == nil && fi.IsDir() {
		if _, err := os.Stat(spareManifestOf(real)); err == nil {
			return nil
		}
	}
	entries := readManifest(manifestOf(real))
	if entries == nil || !hasMark(real) {
		return nil
	}
	if _, err := removeLeftovers(real); err != nil {
		return err
	}
	staging := beside(real, "new-"+token())
	if err := linkTree(real, staging, entries); err != nil {
		os.RemoveAll(staging)
		return err
	}
	spare := spareOf(real)
	os.RemoveAll(spare)
	os.Remove(spareManifestOf(real))
	if err := os.Rename(staging, spare); err != nil {
		os.RemoveAll(staging)
		return err
	}
	if err := writeManifestFile(spareManifestOf(real), entries); err != nil {
		os.RemoveAll(spare)
		return err
	}
	return nil
}

// linkTree makes dst a copy of the files of src that entries lists, and
// of its mark, as hard links.
func linkTree(src, dst string, entries map[string]entry) error {
	rels := slices.Sorted(maps.Keys(entries))
	if _, listed := entries[MarkFile]; !listed {
		rels = append(rels, MarkFile)
	}
	dirs := map[string]bool{}
	for _, rel := range rels {
		if checkRel(rel) != nil {
			return fmt.Errorf("the manifest lists %q, outside the folder", rel)
		}
		d := filepath.Dir(filepath.Join(dst, filepath.FromSlash(rel)))
		if !dirs[d] {
			if err := os.MkdirAll(d, DirMode); err != nil {
				return err
			}
			dirs[d] = true
		}
		if err := os.Link(filepath.Join(src, filepath.FromSlash(rel)), filepath.Join(dst, filepath.FromSlash(rel))); err != nil {
			return err
		}
	}
	return nil
}

// keptKinds are what a finished build keeps beside the output folder
// NAME, after ".NAME.".
var keptKinds = []string{"lock", "manifest", "spare", "spare.manifest", "cache"}

// Leftovers lists the names beside the output folder dir that start with
// ".NAME." and are none of what a finished build keeps there (its lock,
// manifest and spare tree): what an unfinished build left, which the next
// build removes.
func Leftovers(dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		return nil, err
	}
	var out []string
	prefix := "." + filepath.Base(dir) + "."
	for _, e := range entries {
		if rest, ok := strings.CutPrefix(e.Name(), prefix); ok && !slices.Contains(keptKinds, rest) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// leftoverKinds are the prefixes, after ".NAME.", of what a build creates
// beside the output folder NAME and removes before it ends.
var leftoverKinds = []string{"new-", "old-", "manifest.tmp-", "cache.tmp-"}

// removeLeftovers removes the staging folders, set-aside trees and
// temporary manifests that interrupted builds left beside dir, and returns
// the path it could not remove. The caller holds the lock, so none of them
// belongs to a running build.
func removeLeftovers(dir string) (string, error) {
	parent := filepath.Dir(dir)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return parent, err
	}
	for _, e := range entries {
		for _, kind := range leftoverKinds {
			if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)+"."+kind) {
				p := filepath.Join(parent, e.Name())
				if err := os.RemoveAll(p); err != nil {
					return p, err
				}
			}
		}
	}
	return "", nil
}

func (t *Tree) unlock() {
	t.lockMu.Lock()
	defer t.lockMu.Unlock()
	if t.at != nil {
		t.at.close()
	}
	if t.lock != nil {
		t.lock.Close()
		t.lock = nil
	}
}

func token() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Sizes yields every file of the tree, slash-separated, with its size:
// what the hosts' limits are measured on, without walking the folder. It
// is for a tree committed or aborted, which nothing writes any more.
func (t *Tree) Sizes() iter.Seq2[string, int64] { return sizesOf(t.next) }

// Sizes yields the files of the output folder target, as its manifest
// records them, with their sizes; none if it has no manifest.
func Sizes(target string) iter.Seq2[string, int64] {
	abs, err := resolve(target)
	if err != nil {
		return sizesOf(nil)
	}
	return sizesOf(readManifest(manifestOf(abs)))
}

// sizesOf yields the files of a manifest with their sizes, and the mark,
// which no manifest lists; nothing for a nil manifest.
func sizesOf(entries map[string]entry) iter.Seq2[string, int64] {
	return func(yield func(string, int64) bool) {
		if entries == nil {
			return
		}
		for rel, e := range entries {
			if !yield(rel, e.size) {
				return
			}
		}
		yield(MarkFile, int64(len(markText)))
	}
}

// Written counts the files written anew.
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
	return diag.Fault(t.mkdir(rel), true)
}

// mkdir creates the folder of rel once, however many files it holds.
func (t *Tree) mkdir(rel string) error {
	dir := filepath.Dir(filepath.FromSlash(rel))
	t.dirsMu.Lock()
	done := t.dirs[dir]
	parentDone := done || t.dirs[filepath.Dir(dir)]
	t.dirsMu.Unlock()
	if done {
		return nil
	}
	// Most folders are made in a folder made before (en/smtp/552-.../ in
	// en/smtp/): one mkdir instead of MkdirAll's stat, stat and mkdir.
	full := filepath.Join(t.staging, dir)
	err := os.ErrNotExist
	if parentDone {
		err = t.at.mkdir(filepath.ToSlash(dir))
		if os.IsExist(err) {
			err = nil
		}
	}
	if err != nil {
		if err := os.MkdirAll(full, DirMode); err != nil {
			return err
		}
	}
	t.dirsMu.Lock()
	for d := dir; d != "." && !t.dirs[d]; d = filepath.Dir(d) {
		t.dirs[d] = true
	}
	t.dirsMu.Unlock()
	return nil
}

func (t *Tree) record(rel string, key Key, size int64) {
	_, inSpare := t.spare[rel]
	t.recordFrom(rel, key, size, inSpare)
}

// recordFrom is record, told whether the spare has rel.
func (t *Tree) recordFrom(rel string, key Key, size int64, inSpare bool) {
	t.mu.Lock()
	n := len(t.next)
	t.next[rel] = entry{key: key, size: size}
	if inSpare && len(t.next) > n {
		t.kept++
	}
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
	if key == (Key{}) {
		return false
	}
	if e, ok := t.spare[rel]; ok && e.key == key && checkRel(rel) == nil {
		size, regular, err := t.at.lstat(rel)
		if err == nil && regular && size == e.size {
			t.linked.Add(1)
			t.recordFrom(rel, key, e.size, true)
			return true
		}
	}
	if !t.hasOld {
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
	if linkOver(oldPath, filepath.Join(t.staging, filepath.FromSlash(rel))) != nil {
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
		return diag.Fault(err, true)
	}
	linked, err := t.put(rel, data)
	if err != nil {
		return diag.Fault(err, true)
	}
	t.record(rel, key, int64(len(data)))
	if linked {
		t.linked.Add(1)
	} else {
		t.written.Add(1)
	}
	return nil
}

// put stores data at rel in the staging tree, whose folder exists: a
// hard link to the previous build's file if that holds the same bytes,
// else a new file.
func (t *Tree) put(rel string, data []byte) (linked bool, err error) {
	dst := filepath.Join(t.staging, filepath.FromSlash(rel))
	if t.hasOld {
		oldPath := filepath.Join(t.target, filepath.FromSlash(rel))
		if sameContent(oldPath, data) && linkOver(oldPath, dst) == nil {
			return true, nil
		}
	}
	if _, ok := t.spare[rel]; ok && sameContent(dst, data) {
		return true, nil // the spare's file, as it was two builds ago
	}
	return false, t.at.write(rel, data)
}

// lstatPath reports the size of the file at path and whether it is a
// regular file.
func lstatPath(path string) (size int64, regular bool, err error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return 0, false, err
	}
	return fi.Size(), fi.Mode().IsRegular(), nil
}

// createNew creates the file dst anew, unlinking a file there first.
func createNew(dst string) (*os.File, error) {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(dst); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	}
	return f, err
}

// linkOver makes dst a hard link to src, unlinking a file at dst (the
// spare's) first.
func linkOver(src, dst string) error {
	err := os.Link(src, dst)
	if !errors.Is(err, fs.ErrExist) {
		return err
	}
	if a, err := os.Lstat(src); err == nil {
		if b, err := os.Lstat(dst); err == nil && os.SameFile(a, b) {
			return nil // already the file wanted
		}
	}
	if err := os.Remove(dst); err != nil {
		return err
	}
	return os.Link(src, dst)
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
		return nil, diag.Fault(err, true)
	}
	f, err := createNew(filepath.Join(t.staging, filepath.FromSlash(rel)))
	if err != nil {
		return nil, diag.Fault(err, true)
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
	return n, diag.Fault(err, true)
}

// Close finishes the file. If the previous build has a file with the same
// bytes, that file is carried over in its place.
func (s *Stream) Close() error {
	t := s.t
	dst := filepath.Join(t.staging, filepath.FromSlash(s.rel))
	err := s.Flush()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return diag.Fault(err, true)
	}
	t.record(s.rel, s.key, s.size)
	if t.hasOld {
		oldPath := filepath.Join(t.target, filepath.FromSlash(s.rel))
		if sameFiles(oldPath, dst) && linkOver(oldPath, dst) == nil {
			t.linked.Add(1)
			return nil
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

// State is what the output folder holds after a failed build.
type State int

const (
	// Intact: the previous output, exactly as it was (or still nothing).
	Intact State = iota
	// Replaced: the complete new site; what failed came after the swap.
	Replaced
	// Aside: no site. The previous output was renamed aside and could not
	// be put back; this can happen only where the system cannot exchange
	// two folders in one step.
	Aside
)

// A CommitError is an error of Commit. It says what the output folder
// holds now.
type CommitError struct {
	State  State
	Target string // the output folder
	Aside  string // with State Aside: where the previous output is
	Err    error
}

func (e *CommitError) Error() string {
	switch e.State {
	case Replaced:
		return fmt.Sprintf("output folder %q holds the complete new site, but %v", e.Target, e.Err)
	case Aside:
		return fmt.Sprintf("output folder %q: the new site could not be moved in (%v), and the previous site, moved aside to %q, could not be moved back; move it back yourself (mv %q %q) or build again", e.Target, e.Err, e.Aside, e.Aside, e.Target)
	}
	return fmt.Sprintf("output folder %q: the new site was not swapped in: %v", e.Target, e.Err)
}

func (e *CommitError) Unwrap() error { return e.Err }

// StateOf says what the output folder holds after a build failed with
// err. Only Commit can leave it other than Intact: every earlier step
// writes only into the staging folder.
func StateOf(err error) State {
	var ce *CommitError
	if errors.As(err, &ce) {
		return ce.State
	}
	return Intact
}

// forceTwoRenames makes Commit swap with two renames, as where no atomic
// exchange exists; for tests of that path.
var forceTwoRenames bool

// Commit swaps the finished tree in for the target, removes the old one
// and records the manifest. Its errors are *CommitError: if the swap
// fails, the old tree stays (or is put back) and the staging tree is
// removed.
func (t *Tree) Commit() error {
	defer t.unlock()
	intact := func(err error) error {
		os.RemoveAll(t.staging)
		return &CommitError{State: Intact, Target: t.given, Err: err}
	}
	renameFailed := func(err error) error {
		return intact(diag.Fault(err, true))
	}
	_, err := os.Lstat(t.target)
	exists := err == nil
	if exists {
		// It was checked when the build began; make sure nobody put
		// files of their own there since.
		if ok, err := ours(t.target); err != nil || !ok {
			return intact(fmt.Errorf("the folder changed during the build and now holds files no build wrote (it has no %s); move your files away and build again", MarkFile))
		}
	}
	if err := t.prune(); err != nil {
		return intact(diag.Fault(err, true))
	}
	// A stale manifest must never describe the new tree. The old one
	// describes the previous tree, which becomes the spare: it goes ahead
	// of the tree to the spare's manifest, which no spare has yet (New
	// took the spare), so it is moved, not written again.
	if err := os.Rename(t.manifest, spareManifestOf(t.target)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return intact(fmt.Errorf("cannot move the old manifest aside: %w", diag.Fault(err, true)))
	}
	hook("swap")
	old := "" // where the previous tree is once the new one is in place
	switch {
	case !exists:
		if err := os.Rename(t.staging, t.target); err != nil {
			return renameFailed(err)
		}
	default:
		err := errNoExchange
		if !forceTwoRenames {
			err = exchange(t.staging, t.target)
		}
		switch {
		case err == nil:
			old = t.staging // the two trees traded names
		case errors.Is(err, errNoExchange):
			// Two renames; the target is missing between them.
			aside := beside(t.target, "old-"+token())
			if err := os.Rename(t.target, aside); err != nil {
				return intact(fmt.Errorf("cannot move the previous output aside: %w", diag.Fault(err, true)))
			}
			hook("aside")
			if err := os.Rename(t.staging, t.target); err != nil {
				if os.Rename(aside, t.target) != nil {
					os.RemoveAll(t.staging)
					return &CommitError{State: Aside, Target: t.given, Aside: aside, Err: diag.Fault(err, true)}
				}
				return renameFailed(err)
			}
			old = aside
		default:
			return renameFailed(err)
		}
	}
	hook("swapped")
	var errs []error
	if err := t.writeManifest(); err != nil {
		errs = append(errs, fmt.Errorf("its manifest could not be written, so the next build rewrites every file: %w", diag.Fault(err, true)))
	}
	if old != "" {
		// The previous tree is what its manifest, moved above, describes:
		// the next build starts from it.
		t.keepSpare(old, nil)
	} else {
		os.Remove(spareManifestOf(t.target))
	}
	if len(errs) > 0 {
		return &CommitError{State: Replaced, Target: t.given, Err: errors.Join(errs...)}
	}
	return nil
}

// Abort leaves the target as it was. The staging folder becomes the
// spare, described by what it held and what this build wrote into it, so
// that the build after a failed one (in the preview, after a typo) still
// writes only what changed.
func (t *Tree) Abort() {
	defer t.unlock()
	entries := maps.Clone(t.spare)
	if entries == nil {
		entries = map[string]entry{}
	}
	t.mu.Lock()
	maps.Copy(entries, t.next)
	t.mu.Unlock()
	t.keepSpare(t.staging, entries)
}

// prune removes from the staging folder the files of the spare that this
// build has not written or carried over, and the folders they leave
// empty, so that the tree holds exactly the new site.
func (t *Tree) prune() error {
	if t.kept == len(t.spare) {
		return nil // the new site has every file of the spare
	}
	var gone []string
	for rel := range t.spare {
		if _, ok := t.next[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(gone)))
	for _, rel := range gone {
		p := filepath.Join(t.staging, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := filepath.Dir(p); len(d) > len(t.staging); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break // not empty: it holds files of the new site
			}
		}
	}
	return nil
}

func (t *Tree) writeManifest() error { return writeManifestFile(t.manifest, t.next) }

// writeManifestFile writes the manifest of entries at path, through a
// temporary file renamed over it.
func writeManifestFile(path string, entries map[string]entry) error {
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	tmp := path + ".tmp-" + token()
	f, err := createNew(tmp)
	if err != nil {
		return err
	}
	// Streamed: the manifest of a large site is megabytes, which a
	// build at its peak of memory need not hold as well.
	w := bufio.NewWriterSize(f, 64<<10)
	w.WriteString("smtpcodes manifest 1\n")
	line := make([]byte, 0, 256)
	for _, p := range paths {
		e := entries[p]
		line = append(line[:0], p...)
		line = append(line, '\t')
		line = hex.AppendEncode(line, e.key[:])
		line = append(line, '\t')
		line = strconv.AppendInt(line, e.size, 10)
		line = append(line, '\n')
		w.Write(line)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	knowManifest(path, entries)
	return nil
}

// Unchanged reports whether the folder target already holds exactly the
// given files, n of them: the previous build's manifest lists the same paths with the
// same keys (none of them zero), and each file is there with its recorded
// size, and the folder has the mark. A build can then stop without writing
// anything. A symbolic link is judged by the folder it points to.
func Unchanged(target string, n int, files iter.Seq2[string, Key]) bool {
	abs, err := resolve(target)
	if err != nil {
		return false
	}
	if !hasMark(abs) {
		// Without the mark the next New must judge the folder, and the
		// build that follows gives it the mark.
		return false
	}
	old := readManifest(manifestOf(abs))
	if len(old) != n {
		return false
	}
	for rel, key := range files {
		e, ok := old[rel]
		if !ok || key == (Key{}) || e.key != key {
			return false
		}
	}
	return allThere(abs, old)
}

// allThere reports whether every file of the manifest m is in the folder
// abs, a regular file of its recorded size. The files are looked at by a
// goroutine per CPU: each look is a system call, which is most of what a
// build that writes nothing does.
func allThere(abs string, m map[string]entry) bool {
	type file struct {
		rel  string
		size int64
	}
	files := make([]file, 0, len(m))
	for rel, e := range m {
		files = append(files, file{rel, e.size})
	}
	at := newAnchors(abs)
	defer at.close()
	var missing atomic.Bool
	var wg sync.WaitGroup
	workers := min(runtime.NumCPU(), len(files)/1024+1)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files) && !missing.Load(); i += workers {
				f := files[i]
				if checkRel(f.rel) != nil {
					missing.Store(true)
					break
				}
				if size, regular, err := at.lstat(f.rel); err != nil || !regular || size != f.size {
					missing.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !missing.Load()
}

// resolve returns the absolute path of the output folder target, or of
// the folder it links to.
func resolve(target string) (string, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return abs, nil
}

// Preload reads the manifests beside the output folder target, the
// previous build's and the spare's, ahead of the build that reads them
// (Unchanged, New), which then finds them read: the caller runs it on a
// goroutine of its own while it loads its inputs.
func Preload(target string) {
	if dir, err := resolve(target); err == nil {
		readManifest(manifestOf(dir))
		readManifest(spareManifestOf(dir))
	}
}

// ReadCache returns the bytes of the cache beside the output folder
// target (see The cache), or nil if it has none.
func ReadCache(target string) []byte {
	dir, err := resolve(target)
	if err != nil {
		return nil
	}
	data, _ := os.ReadFile(beside(dir, "cache"))
	return data
}

// WriteCache replaces the cache beside the output folder target with
// data, through a temporary file renamed over it. It writes nothing beside
// a folder no build wrote (one without the mark), or while a build holds
// the lock: that build writes its own.
func WriteCache(target string, data []byte) error { return replaceCache(target, "", data) }

// StageCache writes data, the cache's contents for the next build, into a
// temporary file beside the output folder, for CommitCache to put in place
// once the tree is committed: what a build keeps for the next need not be
// held in memory while it writes the site. It returns the file's path. The
// tree holds the lock, so no other build writes the cache meanwhile; if
// the build dies, the next one removes the file (removeLeftovers).
func (t *Tree) StageCache(data []byte) (string, error) {
	tmp := beside(t.target, "cache.tmp-"+token())
	if err := writeNew(tmp, data); err != nil {
		return "", err
	}
	return tmp, nil
}

// CommitCache replaces the cache beside the output folder target with the
// file StageCache wrote, as WriteCache does with data; the file is removed
// when it does not take the cache's place.
func CommitCache(target, staged string) error { return replaceCache(target, staged, nil) }

// DropCache removes the file StageCache wrote, for a build that failed.
func DropCache(staged string) { os.Remove(staged) }

// replaceCache renames staged, or a new file of data when staged is "",
// over the cache beside the output folder target (WriteCache).
func replaceCache(target, staged string, data []byte) error {
	if staged != "" {
		defer os.Remove(staged) // nothing left to remove once renamed
	}
	dir, err := resolve(target)
	if err != nil || !hasMark(dir) {
		return err
	}
	lock, err := lockFile(beside(dir, "lock"))
	if errors.Is(err, errLocked) {
		return nil
	}
	if err != nil {
		return err
	}
	defer lock.Close()
	path := beside(dir, "cache")
	tmp := staged
	if tmp == "" {
		tmp = path + ".tmp-" + token()
		defer os.Remove(tmp)
		if err := writeNew(tmp, data); err != nil {
			return err
		}
	}
	return os.Rename(tmp, path)
}

// manifests holds the last manifests read or written, with the file each
// is: a build reads the previous build's manifest twice (Unchanged, New)
// and the spare's, which is the manifest of the build before that, moved;
// the preview's builds follow each other in one process. The maps are
// shared, and only ever read.
var manifests struct {
	sync.Mutex
	last [3]knownManifest
}

type knownManifest struct {
	file    os.FileInfo
	entries map[string]entry
}

// knowManifest records that the manifest file at path holds entries.
func knowManifest(path string, entries map[string]entry) {
	fi, err := os.Stat(path)
	if err != nil {
		return
	}
	manifests.Lock()
	defer manifests.Unlock()
	copy(manifests.last[1:], manifests.last[:])
	manifests.last[0] = knownManifest{fi, entries}
}

// knownEntries returns the entries of the manifest file fi, if they are
// known: the same file (a manifest is never rewritten in place, only
// replaced), of the same size and modification time.
func knownEntries(fi os.FileInfo) map[string]entry {
	manifests.Lock()
	defer manifests.Unlock()
	for _, k := range manifests.last {
		if k.file != nil && os.SameFile(k.file, fi) && k.file.Size() == fi.Size() && k.file.ModTime().Equal(fi.ModTime()) {
			return k.entries
		}
	}
	return nil
}

// readManifest returns the recorded entries, or nil if the manifest is
// missing or not understood (which only costs a full rebuild). A line it
// cannot read is left out: that file is written again.
func readManifest(path string) map[string]entry {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil
	}
	if m := knownEntries(fi); m != nil {
		return m
	}
	// Read in one piece of the size it has: a manifest is replaced, never
	// written in place, and one cut short is not understood.
	data := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil
	}
	m := parseManifest(data)
	if m != nil {
		knowManifest(path, m)
	}
	return m
}

// parseManifest reads the lines of a manifest.
func parseManifest(data []byte) map[string]entry {
	head, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(head) != "smtpcodes manifest 1" {
		return nil
	}
	out := make(map[string]entry, bytes.Count(rest, []byte("\n")))
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		// PATH \t KEY (hex) \t SIZE
		p, kv, ok := bytes.Cut(line, []byte("\t"))
		if !ok {
			continue
		}
		k, size, ok := bytes.Cut(kv, []byte("\t"))
		var e entry
		if !ok || hex.DecodedLen(len(k)) != len(e.key) {
			continue
		}
		if _, err := hex.Decode(e.key[:], k); err != nil {
			continue
		}
		n, err := strconv.ParseInt(string(size), 10, 64)
		if err != nil {
			continue
		}
		e.size = n
		out[string(p)] = e
	}
	return out
}
