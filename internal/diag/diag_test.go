package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"
)

// TestFault checks the messages of faults of the machine, with synthetic
// errors (a test cannot fill a disk, and chmod denies nothing to root):
// the path first, then the problem, then what to check.
func TestFault(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		write bool
		want  string
	}{
		{"disk full", &fs.PathError{Op: "write", Path: "/srv/.public.new-1/en/index.html", Err: syscall.ENOSPC}, true,
			"/srv/.public.new-1/en/index.html: cannot write it: no space left on device; the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again"},
		{"quota", &fs.PathError{Op: "open", Path: "/srv/.public.new-1/404.html", Err: syscall.EDQUOT}, true,
			"/srv/.public.new-1/404.html: cannot open it: disk quota exceeded; your disk quota is used up: free space or raise the quota (a build needs room for the new site beside the previous one), then build again"},
		{"read-only file system", &fs.PathError{Op: "mkdir", Path: "/srv/.public.new-1", Err: syscall.EROFS}, true,
			"/srv/.public.new-1: cannot create it: read-only file system; the file system is read-only: remount it read-write, or set -out to a folder on a writable disk"},
		{"permission denied writing", &fs.PathError{Op: "open", Path: "/srv/.public.lock", Err: syscall.EACCES}, true,
			`/srv/.public.lock: cannot open it: permission denied; check that you may write in "/srv" (its permissions and owner, ls -ld), or set -out to a folder you may write`},
		{"permission denied reading", &fs.PathError{Op: "open", Path: "i18n/en.yaml", Err: syscall.EACCES}, false,
			"i18n/en.yaml: cannot open it: permission denied; check that you may read it and open every folder above it (their permissions and owner, ls -l)"},
		{"rename", &os.LinkError{Op: "rename", Old: "/srv/.public.new-1", New: "/srv/public", Err: syscall.EPERM}, true,
			`/srv/.public.new-1: cannot rename it to "/srv/public": operation not permitted; check that you may write in "/srv" (its permissions and owner, ls -ld), or set -out to a folder you may write`},
		{"exchange", &os.LinkError{Op: "exchange", Old: "/srv/.public.new-1", New: "/srv/public", Err: syscall.EROFS}, true,
			`/srv/.public.new-1: cannot exchange it with "/srv/public": read-only file system; the file system is read-only: remount it read-write, or set -out to a folder on a writable disk`},
		{"permission denied, no path", syscall.EACCES, true,
			"permission denied; check the permissions of the output folder and of the folder it is in, or set -out to a folder you may write"},
		{"too many open files", &fs.PathError{Op: "open", Path: "/srv/.public.new-1/en/index.html", Err: syscall.EMFILE}, true,
			"/srv/.public.new-1/en/index.html: cannot open it: too many open files; too many files are open: raise the limit (ulimit -n) or build with fewer -workers"},
		{"wrapped", fmt.Errorf("copying: %w", &fs.PathError{Op: "read", Path: "static/style.css", Err: syscall.EIO}), false,
			"static/style.css: cannot read it: input/output error; the disk reported an input/output error: check the disk and its connection"},
		{"no fault of the machine", &fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}, false,
			"x: cannot open it: no such file or directory"},
		{"no path", syscall.ENOSPC, true,
			"no space left on device; the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Fault(tc.err, tc.write)
			if got := err.Error(); got != tc.want {
				t.Errorf("Fault(%v, %v) =\n%s\nwant\n%s", tc.err, tc.write, got, tc.want)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("Fault(%v) does not wrap the error it explains", tc.err)
			}
			if again := Fault(err, tc.write); again.Error() != err.Error() {
				t.Errorf("Fault of its own result = %q; want it unchanged", again)
			}
		})
	}
	if Fault(nil, true) != nil {
		t.Error("Fault(nil) != nil")
	}
}
