package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MarkFile is the file at the root of every tree this package builds. A
// folder is replaced only if it holds this mark, or nothing at all: a
// mistyped -out must never delete a folder of someone's own files.
const MarkFile = ".smtpcodes-output"

// markHeader is the mark's first line, the part that is checked; the rest
// explains the file to whoever finds it.
const markHeader = "smtpcodes output\n"

var markText = []byte(markHeader +
	"This folder was written by the smtpcodes generator (cmd/gen).\n" +
	"Each build replaces the whole folder: keep no files of your own in it.\n")

// A Refusal is the error of an output folder that a build must not
// replace. Nothing was written when it is returned.
type Refusal struct {
	Target string // the output folder as it was given
	Reason string // what is wrong and what to do
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("output folder %q: %s", r.Target, r.Reason)
}

// Check reports whether target may be replaced by a build that reads
// inputs (files or folders). It refuses, with a *Refusal that says what to
// do:
//   - the file system root, the working folder and every folder above it;
//   - an input folder, a folder inside one, and any folder that holds an
//     input (the folder of the data file, the repository, a parent of it);
//   - something that is not a folder, or a symbolic link to nothing;
//   - a folder that is not empty and that no build wrote: it has no mark
//     (MarkFile) and is not a tree listed entirely by the manifest beside
//     it, as written by builds before the mark.
//
// A symbolic link is judged by the folder it points to. Check reads and
// writes nothing but the names and the mark.
func Check(target string, inputs ...string) error {
	_, err := check(target, inputs)
	return err
}

// check is Check; it also returns the folder a build replaces: target
// itself, or the folder a symbolic link at target points to.
func check(target string, inputs []string) (string, error) {
	refuse := func(format string, args ...any) (string, error) {
		return "", &Refusal{Target: target, Reason: fmt.Sprintf(format, args...)}
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	real := abs
	fi, err := os.Lstat(abs)
	switch {
	case err == nil && fi.Mode()&fs.ModeSymlink != 0:
		r, err := filepath.EvalSymlinks(abs)
		if err != nil {
			dest, _ := os.Readlink(abs)
			return refuse("it is a symbolic link to %q, which cannot be followed (%v); create that folder, or remove the link", dest, errors.Unwrap(err))
		}
		real = r
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		// A new folder; judge it by where it would be.
		if p, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
			real = filepath.Join(p, filepath.Base(abs))
		}
	default:
		return refuse("%v; check the permissions of its parent folder", err)
	}
	if real == filepath.Dir(real) || abs == filepath.Dir(abs) {
		return refuse("it is the root of the file system; choose a folder of its own, like public")
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, w := range variants(wd) {
		for _, o := range []string{abs, real} {
			if w == o {
				return refuse("it is the working folder, and a build replaces the whole folder; choose a folder of its own, like public")
			}
			if within(w, o) {
				return refuse("it holds the working folder %q, and a build replaces the whole folder; choose a folder of its own, like public", wd)
			}
		}
	}
	for _, in := range inputs {
		if in == "" {
			continue
		}
		st, err := os.Stat(in)
		isDir := err == nil && st.IsDir()
		for _, i := range variants(in) {
			for _, o := range []string{abs, real} {
				switch {
				case isDir && o == i:
					return refuse("it is the input folder %q, and a build replaces the whole folder; choose another folder, like public", in)
				case !isDir && o == i:
					return refuse("it is the input file %q; choose a folder for the site, like public", in)
				case within(i, o):
					return refuse("it holds the input %q, and a build replaces the whole folder; choose a folder that holds no input, like public", in)
				case isDir && within(o, i):
					return refuse("it is inside the input folder %q, which the build reads; choose a folder outside it, like public", in)
				}
			}
		}
	}
	fi, err = os.Stat(real)
	if errors.Is(err, fs.ErrNotExist) {
		return real, nil
	}
	if err != nil {
		return refuse("%v; check its permissions", err)
	}
	if !fi.IsDir() {
		return refuse("it is a file, not a folder; remove it or choose another folder")
	}
	ok, err := ours(real)
	if err != nil {
		return refuse("%v; check its permissions", err)
	}
	if !ok {
		return refuse("it holds files that no build wrote (there is no %s in it), and a build replaces the whole folder; move your files away and remove the folder, or choose a new or empty folder", MarkFile)
	}
	return real, nil
}

// ours reports whether the folder dir may be replaced: it is empty, holds
// the mark, or is the tree of a build from before the mark, every file of
// which the manifest beside it lists.
func ours(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	names, err := f.Readdirnames(1)
	f.Close()
	if err == io.EOF || (err == nil && len(names) == 0) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if hasMark(dir) {
		return true, nil
	}
	listed := readManifest(manifestOf(dir))
	if listed == nil {
		return false, nil
	}
	all := true
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			all = false
			return fs.SkipAll
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if _, ok := listed[filepath.ToSlash(rel)]; !ok || !d.Type().IsRegular() {
			all = false
			return fs.SkipAll
		}
		return nil
	})
	return all, nil
}

// hasMark reports whether dir holds the mark of a build.
func hasMark(dir string) bool {
	f, err := os.Open(filepath.Join(dir, MarkFile))
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	buf := make([]byte, len(markHeader))
	_, err = io.ReadFull(f, buf)
	return err == nil && bytes.Equal(buf, []byte(markHeader))
}

// variants are the absolute forms of p: as written, and with symbolic
// links resolved where it exists.
func variants(p string) []string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil
	}
	out := []string{abs}
	if r, err := filepath.EvalSymlinks(abs); err == nil && r != abs {
		out = append(out, r)
	}
	return out
}

// within reports whether path p is dir or below it.
func within(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}
