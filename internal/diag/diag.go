// Package diag carries build errors that point at a place in an input file.
//
// Every problem the generator finds in its inputs is reported as an *Error
// naming the file, line and column, what is wrong and, where possible, how to
// fix it. Loaders collect all errors of a file in a List, so a single run shows
// every problem, sorted by position.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
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

// DidYouMean formats Suggest's answer as a hint for an error message.
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
