//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// writeNew writes data to a new file at dst. It never opens an existing
// file, which may be a hard link to the previous build's: a file at dst
// (the spare's, or one written before) is unlinked first. The staging
// folder is no one's site yet, so this need not be atomic, and unlinking
// is much cheaper than renaming over a file: ext4 flushes the new file's
// data to disk on such a rename (auto_da_alloc), some 8 ms each.
//
// A build writes tens of thousands of files once each, so it calls the
// system directly: an *os.File would add five system calls per file
// (making the descriptor non-blocking and back, and trying to add a
// regular file to the poller) and an allocation with a cleanup.
func writeNew(dst string, data []byte) error {
	return writeWith(dst, data, func() (int, error) { return openNew(dst) })
}

// writeWith is writeNew, with open creating the file dst.
func writeWith(dst string, data []byte, open func() (int, error)) error {
	fd, err := open()
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(dst); err != nil {
			return err
		}
		fd, err = open()
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: dst, Err: err}
	}
	for len(data) > 0 && err == nil {
		var n int
		n, err = syscall.Write(fd, data)
		switch {
		case err == syscall.EINTR:
			err = nil
		case err == nil && n == 0:
			err = syscall.EIO // no progress: never loop forever
		case err == nil:
			data = data[n:]
		}
	}
	if err != nil {
		err = &fs.PathError{Op: "write", Path: dst, Err: err}
	}
	if cerr := syscall.Close(fd); cerr != nil && err == nil {
		err = &fs.PathError{Op: "close", Path: dst, Err: cerr}
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}

// openNew creates the file dst for writing, failing if it exists.
func openNew(dst string) (int, error) {
	for {
		fd, err := syscall.Open(dst, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, FileMode)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
