//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package output

import "os"

// writeNew writes data to a new file at dst. It never opens an existing
// file, which may be a hard link to the previous build's: a file at dst
// (the spare's, or one written before) is unlinked first. The staging
// folder is no one's site yet, so this need not be atomic.
func writeNew(dst string, data []byte) error {
	f, err := createNew(dst)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
	}
	return err
}
