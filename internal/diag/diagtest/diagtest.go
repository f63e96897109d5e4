// Package diagtest checks, for the loaders' tests, that an error is what
// package diag promises: a list of problems, each naming one of the input
// files and a line and column inside it, with a message of one line.
package diagtest

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"smtpcodes/internal/diag"
)

// Check checks that err is a list of positioned problems, each inside one
// of files (name to contents). whole reports the messages that name a file
// as a whole, at line 0 and column 0 (a file with nothing to point at).
func Check(t testing.TB, files map[string][]byte, err error, whole func(msg string) bool) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var d *diag.Error
		if !errors.As(e, &d) {
			t.Errorf("error %q (%T) is not a *diag.Error, so it names no position", e, e)
			continue
		}
		src, known := files[d.File]
		// Lines end at "\n", "\r\n" or a lone "\r", as in YAML (§5.4).
		lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n"), "\n")
		switch {
		case !known:
			t.Errorf("error %q names file %q, which is none of the inputs", d, d.File)
		case d.Line == 0 && d.Col == 0 && whole(d.Msg):
			// The file holds nothing to point at.
		case d.Line < 1 || d.Col < 1:
			t.Errorf("error %q is at line %d, column %d; want a position in the file (line and column >= 1)", d, d.Line, d.Col)
		case d.Line > len(lines):
			t.Errorf("error %q is at line %d; the file has %d lines", d, d.Line, len(lines))
		case d.Col > utf8.RuneCountInString(lines[d.Line-1])+1:
			t.Errorf("error %q is at column %d; line %d has %d characters", d, d.Col, d.Line, utf8.RuneCountInString(lines[d.Line-1]))
		}
		if d.Msg == "" || strings.IndexFunc(d.Msg, unicode.IsControl) >= 0 {
			t.Errorf("error %q: want a message of one line, without control characters (quote the input it cites)", d)
		}
	}
}
