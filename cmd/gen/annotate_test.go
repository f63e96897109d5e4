package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/hosts"
)

func TestAnnotationString(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    annotation
		want string
	}{
		{"file, line and column", annotation{"error", "data/codes.yaml", 41, 7, `code 552: unknown field "titel"`},
			`::error file=data/codes.yaml,line=41,col=7::code 552: unknown field "titel"`},
		{"no column", annotation{"error", "site.yaml", 3, 0, "m"}, "::error file=site.yaml,line=3::m"},
		{"no line: no column either", annotation{"error", "i18n/vi.yaml", 0, 4, "m"}, "::error file=i18n/vi.yaml::m"},
		{"no file: no line either", annotation{"error", "", 5, 6, "m"}, "::error::m"},
		{"warning", annotation{"warning", "", 0, 0, "GitHub Pages: 1.2 GB, over its 1 GB"}, "::warning::GitHub Pages: 1.2 GB, over its 1 GB"},
		{"message escapes", annotation{"error", "", 0, 0, "100% sure\r\nnext line"}, "::error::100%25 sure%0D%0Anext line"},
		{"colon and comma stay in the message", annotation{"error", "", 0, 0, "a: b, c :: d"}, "::error::a: b, c :: d"},
		{"an escape in the text is escaped", annotation{"error", "", 0, 0, "%0A"}, "::error::%250A"},
		{"property escapes", annotation{"error", "a,b:c%d\ne.yaml", 1, 2, "m"}, "::error file=a%2Cb%3Ac%25d%0Ae.yaml,line=1,col=2::m"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.String(); got != tc.want {
				t.Errorf("%+v.String() = %q; want %q", tc.a, got, tc.want)
			}
		})
	}
}

func TestAnnotations(t *testing.T) {
	root := filepath.FromSlash("/repo")
	at := func(file string, line, col int, msg string) *diag.Error {
		return &diag.Error{File: filepath.FromSlash(file), Line: line, Col: col, Msg: msg}
	}
	var list diag.List
	list.Add("i18n/vi.yaml", 9, 3, "key %q: unknown", "x")
	list.Add("data/codes.yaml", 41, 7, "code 552: bad")
	for _, tc := range []struct {
		name string
		wd   string
		err  error
		want []string
	}{
		{"one error", "/repo", at("data/codes.yaml", 41, 7, "code 552: bad"),
			[]string{"::error file=data/codes.yaml,line=41,col=7::code 552: bad"}},
		{"a list, sorted", "/repo", list.Err(), []string{
			"::error file=data/codes.yaml,line=41,col=7::code 552: bad",
			`::error file=i18n/vi.yaml,line=9,col=3::key "x": unknown`,
		}},
		{"joined lists and other errors", "/repo", errors.Join(list.Err(), errors.Join(at("site.yaml", 2, 8, "pairs"), errors.New("plain"))), []string{
			"::error file=data/codes.yaml,line=41,col=7::code 552: bad",
			`::error file=i18n/vi.yaml,line=9,col=3::key "x": unknown`,
			"::error file=site.yaml,line=2,col=8::pairs",
			"::error::plain",
		}},
		{"a wrapper without text of its own", "/repo", fmt.Errorf("%w", list.Err()), []string{
			"::error file=data/codes.yaml,line=41,col=7::code 552: bad",
			`::error file=i18n/vi.yaml,line=9,col=3::key "x": unknown`,
		}},
		{"a wrapper with text", "/repo", fmt.Errorf("loading: %w", at("data/codes.yaml", 1, 2, "m")),
			[]string{"::error file=data/codes.yaml,line=1,col=2::loading: data/codes.yaml:1:2: m"}},
		{"relative to the working folder", "/repo/cmd/gen", at("../../testdata/codes.yaml", 3, 1, "m"),
			[]string{"::error file=testdata/codes.yaml,line=3,col=1::m"}},
		{"absolute", "/elsewhere", at("/repo/templates/code.html", 10, 56, "m"),
			[]string{"::error file=templates/code.html,line=10,col=56::m"}},
		{"outside the repository", "/repo", at("/tmp/synth/data/codes.yaml", 3, 1, "m"),
			[]string{"::error::" + filepath.FromSlash("/tmp/synth/data/codes.yaml") + ":3:1: m"}},
		{"a file as a whole", "/repo", at("i18n/vi.yaml", 0, 0, "the file is empty"),
			[]string{"::error file=i18n/vi.yaml::the file is empty"}},
		{"a fault of the machine", "/repo", diag.Fault(&fs.PathError{Op: "write", Path: "/srv/public/x", Err: syscall.ENOSPC}, true),
			[]string{"::error::/srv/public/x: cannot write it: no space left on device; the disk is full: free space on it (a build needs room for the new site beside the previous one), then build again"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			an := &annotator{root: root, wd: filepath.FromSlash(tc.wd)}
			var got []string
			for _, a := range an.annotations(tc.err) {
				got = append(got, a.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("annotations(%q) =\n%s\nwant\n%s", tc.err, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestNewAnnotator(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if an := newAnnotator(env(nil)); an != nil {
		t.Errorf("newAnnotator without GITHUB_ACTIONS = %+v; want nil", an)
	}
	if an := newAnnotator(env(map[string]string{"GITHUB_ACTIONS": "false"})); an != nil {
		t.Errorf("newAnnotator(GITHUB_ACTIONS=false) = %+v; want nil", an)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if an := newAnnotator(env(map[string]string{"GITHUB_ACTIONS": "true"})); an == nil || an.root != wd || an.wd != wd {
		t.Errorf("newAnnotator(GITHUB_ACTIONS=true) = %+v; want the working folder %s as the root", an, wd)
	}
	ws := t.TempDir()
	if an := newAnnotator(env(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ws})); an == nil || an.root != ws {
		t.Errorf("newAnnotator(GITHUB_WORKSPACE=%s) = %+v; want it as the root", ws, an)
	}
}

// TestAnnotatedBuild runs gen as GitHub Actions does (GITHUB_ACTIONS=true,
// the repository at GITHUB_WORKSPACE): with a broken fixture every error
// line is followed by its ::error annotation at the file, relative to the
// repository, and the line; warnings get a ::warning; and without
// GITHUB_ACTIONS nothing is annotated.
func TestAnnotatedBuild(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	lines := fixtureLines(t)
	bad := find(t, lines, find(t, lines, 0, "  - code: 552"), "    related:")
	lines[bad] = strings.Replace(lines[bad], "related:", "relatd:", 1)
	data := filepath.Join(repo, "data", "codes.yaml")
	if err := os.WriteFile(data, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(repo, "public")
	args := genArgs(data, out)
	plain := fmt.Sprintf(`%s:%d:5: code 552: unknown field "relatd" (did you mean "related"?)`, data, bad+1)
	annotated := fmt.Sprintf(`::error file=data/codes.yaml,line=%d,col=5::code 552: unknown field "relatd" (did you mean "related"?)`, bad+1)

	t.Run("error", func(t *testing.T) {
		t.Setenv("GITHUB_ACTIONS", "true")
		t.Setenv("GITHUB_WORKSPACE", repo)
		code, _, stderr := gen(t, args...)
		if code != 1 {
			t.Errorf("run(%q) = %d; want 1", args, code)
		}
		want := plain + "\n" + annotated + "\n" + fmt.Sprintf("gen: build failed; %s was left as it was\n", out)
		if stderr != want {
			t.Errorf("stderr =\n%s\nwant\n%s", stderr, want)
		}
	})

	t.Run("not in GitHub Actions", func(t *testing.T) {
		code, _, stderr := gen(t, args...)
		if code != 1 || strings.Contains(stderr, "::") || !strings.Contains(stderr, plain+"\n") {
			t.Errorf("run(%q) = %d, stderr\n%s\nwant 1 and the plain error, no annotation", args, code, stderr)
		}
	})

	t.Run("settings", func(t *testing.T) {
		t.Setenv("GITHUB_ACTIONS", "true")
		t.Setenv("GITHUB_WORKSPACE", repo)
		config := filepath.Join(repo, "site.yaml")
		if err := os.WriteFile(config, []byte("base_url: https://example.org/\nhsts: max-age=1y\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args := append(slices.Clone(args[:len(args)-2]), "-config", config) // no -base-url
		code, _, stderr := gen(t, args...)
		want := `::error file=site.yaml,line=2,col=7::hsts "max-age=1y": has max-age "1y"; give it a number of seconds`
		if code != 1 || !strings.Contains(stderr, "\n"+want) {
			t.Errorf("run(%q) = %d, stderr\n%s\nwant 1 and a line starting %s", args, code, stderr, want)
		}
	})

	t.Run("warning", func(t *testing.T) {
		t.Setenv("GITHUB_ACTIONS", "true")
		t.Setenv("GITHUB_WORKSPACE", repo)
		saved := hosts.Limits
		t.Cleanup(func() { hosts.Limits = saved })
		hosts.Limits = []hosts.Limit{{Host: "Tiny Pages", Measure: hosts.Files, Max: 10, Source: "https://tiny.example/limits"}}
		args := genArgs(fixture, out)
		code, _, stderr := gen(t, args...)
		got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		if code != 0 || len(got) != 2 || !strings.HasPrefix(got[0], "gen: warning: Tiny Pages") ||
			got[1] != "::warning::"+strings.TrimPrefix(got[0], "gen: warning: ") {
			t.Errorf("run(%q) = %d, stderr\n%s\nwant 0, the warning and its ::warning annotation", args, code, stderr)
		}
	})
}
