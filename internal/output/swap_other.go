//go:build !linux

package output

import "errors"

// exchange would swap the names of two folders atomically; outside Linux
// there is no portable call for it, and Commit falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

var errNoExchange = errors.New("the folders cannot be exchanged in one step here")
