package output

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
)

// anchors holds, while a tree is written, a descriptor of each folder of
// the staging tree that holds the folders of files (en/smtp/ for
// en/smtp/552-x/index.html), and names a file or a folder from there in
// its system calls (fstatat, mkdirat, openat) rather than from the root
// of the file system: a build makes three or four calls for each of tens
// of thousands of files, and the kernel walks each path given one folder
// at a time.
type anchors struct {
	root string
	mu   sync.Mutex
	fds  map[string]int // by slash-separated folder, "." for root
}

func newAnchors(root string) *anchors { return &anchors{root: root, fds: map[string]int{}} }

// at returns a descriptor of dir, a folder of the tree, and the path of
// rel, which is in it, from there; ok is false if dir cannot be opened
// (it does not exist yet).
func (a *anchors) at(dir, rel string) (fd int, name string, ok bool) {
	name = rel
	if dir != "." {
		name = rel[len(dir)+1:]
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if fd, ok := a.fds[dir]; ok {
		return fd, name, true
	}
	fd, err := unix.Open(a.full(dir), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, "", false
	}
	a.fds[dir] = fd
	return fd, name, true
}

func (a *anchors) full(rel string) string { return filepath.Join(a.root, filepath.FromSlash(rel)) }

// close closes the descriptors, once the tree is written.
func (a *anchors) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for dir, fd := range a.fds {
		unix.Close(fd)
		delete(a.fds, dir)
	}
}

// lstat reports the size of the file rel of the tree and whether it is a
// regular file, as os.Lstat would.
func (a *anchors) lstat(rel string) (size int64, regular bool, err error) {
	fd, name, ok := a.at(path.Dir(path.Dir(rel)), rel)
	if !ok {
		return lstatPath(a.full(rel))
	}
	var st unix.Stat_t
	if err := ignoringEINTR(func() error { return unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) }); err != nil {
		return 0, false, &fs.PathError{Op: "lstat", Path: a.full(rel), Err: err}
	}
	return st.Size, st.Mode&unix.S_IFMT == unix.S_IFREG, nil
}

// mkdir makes the folder rel of the tree, as os.Mkdir would.
func (a *anchors) mkdir(rel string) error {
	fd, name, ok := a.at(path.Dir(rel), rel)
	if !ok {
		return os.Mkdir(a.full(rel), DirMode)
	}
	if err := ignoringEINTR(func() error { return unix.Mkdirat(fd, name, DirMode) }); err != nil {
		return &fs.PathError{Op: "mkdir", Path: a.full(rel), Err: err}
	}
	return nil
}

// write writes data to the new file rel of the tree (writeNew).
func (a *anchors) write(rel string, data []byte) error {
	return writeWith(a.full(rel), data, func() (int, error) {
		fd, name, ok := a.at(path.Dir(path.Dir(rel)), rel)
		if !ok {
			return openNew(a.full(rel))
		}
		var f int
		err := ignoringEINTR(func() (err error) {
			f, err = unix.Openat(fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, FileMode)
			return err
		})
		return f, err
	})
}

func ignoringEINTR(call func() error) error {
	for {
		if err := call(); err != unix.EINTR {
			return err
		}
	}
}
