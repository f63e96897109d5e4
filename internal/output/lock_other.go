//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package output

import (
	"errors"
	"os"
)

// lockFile only creates path: without flock, builds into one folder at
// the same time are not kept apart, and each removes the other's staging
// folder as a leftover. Run one build at a time.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, FileMode)
}

var errLocked = errors.New("locked by another build")
