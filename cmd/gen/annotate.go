package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"smtpcodes/internal/diag"
)

// annotation is one GitHub Actions workflow command that makes an
// annotation: an error or a warning, at a place in a file of the
// repository when one is known. GitHub shows it on the pull request, at
// that line of the diff.
type annotation struct {
	Level string // "error" or "warning"
	// File is slash-separated and relative to the repository's root, as
	// GitHub expects; "" when the problem has no file in the repository.
	File      string
	Line, Col int // 1-based; 0 when unknown
	Msg       string
}

// Escapes of workflow commands, the inverse of what the runner undoes
// (actions/toolkit's command.ts, actions/runner's ActionCommand.cs): %, CR
// and LF in the message, and : and , as well in a property, where they
// would end the value.
var (
	escapeData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// String is the annotation as one line of output:
// ::error file=F,line=L,col=C::message, each property left out when it is
// unknown (a line without a file, a column without a line).
func (a annotation) String() string {
	var props []string
	if a.File != "" {
		props = append(props, "file="+escapeProperty.Replace(a.File))
		if a.Line > 0 {
			props = append(props, "line="+strconv.Itoa(a.Line))
			if a.Col > 0 {
				props = append(props, "col="+strconv.Itoa(a.Col))
			}
		}
	}
	cmd := "::" + a.Level
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + escapeData.Replace(a.Msg)
}

// annotator prints build errors and warnings a second time, as workflow
// commands, when gen runs in GitHub Actions; a nil *annotator prints
// nothing. The runner reads commands on stderr as well as on stdout.
type annotator struct {
	root string // the repository's root, absolute
	wd   string // the folder relative paths are relative to, absolute
}

// newAnnotator returns an annotator when getenv says gen runs in GitHub
// Actions (GITHUB_ACTIONS=true), and nil otherwise. The repository's root
// is GITHUB_WORKSPACE, where actions/checkout puts it, or else the working
// folder.
func newAnnotator(getenv func(string) string) *annotator {
	if getenv("GITHUB_ACTIONS") != "true" {
		return nil
	}
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	root := getenv("GITHUB_WORKSPACE")
	if root == "" {
		root = wd
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	return &annotator{root: root, wd: wd}
}

// errors writes an ::error line for every problem in err.
func (an *annotator) errors(w io.Writer, err error) {
	if an == nil {
		return
	}
	for _, a := range an.annotations(err) {
		fmt.Fprintln(w, a)
	}
}

// warning writes msg as a ::warning line.
func (an *annotator) warning(w io.Writer, msg string) {
	if an == nil {
		return
	}
	fmt.Fprintln(w, annotation{Level: "warning", Msg: msg})
}

// annotations are the errors of err, one per problem: each *diag.Error
// at its file, line and column, with its message alone; any other
// problem without a place, with its whole text.
func (an *annotator) annotations(err error) []annotation {
	var out []annotation
	for _, e := range problems(err) {
		a := annotation{Level: "error", Msg: e.Error()}
		var d *diag.Error
		if errors.As(e, &d) {
			if file, ok := an.repoPath(d.File); ok {
				a.File, a.Line, a.Col = file, d.Line, d.Col
				// The place is in the properties: drop it from the text.
				a.Msg = strings.TrimPrefix(a.Msg, strings.TrimSuffix(d.Error(), d.Msg))
			}
		}
		out = append(out, a)
	}
	return out
}

// repoPath is file, a path as gen was given it, relative to the
// repository's root and slash-separated; false when it is outside.
func (an *annotator) repoPath(file string) (string, bool) {
	if file == "" {
		return "", false
	}
	if !filepath.IsAbs(file) {
		file = filepath.Join(an.wd, file)
	}
	rel, err := filepath.Rel(an.root, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// problems splits err into its problems: the errors joined in it
// (errors.Join, diag.List), through wrappers that add no text of their
// own. A wrapper that adds text is one problem, as it prints.
func problems(err error) []error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*diag.Error); ok {
		return []error{err}
	}
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		var out []error
		for _, e := range u.Unwrap() {
			out = append(out, problems(e)...)
		}
		return out
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil && inner.Error() == err.Error() {
			return problems(inner)
		}
	}
	return []error{err}
}
