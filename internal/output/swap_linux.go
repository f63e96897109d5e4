package output

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// sysRenameat2 is the number of the renameat2 system call (Linux 3.15),
// which package syscall does not name on every architecture.
var sysRenameat2 = map[string]uintptr{
	"386": 353, "amd64": 316, "arm": 382, "arm64": 276, "loong64": 276,
	"mips": 4351, "mipsle": 4351, "mips64": 5311, "mips64le": 5311,
	"ppc64": 357, "ppc64le": 357, "riscv64": 276, "s390x": 347,
}[runtime.GOARCH]

// renameExchange is RENAME_EXCHANGE of <linux/fs.h>.
const renameExchange = 1 << 1

// exchange atomically swaps the names of the folders a and b, or returns
// errNoExchange where the kernel or the file system cannot (ENOSYS before
// Linux 3.15, EINVAL on file systems without RENAME_EXCHANGE).
func exchange(a, b string) error {
	if sysRenameat2 == 0 {
		return errNoExchange
	}
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	fdcwd := -100 // AT_FDCWD: the paths are relative to the working folder
	_, _, e := syscall.Syscall6(sysRenameat2,
		uintptr(fdcwd), uintptr(unsafe.Pointer(pa)),
		uintptr(fdcwd), uintptr(unsafe.Pointer(pb)),
		renameExchange, 0)
	switch e {
	case 0:
		return nil
	case syscall.ENOSYS, syscall.EINVAL, syscall.ENOTSUP:
		return errNoExchange
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: e}
}

var errNoExchange = errors.New("the folders cannot be exchanged in one step here")
