package output

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// put writes files (slash path -> content) below dir.
func put(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// build makes a tree at target holding files and commits it.
func build(t *testing.T, target string, files map[string]string) {
	t.Helper()
	tree, err := New(target)
	if err != nil {
		t.Fatalf("New(%q) = %v", target, err)
	}
	for _, rel := range sortedKeys(files) {
		if err := tree.Write(rel, Key{1}, []byte(files[rel])); err != nil {
			t.Fatalf("Write(%q) = %v", rel, err)
		}
	}
	if err := tree.Commit(); err != nil {
		t.Fatalf("Commit() = %v", err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// contents reads every file below dir, by slash path.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// wantSite fails unless dir holds exactly files and the mark.
func wantSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	got := contents(t, dir)
	if string(got[MarkFile]) != string(markText) {
		t.Errorf("%s: %s = %q; want the mark", dir, MarkFile, got[MarkFile])
	}
	delete(got, MarkFile)
	for _, rel := range sortedKeys(files) {
		if got[rel] != files[rel] {
			t.Errorf("%s: %s = %q; want %q", dir, rel, got[rel], files[rel])
		}
	}
	for _, rel := range sortedKeys(got) {
		if _, ok := files[rel]; !ok {
			t.Errorf("%s: unexpected file %s", dir, rel)
		}
	}
}

// besideNames lists what an unfinished build left beside dir.
func besideNames(t *testing.T, dir string) []string {
	t.Helper()
	names, err := Leftovers(dir)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	put(t, root, map[string]string{
		"repo/data/codes.yaml":      "codes:\n",
		"repo/templates/base.html":  "x",
		"repo/i18n/en.yaml":         "x",
		"repo/static/style.css":     "x",
		"mine/notes.txt":            "my own",
		"file.txt":                  "x",
		"built/index.html":          "x",
		"built/" + MarkFile:         string(markText),
		"legacy/index.html":         "x",
		"legacy/en/index.html":      "x",
		".legacy.manifest":          "smtpcodes manifest 1\nindex.html\t" + strings.Repeat("00", 32) + "\t1\nen/index.html\t" + strings.Repeat("00", 32) + "\t1\n",
		"legacy-plus/index.html":    "x",
		"legacy-plus/notes.txt":     "my own",
		".legacy-plus.manifest":     "smtpcodes manifest 1\nindex.html\t" + strings.Repeat("00", 32) + "\t1\n",
		"forged/" + MarkFile + "/x": "a folder, not the mark",
		"work/here.txt":             "x",
	})
	for _, d := range []string{"empty"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for link, dest := range map[string]string{
		"to-data":    "repo/data",
		"to-built":   "built",
		"to-nothing": "missing",
		"repo/tpl":   "templates",
	} {
		if err := os.Symlink(dest, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	inputs := []string{
		filepath.Join(root, "repo/data/codes.yaml"),
		filepath.Join(root, "repo/tpl"), // a link to repo/templates
		filepath.Join(root, "repo/i18n"),
		filepath.Join(root, "repo/static"),
	}
	t.Chdir(filepath.Join(root, "work"))
	for _, tc := range []struct {
		name, target string
		want         string // a text of the refusal, or "" to accept
	}{
		{"new folder", "new", ""},
		{"new folder in a new folder", "a/b/public", ""},
		{"empty folder", "../empty", ""},
		{"folder a build wrote", "../built", ""},
		{"link to a folder a build wrote", "../to-built", ""},
		{"tree of a build before the mark", "../legacy", ""},
		{"folder inside an input's parent", "../repo/public", ""},
		{"the data folder", "../repo/data", `holds the input "` + inputs[0] + `"`},
		{"the template folder behind a link", "../repo/templates", `is the input folder "` + inputs[1] + `"`},
		{"the link to the template folder", "../repo/tpl", `is the input folder "` + inputs[1] + `"`},
		{"the i18n folder", "../repo/i18n", "is the input folder"},
		{"the static folder", "../repo/static", "is the input folder"},
		{"inside the static folder", "../repo/static/public", "is inside the input folder"},
		{"the repository", "../repo", "holds the input"},
		{"a link to the data folder", "../to-data", "holds the input"},
		{"the working folder", ".", "is the working folder"},
		{"the working folder, absolute", filepath.Join(root, "work"), "is the working folder"},
		{"above the working folder", "..", "holds the working folder"},
		{"the empty path", "", "is the working folder"},
		{"the root", "/", "root of the file system"},
		{"a folder of the user's files", "../mine", "holds files that no build wrote"},
		{"a legacy tree with a file of the user's", "../legacy-plus", "holds files that no build wrote"},
		{"a folder named like the mark", "../forged", "holds files that no build wrote"},
		{"a file", "../file.txt", "is a file, not a folder"},
		{"a link to nothing", "../to-nothing", "symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.target, inputs...)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check(%q) = %v; want nil", tc.target, err)
			case tc.want != "" && err == nil:
				t.Errorf("Check(%q) = nil; want a refusal that says %q", tc.target, tc.want)
			case tc.want != "":
				var r *Refusal
				if !errors.As(err, &r) {
					t.Errorf("Check(%q) = %T; want *Refusal", tc.target, err)
				}
				if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `"`+tc.target+`"`) {
					t.Errorf("Check(%q) = %v; want it to name the folder and say %q", tc.target, err, tc.want)
				}
				if _, err := New(tc.target, inputs...); err == nil {
					t.Errorf("New(%q) succeeded; want the refusal of Check", tc.target)
				}
			}
		})
	}
}

func TestSwap(t *testing.T) {
	for _, two := range []bool{false, true} {
		name := "exchange"
		if two {
			name = "two renames"
		}
		t.Run(name, func(t *testing.T) {
			forceTwoRenames = two
			defer func() { forceTwoRenames = false }()
			var steps []string
			TestHook = func(s string) { steps = append(steps, s) }
			defer func() { TestHook = nil }()
			out := filepath.Join(t.TempDir(), "public")
			first := map[string]string{"index.html": "one", "gone/index.html": "two"}
			build(t, out, first)
			wantSite(t, out, first)
			second := map[string]string{"index.html": "uno", "new/index.html": "tres"}
			build(t, out, second)
			wantSite(t, out, second)
			if names := besideNames(t, out); len(names) > 0 {
				t.Errorf("left beside the output: %q", names)
			}
			want := []string{"staged", "swap", "swapped", "staged", "swap", "swapped"}
			if two {
				want = []string{"staged", "swap", "swapped", "staged", "swap", "aside", "swapped"}
			}
			if !slices.Equal(steps, want) {
				t.Errorf("New and Commit took the steps %q; want %q", steps, want)
			}
		})
	}
}

// TestNoWriteThroughLinks writes, into a tree whose files are hard links
// to the previous build's, files at the same paths with other bytes: the
// previous tree must not change before the swap.
func TestNoWriteThroughLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"a.html": "old a", "b.html": "old b", "sitemap.xml": "old map"}
	build(t, out, first)
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Abort()
	// Carried over by key and by content: both are links into the old tree.
	if !tree.Reuse("a.html", Key{1}) {
		t.Fatal(`Reuse("a.html") = false; want the file carried over`)
	}
	for _, rel := range []string{"b.html", "sitemap.xml"} {
		if err := tree.Write(rel, Key{1}, []byte(first[rel])); err != nil {
			t.Fatal(err)
		}
	}
	if tree.Linked() != 3 {
		t.Fatalf("Linked() = %d; want 3", tree.Linked())
	}
	// The same paths again, as two pages mapping to one file would.
	if err := tree.Write("a.html", Key{2}, []byte("new a")); err != nil {
		t.Fatal(err)
	}
	if err := tree.Write("b.html", Key{2}, []byte("new b")); err != nil {
		t.Fatal(err)
	}
	s, err := tree.Create("sitemap.xml", Key{2})
	if err != nil {
		t.Fatal(err)
	}
	s.WriteString("new map")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantSite(t, out, first)
	got := contents(t, tree.staging)
	for rel, want := range map[string]string{"a.html": "new a", "b.html": "new b", "sitemap.xml": "new map"} {
		if got[rel] != want {
			t.Errorf("staging %s = %q; want %q", rel, got[rel], want)
		}
	}
}

func TestLeftoversRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	build(t, out, map[string]string{"index.html": "one"})
	left := []string{".public.new-0123456789ab", ".public.old-0123456789ab", ".public.manifest.tmp-0123456789ab"}
	put(t, parent, map[string]string{
		left[0] + "/index.html": "half",
		left[1] + "/index.html": "old",
		left[2]:                 "half a manifest",
		// Not ours: another output's staging folder and a user's file.
		".site.new-0123456789ab/x": "x",
		"public.new-notes.txt":     "x",
	})
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range left {
		if _, err := os.Lstat(filepath.Join(parent, name)); err == nil {
			t.Errorf("New left %s, the leftover of an interrupted build", name)
		}
	}
	for _, name := range []string{".site.new-0123456789ab", "public.new-notes.txt"} {
		if _, err := os.Lstat(filepath.Join(parent, name)); err != nil {
			t.Errorf("New removed %s, which is not a leftover of this output: %v", name, err)
		}
	}
	if err := tree.Commit(); err != nil {
		t.Fatal(err)
	}
	if names := besideNames(t, out); len(names) > 0 {
		t.Errorf("left beside the output: %q", names)
	}
}

func TestLocked(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(out); err == nil || !strings.Contains(err.Error(), "another build is writing it") {
		t.Errorf("New(%q) while another tree is open = %v; want it refused as busy", out, err)
	}
	staging := first.staging
	if _, err := os.Stat(staging); err != nil {
		t.Errorf("the refused New removed the running build's staging folder: %v", err)
	}
	first.Abort()
	second, err := New(out)
	if err != nil {
		t.Fatalf("New(%q) after Abort = %v", out, err)
	}
	second.Abort()
}

// TestSymlinkedOutput builds twice into a link: the link stays, pointing
// where it did, and the folder it points to holds the site.
func TestSymlinkedOutput(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "releases", "site")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "public")
	if err := os.Symlink("releases/site", link); err != nil {
		t.Fatal(err)
	}
	for _, files := range []map[string]string{{"index.html": "one"}, {"index.html": "two", "b/index.html": "b"}} {
		build(t, link, files)
		fi, err := os.Lstat(link)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("after a build %s is %v, %v; want a symbolic link", link, fi, err)
		}
		if dest, _ := os.Readlink(link); dest != "releases/site" {
			t.Errorf("after a build %s points to %q; want %q", link, dest, "releases/site")
		}
		wantSite(t, real, files)
		if names := besideNames(t, real); len(names) > 0 {
			t.Errorf("left beside %s: %q", real, names)
		}
		if names := besideNames(t, link); len(names) > 0 {
			t.Errorf("left beside the link: %q", names)
		}
	}
	if _, err := os.Stat(manifestOf(real)); err != nil {
		t.Errorf("no manifest beside the folder the link points to: %v", err)
	}
}

// TestFailureAfterSwap makes writing the manifest fail after the swap: the
// error must say the new site is in place, not that the old one is.
func TestFailureAfterSwap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one"})
	TestHook = func(step string) {
		if step == "swapped" {
			// A folder with a file in it cannot be renamed over.
			put(t, filepath.Dir(out), map[string]string{".public.manifest/x": "x"})
		}
	}
	defer func() { TestHook = nil }()
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	tree.Write("index.html", Key{2}, []byte("two"))
	err = tree.Commit()
	if StateOf(err) != Replaced {
		t.Fatalf("Commit() = %v (state %d); want a failure in state Replaced", err, StateOf(err))
	}
	if !strings.Contains(err.Error(), "holds the complete new site") || !strings.Contains(err.Error(), "manifest") {
		t.Errorf("Commit() = %v; want it to say the new site is in place and the manifest failed", err)
	}
	wantSite(t, out, map[string]string{"index.html": "two"})
}

// TestFailureBeforeSwap finds, at the swap, that the previous output no
// longer has its mark: the output must stay as it is.
func TestFailureBeforeSwap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one"})
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	tree.Write("index.html", Key{2}, []byte("two"))
	os.Remove(filepath.Join(out, MarkFile))
	put(t, out, map[string]string{"notes.txt": "my own"})
	err = tree.Commit()
	if err == nil || StateOf(err) != Intact {
		t.Fatalf("Commit() = %v; want a failure in state Intact", err)
	}
	if got := contents(t, out); len(got) != 2 || got["index.html"] != "one" || got["notes.txt"] != "my own" {
		t.Errorf("after the failed Commit the output holds %q; want it as it was", got)
	}
	if names := besideNames(t, out); len(names) > 0 {
		t.Errorf("left beside the output: %q", names)
	}
}

func TestUnchangedNeedsMark(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one"})
	files := map[string]Key{"index.html": {1}}
	if !Unchanged(out, len(files), maps.All(files)) {
		t.Fatal("Unchanged = false right after the build; want true")
	}
	os.Remove(filepath.Join(out, MarkFile))
	if Unchanged(out, len(files), maps.All(files)) {
		t.Error("Unchanged = true for a folder without the mark; want false, so the next build marks it")
	}
}

// TestTreeBeforeTheMark replaces a tree written by a build from before the
// mark, recognised by the manifest beside it, and gives it the mark.
func TestTreeBeforeTheMark(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	put(t, parent, map[string]string{
		"public/index.html":    "old",
		"public/en/index.html": "old en",
		".public.manifest":     "smtpcodes manifest 1\nindex.html\t" + strings.Repeat("01", 32) + "\t3\nen/index.html\t" + strings.Repeat("01", 32) + "\t6\n",
	})
	files := map[string]string{"index.html": "old", "en/index.html": "new en"}
	build(t, out, files)
	wantSite(t, out, files)
}

// TestWriteFault makes the file system refuse a write into the staging
// tree: the error names the path and what to check, is in state Intact,
// and Abort leaves the previous output as it was. chmod denies nothing to
// root, so the test is skipped there (diag's TestFault covers the text).
func TestWriteFault(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, for whom a read-only folder is writable")
	}
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one"})
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tree.staging, 0o555); err != nil {
		t.Fatal(err)
	}
	err = tree.Write("en/index.html", Key{2}, []byte("two"))
	os.Chmod(tree.staging, 0o755)
	want := filepath.Join(tree.staging, "en") + `: cannot create it: permission denied; check that you may write in "` + tree.staging + `"`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, os.ErrPermission) {
		t.Fatalf("Write into a read-only staging folder = %v; want an error starting %q", err, want)
	}
	if StateOf(err) != Intact {
		t.Errorf("StateOf(%v) = %d; want Intact", err, StateOf(err))
	}
	tree.Abort()
	wantSite(t, out, map[string]string{"index.html": "one"})
	if names := besideNames(t, out); len(names) > 0 {
		t.Errorf("left beside the output after Abort: %q", names)
	}
}

// TestManifestChangedInPlace checks that the manifests kept from earlier
// reads are not taken for a manifest file changed since: one rewritten in
// place (the same file) with other entries is read again.
func TestManifestChangedInPlace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one"})
	files := map[string]Key{"index.html": {1}}
	if !Unchanged(out, len(files), maps.All(files)) {
		t.Fatal("Unchanged = false right after the build; want true")
	}
	man := manifestOf(out)
	f, err := os.OpenFile(man, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("smtpcodes manifest 1\nindex.html\t" + strings.Repeat("02", 32) + "\t3\n")
	f.Close()
	if Unchanged(out, len(files), maps.All(files)) {
		t.Error("Unchanged = true after the manifest was rewritten with another key; the old entries were kept")
	}
}

// TestPrepareSpare checks that a spare made of the output's files lets the
// next build write only what it changes, and that the site it makes is the
// one wanted.
func TestPrepareSpare(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, map[string]string{"index.html": "one", "en/a/index.html": "a", "en/b/index.html": "b"})
	if err := PrepareSpare(out); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(spareOf(out)); err != nil || !fi.IsDir() {
		t.Fatalf("no spare after PrepareSpare: %v", err)
	}
	a, _ := os.Stat(filepath.Join(out, "en/a/index.html"))
	b, _ := os.Stat(filepath.Join(spareOf(out), "en/a/index.html"))
	if a == nil || b == nil || !os.SameFile(a, b) {
		t.Fatal("the spare's file is not a link to the output's")
	}
	tree, err := New(out)
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{"index.html": "one", "en/a/index.html": "a"} {
		if !tree.Reuse(rel, Key{1}) {
			if err := tree.Write(rel, Key{1}, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tree.Write("en/c/index.html", Key{1}, []byte("c")); err != nil {
		t.Fatal(err)
	}
	if tree.Written() != 1 {
		t.Errorf("the build wrote %d files; want 1, the new one, the others carried over from the spare", tree.Written())
	}
	if err := tree.Commit(); err != nil {
		t.Fatal(err)
	}
	wantSite(t, out, map[string]string{"index.html": "one", "en/a/index.html": "a", "en/c/index.html": "c"})
	// The live site is never written through the links.
	if got, _ := os.ReadFile(filepath.Join(spareOf(out), "en/b/index.html")); string(got) != "b" {
		t.Errorf("the spare's en/b/index.html = %q; want the old site's %q", got, "b")
	}
}

// TestSpareChecked checks that a file of the spare that is gone or not
// the size its manifest records is not carried over from there: the
// build writes it again, or links it from the live site.
func TestSpareChecked(t *testing.T) {
	site := map[string]string{"index.html": "one", "en/a/index.html": "a", "en/b/index.html": "bb", "en/c/index.html": "c"}
	for name, damage := range map[string]func(spare string) error{
		"deleted": func(spare string) error { return os.Remove(filepath.Join(spare, "en/b/index.html")) },
		"cut short": func(spare string) error {
			return os.WriteFile(filepath.Join(spare, "en/b/index.html"), []byte("b"), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, site)
			build(t, out, site) // the first tree is now the spare
			if err := damage(spareOf(out)); err != nil {
				t.Fatal(err)
			}
			tree, err := New(out)
			if err != nil {
				t.Fatal(err)
			}
			// The damaged file is written again, or linked from the live
			// site, which has it (the spare's copy cut short is the live
			// file too: an unchanged file is one file in both); carried
			// over from the spare, it would be missing or short.
			for _, rel := range sortedKeys(site) {
				if !tree.Reuse(rel, Key{1}) {
					if rel != "en/b/index.html" {
						t.Errorf("%s, intact, was not carried over", rel)
					}
					if err := tree.Write(rel, Key{1}, []byte(site[rel])); err != nil {
						t.Fatal(err)
					}
				}
			}
			if err := tree.Commit(); err != nil {
				t.Fatal(err)
			}
			wantSite(t, out, site)
		})
	}
}
