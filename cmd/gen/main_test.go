package main

// CLI tests: call run as main does, with the three-code fixture, and check
// exit status, stdout, stderr and the output folder.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/site"
)

const fixture = "../../testdata/codes.yaml"

// pauseEnv, set in the environment of this test binary, makes it run as
// gen, stopping at that step of the tree's life (see output.TestHook):
// for good, or, with untilSignalEnv set too, until a signal has stopped
// the build. TestKilledDuringSwap and TestInterrupted start it so.
const (
	pauseEnv       = "GEN_TEST_PAUSE_AT"
	untilSignalEnv = "GEN_TEST_UNTIL_SIGNAL"
)

func TestMain(m *testing.M) {
	// The tests run the same in GitHub Actions as elsewhere; those of
	// the annotations set these themselves.
	os.Unsetenv("GITHUB_ACTIONS")
	os.Unsetenv("GITHUB_WORKSPACE")
	if step := os.Getenv(pauseEnv); step != "" {
		ctx, stop := notifyContext()
		defer stop()
		output.TestHook = func(s string) {
			if s == step {
				fmt.Fprintln(os.Stderr, "paused at "+s)
				if os.Getenv(untilSignalEnv) != "" {
					<-ctx.Done()
					return
				}
				time.Sleep(time.Hour)
			}
		}
		os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// genArgs are the flags of a build of data into out, with the repository's
// templates, translations and assets.
func genArgs(data, out string, extra ...string) []string {
	return append([]string{
		"-data", data,
		"-templates", "../../templates",
		"-i18n", "../../i18n",
		"-texts", "../../testdata/text",
		"-static", "../../static",
		"-out", out,
		"-base-url", "https://example.org/",
	}, extra...)
}

// gen runs the command line and returns its exit status and output.
func gen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// summaryRE is the one line a successful build prints; it counts the pages
// and the missing translations.
var summaryRE = regexp.MustCompile(`^gen: (\d+) pages\b[^\n]*; (\d+) missing and \d+ outdated translations\b[^\n]*\n$`)

func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	// No -base-url: the base URL comes from the settings file.
	args := []string{
		"-data", fixture,
		"-templates", "../../templates",
		"-i18n", "../../i18n",
		"-texts", "../../testdata/text",
		"-static", "../../static",
		"-out", out,
		"-config", "../../site.yaml",
	}
	code, stdout, stderr := gen(t, args...)
	if code != 0 {
		t.Fatalf("run(%q) = %d; want 0\nstderr:\n%s", args, code, stderr)
	}
	if stderr != "" {
		t.Errorf("run(%q) wrote to stderr:\n%s", args, stderr)
	}
	m := summaryRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("run(%q) printed %q; want exactly one summary line matching %s", args, stdout, summaryRE)
	}
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint(site.PageCount(3, 1, len(cat.Langs))); m[1] != want {
		t.Errorf("summary %q reports %s pages; want %s for 3 codes in %d languages", stdout, m[1], want, len(cat.Langs))
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("the build wrote no chooser page: %v", err)
	}
}

func TestHelp(t *testing.T) {
	code, stdout, stderr := gen(t, "-h")
	if code != 0 {
		t.Errorf("run([-h]) = %d; want 0", code)
	}
	help := stdout + stderr
	for _, flag := range []string{"data", "templates", "i18n", "static", "out", "base-url", "strict", "config"} {
		if !regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(flag) + `\b`).MatchString(help) {
			t.Errorf("run([-h]) does not describe -%s:\n%s", flag, help)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-nope"}},
		{"bad flag value", []string{"-strict=maybe"}},
		{"positional argument", []string{"build"}},
		{"argument after flags", genArgs(fixture, "unused", "extra")},
	} {
		args := tc.args
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := gen(t, args...)
			if code != 2 {
				t.Errorf("run(%q) = %d; want 2 (usage error)", args, code)
			}
			if stderr == "" {
				t.Errorf("run(%q) printed nothing on stderr; want the problem", args)
			}
			if stdout != "" {
				t.Errorf("run(%q) printed %q on stdout; want nothing", args, stdout)
			}
		})
	}
}

// fixtureLines is the fixture as lines, without the final newline.
func fixtureLines(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
}

// find returns the index of the first line at or after from that starts
// with prefix, failing the test if there is none.
func find(t *testing.T, lines []string, from int, prefix string) int {
	t.Helper()
	for i := from; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], prefix) {
			return i
		}
	}
	t.Fatalf("%s has no line starting with %q after line %d; update the test to the fixture", fixture, prefix, from+1)
	return -1
}

// entry returns the lines of a code's entry in the fixture.
func entry(t *testing.T, lines []string, code int) []string {
	t.Helper()
	start := find(t, lines, 0, fmt.Sprintf("  - code: %d", code))
	end := start + 1
	for end < len(lines) && !strings.HasPrefix(lines[end], "  - ") {
		end++
	}
	return lines[start:end]
}

func TestBrokenData(t *testing.T) {
	for _, tc := range []struct {
		name string
		// breakIt changes the fixture's lines and returns them with the
		// index of the line the error must point at.
		breakIt func(t *testing.T, lines []string) ([]string, int)
		want    string // a text of the error on that line
	}{
		{"malformed YAML", func(t *testing.T, lines []string) ([]string, int) {
			i := find(t, lines, find(t, lines, 0, "  - code: 354"), "    model:")
			lines[i] = "\t" + strings.TrimPrefix(lines[i], "    ")
			return lines, i
		}, "malformed YAML"},
		{"unknown field", func(t *testing.T, lines []string) ([]string, int) {
			i := find(t, lines, find(t, lines, 0, "  - code: 552"), "    related:")
			lines[i] = strings.Replace(lines[i], "related:", "relatd:", 1)
			return lines, i
		}, `unknown field "relatd"`},
		{"duplicate code", func(t *testing.T, lines []string) ([]string, int) {
			dup := entry(t, lines, 250)
			return slices.Concat(lines, dup), len(lines)
		}, "code 250 is defined twice"},
		{"code 650", func(t *testing.T, lines []string) ([]string, int) {
			e := slices.Clone(entry(t, lines, 552))
			e[0] = "  - code: 650"
			return slices.Concat(lines, e), len(lines)
		}, "code 650: not an SMTP reply code"},
		{"undefined related code", func(t *testing.T, lines []string) ([]string, int) {
			i := find(t, lines, find(t, lines, 0, "  - code: 552"), "    related: [")
			if !strings.HasSuffix(lines[i], "]") {
				t.Fatalf("%s:%d: related is not a one-line list", fixture, i+1)
			}
			lines[i] = strings.TrimSuffix(lines[i], "]") + ", 421]"
			return lines, i
		}, "related code 421 is not defined"},
		{"reply_text as a list", func(t *testing.T, lines []string) ([]string, int) {
			i := find(t, lines, find(t, lines, 0, "  - code: 250"), "    reply_text: ")
			lines[i] = "    reply_text: [" + strings.TrimPrefix(lines[i], "    reply_text: ") + "]"
			return lines, i
		}, "reply_text must be text, not a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
				t.Fatalf("building the good fixture: exit %d\n%s", code, stderr)
			}
			before := treeSums(t, out)

			lines, bad := tc.breakIt(t, fixtureLines(t))
			data := filepath.Join(dir, "codes.yaml")
			if err := os.WriteFile(data, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args := genArgs(data, out)
			code, stdout, stderr := gen(t, args...)
			if code != 1 {
				t.Errorf("run(%q) = %d; want 1", args, code)
			}
			if stdout != "" {
				t.Errorf("run(%q) printed %q on stdout; want nothing", args, stdout)
			}
			prefix := fmt.Sprintf("%s:%d:", data, bad+1)
			found := false
			for _, line := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(line, prefix) && strings.Contains(line, tc.want) {
					found = true
				}
				// One fault, one place: a message about another line of
				// the file is a false report caused by this one.
				if strings.HasPrefix(line, data+":") && !strings.HasPrefix(line, prefix) {
					t.Errorf("stderr reports a problem away from the only fault (line %d, %q):\n%s", bad+1, lines[bad], line)
				}
			}
			if !found {
				t.Errorf("stderr has no line starting with %q that mentions %q (the bad line is %q); stderr:\n%s",
					prefix, tc.want, lines[bad], stderr)
			}
			for _, name := range changed(before, treeSums(t, out)) {
				t.Errorf("%s changed, appeared or disappeared in the output after a failed build", name)
			}
			if want := fmt.Sprintf("gen: build failed; %s was left as it was\n", out); !strings.HasSuffix(stderr, want) {
				t.Errorf("stderr does not end in %q:\n%s", want, stderr)
			}
		})
	}
}

func TestStrict(t *testing.T) {
	dir := t.TempDir()
	i18nDir := filepath.Join(dir, "i18n")
	if err := os.Mkdir(i18nDir, 0o755); err != nil {
		t.Fatal(err)
	}
	en, err := os.ReadFile("../../i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	viSrc, err := os.ReadFile("../../i18n/vi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The real Vietnamese, complete and current, but for one key.
	const missing = "h_fix"
	var vi []string
	removed := false
	for _, line := range strings.Split(string(viSrc), "\n") {
		if strings.HasPrefix(line, missing+":") {
			removed = true
			continue
		}
		vi = append(vi, line)
	}
	if !removed {
		t.Fatalf("../../i18n/vi.yaml has no key %q on a line of its own; pick another key", missing)
	}
	for name, data := range map[string][]byte{"en.yaml": en, "vi.yaml": []byte(strings.Join(vi, "\n"))} {
		if err := os.WriteFile(filepath.Join(i18nDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	with := func(strict bool) []string {
		args := genArgs(fixture, filepath.Join(dir, "public"))
		for i := range args {
			if args[i] == "-i18n" {
				args[i+1] = i18nDir
			}
		}
		if strict {
			args = append(args, "-strict")
		}
		return args
	}

	args := with(true)
	code, stdout, stderr := gen(t, args...)
	if code != 1 {
		t.Errorf("run(%q) = %d; want 1", args, code)
	}
	if !strings.Contains(stderr, "ui/"+missing+" is not translated") {
		t.Errorf("run(%q) stderr does not name the key %q:\n%s", args, missing, stderr)
	}
	if stdout != "" {
		t.Errorf("run(%q) printed %q on stdout; want nothing", args, stdout)
	}

	args = with(false)
	code, stdout, stderr = gen(t, args...)
	if code != 0 {
		t.Fatalf("run(%q) = %d; want 0\nstderr:\n%s", args, code, stderr)
	}
	m := summaryRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("run(%q) printed %q; want one summary line", args, stdout)
	}
	if got := m[2]; got != "1" {
		t.Errorf("summary %q reports %s missing translations; want 1 (the key %q)", stdout, got, missing)
	}
}

// treeSums is entrySums of an output folder, which must hold files.
func treeSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := entrySums(t, dir)
	if len(out) < 2 {
		t.Fatalf("%s is empty; the test needs an output folder with files in it", dir)
	}
	return out
}

// changed lists the paths whose hash differs between a and b, or that only
// one of them has.
func changed(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// copyTree copies the regular files below src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// entrySums hashes the path, mode and bytes (or link target) of every
// entry below dir, without following links.
func entrySums(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h := sha256.New()
		fmt.Fprintf(h, "%v\n", info.Mode())
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			dest, err := os.Readlink(p)
			if err != nil {
				return err
			}
			h.Write([]byte(dest))
		case info.Mode().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRefusedOut points -out at folders a build must not replace: each is
// refused with exit status 2 and a message naming the folder and what to
// do, before anything at all is written or removed.
func TestRefusedOut(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	for _, d := range []string{"templates", "i18n", "static"} {
		copyTree(t, filepath.Join("../..", d), filepath.Join(repo, d))
	}
	copyTree(t, "../../testdata", filepath.Join(repo, "testdata"))
	files := map[string]string{
		"repo/data/codes.yaml":  "",
		"conf/site.yaml":        "base_url: https://example.org/\n",
		"mine/notes.txt":        "my own notes",
		"mine/photos/a.jpg":     "not really a photo",
		"file.txt":              "a file",
		"work/notes.txt":        "the working folder's own file",
		"static-out/style.css":  "placeholder",
		"repo/static/extra.css": "body{}",
	}
	for rel, data := range files {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "data", "codes.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(repo, "data"), filepath.Join(root, "link-to-data")); err != nil {
		t.Fatal(err)
	}
	// Inputs as absolute paths, so that the working folder can be anywhere.
	args := func(out string) []string {
		return []string{
			"-data", filepath.Join(repo, "data", "codes.yaml"),
			"-templates", filepath.Join(repo, "templates"),
			"-i18n", filepath.Join(repo, "i18n"),
			"-texts", filepath.Join(repo, "testdata", "text"),
			"-static", filepath.Join(repo, "static"),
			"-config", filepath.Join(root, "conf", "site.yaml"),
			"-out", out,
		}
	}
	t.Chdir(filepath.Join(root, "work"))
	for _, tc := range []struct {
		name, out string
		want      string // a text of the message
	}{
		{"the data folder", filepath.Join(repo, "data"), "holds the input"},
		{"the template folder", filepath.Join(repo, "templates"), "is the input folder"},
		{"the i18n folder", filepath.Join(repo, "i18n"), "is the input folder"},
		{"the static folder", filepath.Join(repo, "static"), "is the input folder"},
		{"inside the static folder", filepath.Join(repo, "static", "public"), "is inside the input folder"},
		{"the repository", repo, "holds the input"},
		{"above the repository", root, "holds the working folder"},
		{"the settings file's folder", filepath.Join(root, "conf"), "holds the input"},
		{"a link to the data folder", filepath.Join(root, "link-to-data"), "holds the input"},
		{"the working folder", ".", "is the working folder"},
		{"the parent of the working folder", "..", "holds the working folder"},
		{"a folder of the user's files", filepath.Join(root, "mine"), "holds files that no build wrote"},
		{"a folder of the user's files, relative", "../mine", "holds files that no build wrote"},
		{"a file", filepath.Join(root, "file.txt"), "is a file, not a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := entrySums(t, root)
			a := args(tc.out)
			code, stdout, stderr := gen(t, a...)
			if code != 2 {
				t.Errorf("run(-out %q) = %d; want 2\nstderr:\n%s", tc.out, code, stderr)
			}
			if stdout != "" {
				t.Errorf("run(-out %q) printed %q on stdout; want nothing", tc.out, stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if len(lines) != 2 || lines[1] != "gen: nothing was written" {
				t.Errorf("run(-out %q) stderr = %q; want the refusal and \"gen: nothing was written\"", tc.out, stderr)
			}
			if first := lines[0]; !strings.Contains(first, fmt.Sprintf("%q", tc.out)) || !strings.Contains(first, tc.want) || !strings.Contains(first, "; ") {
				t.Errorf("run(-out %q) stderr = %q; want it to name the folder, say %q and what to do", tc.out, first, tc.want)
			}
			for _, name := range changed(before, entrySums(t, root)) {
				t.Errorf("%s changed, appeared or disappeared although -out %q was refused", name, tc.out)
			}
		})
	}
}

// TestAcceptedOut builds into the folders a build may replace: a new one,
// an empty one, and one a build wrote.
func TestAcceptedOut(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(dir, "new", "public"), empty, empty} {
		if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
			t.Fatalf("run(-out %q) = %d; want 0\nstderr:\n%s", out, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(out, output.MarkFile)); err != nil {
			t.Errorf("the build into %s has no mark: %v", out, err)
		}
	}
}

// changedFixture writes the fixture with one sentence changed into dir, so
// that a build of it differs from a build of the fixture.
func changedFixture(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	const old = "exceeded storage allocation"
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s lacks %q; pick another text to change", fixture, old)
	}
	data := filepath.Join(dir, "changed.yaml")
	if err := os.WriteFile(data, bytes.Replace(src, []byte(old), []byte("exceeded the storage allocation"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// leftovers lists what builds left beside the output folder out: staging
// folders, set-aside trees, temporary manifests.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	names, err := output.Leftovers(out)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestKilledDuringSwap kills a build right before and right after the two
// trees trade places: either way a complete site is at the output path,
// and the next build removes what the killed one left.
func TestKilledDuringSwap(t *testing.T) {
	for _, tc := range []struct {
		step string
		// newSite says which build the output must hold after the kill.
		newSite bool
	}{
		{"swap", false},
		{"swapped", true},
	} {
		t.Run(tc.step, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
				t.Fatalf("first build: exit %d\n%s", code, stderr)
			}
			oldSite := entrySums(t, out)
			data := changedFixture(t, dir)
			fresh := filepath.Join(dir, "fresh")
			if code, _, stderr := gen(t, genArgs(data, fresh)...); code != 0 {
				t.Fatalf("build of the changed data: exit %d\n%s", code, stderr)
			}
			newSite := entrySums(t, fresh)

			cmd := exec.Command(os.Args[0], genArgs(data, out)...)
			cmd.Env = append(os.Environ(), pauseEnv+"="+tc.step)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			paused := make(chan bool, 1)
			var log strings.Builder
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					log.WriteString(sc.Text() + "\n")
					if sc.Text() == "paused at "+tc.step {
						paused <- true
						return
					}
				}
				paused <- false
			}()
			select {
			case ok := <-paused:
				if !ok {
					cmd.Wait()
					t.Fatalf("the build ended without pausing at %q:\n%s", tc.step, log.String())
				}
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("the build did not reach %q in 2 minutes", tc.step)
			}
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()

			want := oldSite
			if tc.newSite {
				want = newSite
			}
			for _, name := range changed(want, entrySums(t, out)) {
				t.Errorf("after the kill at %q, %s differs from the complete site the output should hold", tc.step, name)
			}
			if len(leftovers(t, out)) == 0 {
				t.Errorf("the build killed at %q left nothing beside the output; the test proves nothing", tc.step)
			}

			if code, _, stderr := gen(t, genArgs(data, out)...); code != 0 {
				t.Fatalf("build after the kill: exit %d\n%s", code, stderr)
			}
			for _, name := range changed(newSite, entrySums(t, out)) {
				t.Errorf("after the next build, %s differs from a build into an empty folder", name)
			}
			for _, name := range leftovers(t, out) {
				t.Errorf("%s, left by the killed build, is still beside the output after the next build", name)
			}
		})
	}
}

// TestSymlinkedOut builds twice into a symbolic link: it stays a link to
// the same folder, which holds the newest site.
func TestSymlinkedOut(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "releases", "current")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "public")
	if err := os.Symlink("releases/current", link); err != nil {
		t.Fatal(err)
	}
	data := changedFixture(t, dir)
	for i, d := range []string{fixture, data} {
		if code, _, stderr := gen(t, genArgs(d, link)...); code != 0 {
			t.Fatalf("build %d into the link: exit %d\n%s", i+1, code, stderr)
		}
		fi, err := os.Lstat(link)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Fatalf("after build %d, %s is %v (%v); want a symbolic link", i+1, link, fi, err)
		}
		if dest, _ := os.Readlink(link); dest != "releases/current" {
			t.Errorf("after build %d, %s points to %q; want %q", i+1, link, dest, "releases/current")
		}
		fresh := filepath.Join(t.TempDir(), "public")
		if code, _, stderr := gen(t, genArgs(d, fresh)...); code != 0 {
			t.Fatalf("build into an empty folder: exit %d\n%s", code, stderr)
		}
		for _, name := range changed(entrySums(t, fresh), entrySums(t, real)) {
			t.Errorf("after build %d, %s in the link's folder differs from a build into an empty folder", i+1, name)
		}
		for _, out := range []string{link, real} {
			for _, name := range leftovers(t, out) {
				t.Errorf("%s is left beside %s", name, out)
			}
		}
	}
}

// TestFailureAfterSwap makes the step after the swap (writing the
// manifest) fail: gen exits 1 and says the new site is in place, not that
// the previous output was left as it was.
func TestFailureAfterSwap(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	data := changedFixture(t, dir)
	output.TestHook = func(step string) {
		if step == "swapped" {
			// The manifest cannot be renamed over a folder with a file in it.
			if err := os.MkdirAll(filepath.Join(dir, ".public.manifest", "x"), 0o755); err != nil {
				t.Error(err)
			}
		}
	}
	t.Cleanup(func() { output.TestHook = nil })
	code, stdout, stderr := gen(t, genArgs(data, out)...)
	if code != 1 {
		t.Errorf("run = %d; want 1\nstderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("run printed %q on stdout; want nothing", stdout)
	}
	if want := fmt.Sprintf("gen: build failed after the swap; %s holds the complete new site\n", out); !strings.HasSuffix(stderr, want) {
		t.Errorf("stderr does not end in %q:\n%s", want, stderr)
	}
	if strings.Contains(stderr, "left as it was") || !strings.Contains(stderr, "manifest") {
		t.Errorf("stderr must name the manifest and not claim the previous output is intact:\n%s", stderr)
	}
	fresh := filepath.Join(dir, "fresh")
	output.TestHook = nil
	if code, _, stderr := gen(t, genArgs(data, fresh)...); code != 0 {
		t.Fatalf("build into an empty folder: exit %d\n%s", code, stderr)
	}
	for _, name := range changed(entrySums(t, fresh), entrySums(t, out)) {
		t.Errorf("%s differs from a build into an empty folder, after a failure past the swap", name)
	}
}

// TestBadBaseURL gives a base URL that must not build: from the flag it is
// a usage error naming -base-url, from the settings file an error at its
// line and column; either way nothing at all is written.
func TestBadBaseURL(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
		t.Fatalf("building the good fixture: exit %d\n%s", code, stderr)
	}
	conf := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(conf, []byte("# production\nbase_url: ftp://example.org/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		flag     string // "" to take the settings file
		code     int
		wantLine string // the first line of stderr
	}{
		{"no final slash", "https://example.org/docs", 2, `gen: -base-url "https://example.org/docs": must end in "/", or the last part of its path would be dropped from every link; write "https://example.org/docs/"`},
		{"another scheme", "ftp://example.org/", 2, `gen: -base-url "ftp://example.org/": has the scheme "ftp"; a site is served over http or https, so write https://, like https://example.org/ or https://example.org/docs/smtp/`},
		{"protocol-relative", "//other.example/", 2, `gen: -base-url "//other.example/": is protocol-relative, so every page would load its scripts and styles from whatever host it names; write the scheme: "https://other.example/"`},
		{"a query", "https://example.org/?x=1", 2, `gen: -base-url "https://example.org/?x=1": has a query ("?x=1"); the base URL is the site's root, so write "https://example.org/"`},
		{"markup", `https://example.org/"><script>/`, 2, `gen: -base-url "https://example.org/\"><script>/": has "\"", which has no place in the URL of a site; remove it, like https://example.org/ or https://example.org/docs/smtp/`},
		{"settings file", "", 1, "gen: " + conf + `:2:11: base_url "ftp://example.org/": has the scheme "ftp"; a site is served over http or https, so write https://, like https://example.org/ or https://example.org/docs/smtp/`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := entrySums(t, dir)
			args := genArgs(fixture, out)
			args = slices.DeleteFunc(args, func(a string) bool { return a == "-base-url" || a == "https://example.org/" })
			if tc.flag != "" {
				args = append(args, "-base-url", tc.flag)
			} else {
				args = append(args, "-config", conf)
			}
			code, stdout, stderr := gen(t, args...)
			if code != tc.code {
				t.Errorf("run(%q) = %d; want %d\nstderr:\n%s", args, code, tc.code, stderr)
			}
			if stdout != "" {
				t.Errorf("run(%q) printed %q on stdout; want nothing", args, stdout)
			}
			if want := tc.wantLine + "\ngen: nothing was written\n"; stderr != want {
				t.Errorf("run(%q) stderr =\n%s\nwant\n%s", args, stderr, want)
			}
			for _, name := range changed(before, entrySums(t, dir)) {
				t.Errorf("%s changed, appeared or disappeared although the base URL was refused", name)
			}
		})
	}
}

// TestInterrupted stops a build with Ctrl-C (SIGINT) and with SIGTERM
// once its staging folder exists: gen removes the staging folder, says the
// previous output is intact, and exits 1, and the output is as it was.
func TestInterrupted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send to a process on Windows")
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
				t.Fatalf("first build: exit %d\n%s", code, stderr)
			}
			before := entrySums(t, out)
			data := changedFixture(t, dir)

			cmd := exec.Command(os.Args[0], genArgs(data, out)...)
			cmd.Env = append(os.Environ(), pauseEnv+"=staged", untilSignalEnv+"=1")
			pipe, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			paused := make(chan bool, 1)
			var log strings.Builder
			done := make(chan struct{})
			go func() {
				defer close(done)
				sc := bufio.NewScanner(pipe)
				sent := false
				for sc.Scan() {
					log.WriteString(sc.Text() + "\n")
					if !sent && sc.Text() == "paused at staged" {
						sent = true
						paused <- true
					}
				}
				if !sent {
					paused <- false
				}
			}()
			select {
			case ok := <-paused:
				if !ok {
					<-done
					cmd.Wait()
					t.Fatalf("the build ended without pausing once its staging folder existed:\n%s", log.String())
				}
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal("the build did not make its staging folder in 2 minutes")
			}
			if len(leftovers(t, out)) == 0 {
				t.Fatal("no staging folder beside the output while the build is paused; the test proves nothing")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
			defer timer.Stop()
			<-done
			err = cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 {
				t.Errorf("gen after %v: %v; want exit status 1\nstderr:\n%s", sig, err, log.String())
			}
			wantLines := []string{
				"paused at staged",
				fmt.Sprintf("gen: %s signal received: the build stopped; what it wrote is kept for the next build", sig),
				fmt.Sprintf("gen: build stopped; %s was left as it was", out),
			}
			if got := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n"); !slices.Equal(got, wantLines) {
				t.Errorf("stderr after %v =\n%s\nwant\n%s", sig, log.String(), strings.Join(wantLines, "\n"))
			}
			for _, name := range changed(before, entrySums(t, out)) {
				t.Errorf("%s changed, appeared or disappeared in the output after the build was stopped", name)
			}
			for _, name := range leftovers(t, out) {
				t.Errorf("%s is left beside the output after the build was stopped", name)
			}
		})
	}
}

// TestMachineFaults makes the machine refuse a build: an input it may not
// read, an output folder in a folder it may not write. The messages name
// the path and what to check, the last line says the output is intact,
// and the output is as it was. chmod denies nothing to root, so the test
// is skipped there; TestFaultReport covers the messages everywhere.
func TestMachineFaults(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, for whom a read-only folder is writable")
	}
	t.Run("unreadable input", func(t *testing.T) {
		dir := t.TempDir()
		out := filepath.Join(dir, "public")
		if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
			t.Fatalf("first build: exit %d\n%s", code, stderr)
		}
		before := entrySums(t, out)
		data := filepath.Join(dir, "codes.yaml")
		src, err := os.ReadFile(fixture)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(data, src, 0o000); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := gen(t, genArgs(data, out)...)
		if code != 1 {
			t.Errorf("run = %d; want 1\nstderr:\n%s", code, stderr)
		}
		want := data + ": cannot open it: permission denied; check that you may read it and open every folder above it (their permissions and owner, ls -l)\n" +
			"gen: build failed; " + out + " was left as it was\n"
		if stderr != want {
			t.Errorf("stderr =\n%s\nwant\n%s", stderr, want)
		}
		for _, name := range changed(before, entrySums(t, out)) {
			t.Errorf("%s changed in the output after the build failed", name)
		}
	})
	t.Run("read-only parent folder", func(t *testing.T) {
		dir := t.TempDir()
		parent := filepath.Join(dir, "site")
		out := filepath.Join(parent, "public")
		if code, _, stderr := gen(t, genArgs(fixture, out)...); code != 0 {
			t.Fatalf("first build: exit %d\n%s", code, stderr)
		}
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
		before := entrySums(t, parent)
		code, _, stderr := gen(t, genArgs(changedFixture(t, dir), out)...)
		if code != 1 {
			t.Errorf("run = %d; want 1\nstderr:\n%s", code, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		first := regexp.MustCompile(`^` + regexp.QuoteMeta(filepath.Join(parent, ".public.new-")) + `[0-9a-f]+: cannot create it: permission denied; check that you may write in ` +
			regexp.QuoteMeta(fmt.Sprintf("%q", parent)) + ` \(its permissions and owner, ls -ld\), or set -out to a folder you may write$`)
		if len(lines) != 2 || !first.MatchString(lines[0]) || lines[1] != "gen: build failed; "+out+" was left as it was" {
			t.Errorf("stderr =\n%s\nwant a line matching %s, then \"gen: build failed; %s was left as it was\"", stderr, first, out)
		}
		for _, name := range changed(before, entrySums(t, parent)) {
			t.Errorf("%s changed, appeared or disappeared beside or in the output after the build failed", name)
		}
	})
}

// TestFaultReport checks what gen prints for faults of the machine at
// each stage, with synthetic errors: the path, what to check, and what
// the output folder holds.
func TestFaultReport(t *testing.T) {
	const out = "public"
	staged := "/srv/.public.new-0123456789ab/en/smtp/index.html"
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{
			"disk full while writing",
			diag.Fault(&fs.PathError{Op: "write", Path: staged, Err: syscall.ENOSPC}, true),
			staged + ": cannot write it: no space left on device; the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again\n" +
				"gen: build failed; public was left as it was\n",
		},
		{
			"read-only file system",
			diag.Fault(&fs.PathError{Op: "open", Path: "/srv/.public.lock", Err: syscall.EROFS}, true),
			"/srv/.public.lock: cannot open it: read-only file system; the file system is read-only: remount it read-write, or set -out to a folder on a writable disk\n" +
				"gen: build failed; public was left as it was\n",
		},
		{
			"permission denied at the swap",
			&output.CommitError{State: output.Intact, Target: out, Err: diag.Fault(&os.LinkError{Op: "rename", Old: "/srv/.public.new-0123456789ab", New: "/srv/public", Err: syscall.EACCES}, true)},
			`output folder "public": the new site was not swapped in: /srv/.public.new-0123456789ab: cannot rename it to "/srv/public": permission denied; check that you may write in "/srv" (its permissions and owner, ls -ld), or set -out to a folder you may write` + "\n" +
				"gen: build failed; public was left as it was\n",
		},
		{
			"disk full after the swap",
			&output.CommitError{State: output.Replaced, Target: out, Err: fmt.Errorf("its manifest could not be written, so the next build rewrites every file: %w", diag.Fault(&fs.PathError{Op: "write", Path: "/srv/.public.manifest.tmp-1", Err: syscall.ENOSPC}, true))},
			`output folder "public" holds the complete new site, but its manifest could not be written, so the next build rewrites every file: /srv/.public.manifest.tmp-1: cannot write it: no space left on device; the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again` + "\n" +
				"gen: build failed after the swap; public holds the complete new site\n",
		},
		{
			"interrupted",
			fmt.Errorf("%w", context.Canceled),
			"gen: context canceled: the build stopped; what it wrote is kept for the next build\n" +
				"gen: build stopped; public was left as it was\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			reportFailure(&b, tc.err, out, nil)
			if got := b.String(); got != tc.want {
				t.Errorf("reportFailure(%v) wrote\n%s\nwant\n%s", tc.err, got, tc.want)
			}
		})
	}
}
