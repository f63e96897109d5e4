// Package diag carries build errors that point at a place in an input file.
//
// Every problem the generator finds in its inputs is reported as an *Error
// naming the file, line and column, what is wrong and, where possible, how to
// fix it. Loaders collect all errors of a file in a List, so a single run shows
// every problem, sorted by position.
//
// Faults of the machine (permission denied, a read-only file system, a full
// disk) are no fault of the input; Fault explains them in the same form:
// the path, the problem, and what to check.
package diag

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// Error is one problem at a position in an input file. Line and Col are
// 1-based; a zero Line means the problem concerns the file as a whole.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
}

// List collects errors. The zero value is ready to use.
type List struct {
	errs []*Error
}

// Add records a problem at file:line:col.
func (l *List) Add(file string, line, col int, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Merge adds the errors of o to l.
func (l *List) Merge(o *List) { l.errs = append(l.errs, o.errs...) }

// Len reports how many errors were recorded.
func (l *List) Len() int { return len(l.errs) }

// Err returns nil when no error was recorded, and otherwise all of them,
// sorted by file and position, joined into one error whose text has one
// problem per line.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	sort.SliceStable(l.errs, func(i, j int) bool {
		a, b := l.errs[i], l.errs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	errs := make([]error, len(l.errs))
	for i, e := range l.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a likely misspelling.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(strings.ToLower(word), strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	limit := max(len(word)/3, 2)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// DidYouMean formats Suggest's answer as a hint for an error message,
// ` (did you mean "x"?)`, or, when no candidate is close, lists them all:
// ` (known: a, b, c)`.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Sprintf(" (known: %s)", strings.Join(candidates, ", "))
}

// distance is the Levenshtein distance between a and b, by rune.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Fault describes err, a failure of the machine rather than of an input
// (the file system refused to read or write a file), as one line in the
// form "path: problem; what to check". write says whether the build was
// writing (the output) or reading (an input). The path comes from err
// (*fs.PathError or *os.LinkError); what to check follows from the cause
// (the permissions, a read-only file system, free space, the limit of open
// files). The result wraps err, so errors.Is still sees the cause.
func Fault(err error, write bool) error {
	if err == nil {
		return nil
	}
	var fe *faultError
	if errors.As(err, &fe) {
		return err // explained already
	}
	f := &faultError{Err: err, Write: write}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		f.Path, f.Op, f.Cause = pe.Path, pe.Op, pe.Err
	case errors.As(err, &le):
		f.Path, f.Op, f.Cause, f.To = le.Old, le.Op, le.Err, le.New
	default:
		f.Cause = err
	}
	return f
}

// faultError is an error of the file system explained by Fault.
type faultError struct {
	Path  string // the file or folder concerned, if known
	To    string // for a rename or link: the new name
	Op    string // the system call: open, mkdir, write, rename, ...
	Cause error  // the system's error, like syscall.ENOSPC
	Write bool   // whether the build was writing (not reading)
	Err   error  // the error as it was returned
}

func (f *faultError) Error() string {
	var b strings.Builder
	if f.Path != "" {
		b.WriteString(f.Path + ": ")
	}
	switch {
	case f.To != "" && f.Op == "exchange":
		fmt.Fprintf(&b, "cannot exchange it with %q: %v", f.To, f.Cause)
	case f.To != "":
		fmt.Fprintf(&b, "cannot %s it to %q: %v", f.Op, f.To, f.Cause)
	case f.Op != "":
		fmt.Fprintf(&b, "cannot %s it: %v", opVerb(f.Op), f.Cause)
	default:
		fmt.Fprintf(&b, "%v", f.Cause)
	}
	dir := f.Path
	if f.Write && dir != "" {
		dir = filepath.Dir(dir)
	}
	if hint := faultHint(f.Cause, dir, f.Write); hint != "" {
		b.WriteString("; " + hint)
	}
	return b.String()
}

func (f *faultError) Unwrap() error { return f.Err }

// opVerb is what a system call tried to do, for "cannot ... it".
func opVerb(op string) string {
	switch op {
	case "open", "openat":
		return "open"
	case "mkdir", "mkdirat":
		return "create"
	case "write", "writev", "fsync", "sync", "close":
		return "write"
	case "read", "readdirent", "readdir", "fdopendir":
		return "read"
	case "unlinkat", "remove", "unlink", "rmdir":
		return "remove"
	case "stat", "lstat", "fstatat":
		return "look at"
	}
	return op
}

// faultHint says what to check after err, a failure of the machine at
// path (a folder when writing, the file read otherwise): the permissions,
// a read-only file system, free space, the limit of open files. It
// returns "" when err is none of these.
func faultHint(err error, path string, write bool) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again"
	case errors.Is(err, syscall.EDQUOT):
		return "your disk quota is used up: free space or raise the quota (a build needs room for the new site beside the previous one), then build again"
	case errors.Is(err, syscall.EROFS):
		if write {
			return "the file system is read-only: remount it read-write, or set -out to a folder on a writable disk"
		}
		return "the file system is read-only"
	case errors.Is(err, fs.ErrPermission):
		if write && path == "" {
			return "check the permissions of the output folder and of the folder it is in, or set -out to a folder you may write"
		}
		if write {
			return fmt.Sprintf("check that you may write in %q (its permissions and owner, ls -ld), or set -out to a folder you may write", path)
		}
		return "check that you may read it and open every folder above it (their permissions and owner, ls -l)"
	case errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE):
		return "too many files are open: raise the limit (ulimit -n) or build with fewer -workers"
	case errors.Is(err, syscall.EIO):
		return "the disk reported an input/output error: check the disk and its connection"
	}
	return ""
}
