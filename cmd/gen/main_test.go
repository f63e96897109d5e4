package main

// CLI tests: call run as main does, with the three-code fixture, and check
// exit status, stdout, stderr and the output folder.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"smtpcodes/internal/i18n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/site"
)

const fixture = "../../testdata/codes.yaml"

// pauseEnv, set in the environment of this test binary, makes it run as
// gen, stopping for good at that step of the swap (see output.TestHook).
// TestKilledDuringSwap starts it so and kills it there.
const pauseEnv = "GEN_TEST_PAUSE_AT"

func TestMain(m *testing.M) {
	if step := os.Getenv(pauseEnv); step != "" {
		output.TestHook = func(s string) {
			if s == step {
				fmt.Fprintln(os.Stderr, "paused at "+s)
				time.Sleep(time.Hour)
			}
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
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
	code = run(args, &out, &errOut)
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

// treeSums hashes the path, mode and bytes of everything below dir.
func treeSums(t *testing.T, dir string) map[string]string {
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
		if !d.IsDir() {
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
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	base := "." + filepath.Base(out) + "."
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, base) && name != base+"manifest" && name != base+"lock" {
			found = append(found, name)
		}
	}
	return found
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
