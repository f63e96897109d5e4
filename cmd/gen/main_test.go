package main

// CLI tests: call run as main does, with the three-code fixture, and check
// exit status, stdout, stderr and the output folder.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

const fixture = "../../testdata/codes.yaml"

// genArgs are the flags of a build of data into out, with the repository's
// templates, translations and assets.
func genArgs(data, out string, extra ...string) []string {
	return append([]string{
		"-data", data,
		"-templates", "../../templates",
		"-i18n", "../../i18n",
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
var summaryRE = regexp.MustCompile(`^gen: (\d+) pages\b[^\n]*; (\d+) missing translations\b[^\n]*\n$`)

func TestBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	// No -base-url: the base URL comes from the settings file.
	args := []string{
		"-data", fixture,
		"-templates", "../../templates",
		"-i18n", "../../i18n",
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
			en := find(t, lines, find(t, lines, 0, "  - code: 552"), "    en:")
			i := find(t, lines, en, "      title:")
			lines[i] = strings.Replace(lines[i], "title:", "titel:", 1)
			return lines, i
		}, `unknown field "titel"`},
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
	const missing = "h_fix"
	var vi []string
	removed := false
	for _, line := range strings.Split(string(en), "\n") {
		switch {
		case strings.HasPrefix(line, missing+":"):
			removed = true
			continue
		case strings.HasPrefix(line, "lang_name:"):
			line = "lang_name: Tiếng Việt"
		case strings.HasPrefix(line, "lang_locale:"):
			line = "lang_locale: vi_VN"
		}
		vi = append(vi, line)
	}
	if !removed {
		t.Fatalf("../../i18n/en.yaml has no key %q on a line of its own; pick another key", missing)
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
	if !strings.Contains(stderr, fmt.Sprintf("%q", missing)) {
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
