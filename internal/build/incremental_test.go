package build_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"smtpcodes/internal/build"
)

type fileState struct {
	inode uint64
	mtime time.Time
	data  string
}

func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fileState{inode: fi.Sys().(*syscall.Stat_t).Ino, mtime: fi.ModTime(), data: string(data)}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnchangedRebuild checks that a rebuild with nothing changed writes
// no file: every file keeps its bytes, inode and modification time.
func TestUnchangedRebuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(fixture, out)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	// Make a rewritten file detectable by its modification time.
	time.Sleep(20 * time.Millisecond)
	res, err := build.Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != res.Files {
		t.Errorf("rebuild: %d of %d files unchanged; want all", res.Unchanged, res.Files)
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("rebuild has %d files; want %d", len(after), len(before))
	}
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			t.Errorf("%s: gone after the rebuild", p)
		case a.data != b.data:
			t.Errorf("%s: bytes changed", p)
		case !a.mtime.Equal(b.mtime) || a.inode != b.inode:
			t.Errorf("%s: rewritten (mtime %v -> %v, inode %d -> %d)", p, b.mtime, a.mtime, b.inode, a.inode)
		}
	}
}

// TestOneCodeChanged checks that after one code's text changes, only the
// pages that show that text are rewritten.
func TestOneCodeChanged(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		// want lists the files that show the changed text.
		want []string
	}{{
		// The English description of 552 shows on its code page, on its
		// pair pages and in the English API document; the Vietnamese
		// pages and API document that show its translation now say it is
		// outdated.
		name: "description",
		old:  "description: The recipient's storage is exhausted.",
		new:  "description: The recipient's mailbox is over its quota.",
		want: []string{"api/v1/en/codes.json", "en/smtp/552-exceeded-storage/index.html", "en/smtp/250-vs-552/index.html", "en/smtp/354-vs-552/index.html",
			"api/v1/vi/codes.json", "vi/smtp/552-exceeded-storage/index.html", "vi/smtp/250-vs-552/index.html", "vi/smtp/354-vs-552/index.html"},
	}, {
		// A provider's reply text shows on the code page in every
		// language and in every API document, not on pair pages.
		name: "provider reply",
		old:  `reply: "552 5.2.2 The mailbox is full"`,
		new:  `reply: "552 5.2.2 The mailbox is over quota"`,
		want: []string{"api/v1/en/codes.json", "api/v1/vi/codes.json", "en/smtp/552-exceeded-storage/index.html", "vi/smtp/552-exceeded-storage/index.html"},
	}, {
		// The transcript shows on the code page in every language only.
		name: "transcript",
		old:  "S: 552 5.3.4 Message too big",
		new:  "S: 552 5.3.4 Message size exceeds fixed limit",
		want: []string{"en/smtp/552-exceeded-storage/index.html", "vi/smtp/552-exceeded-storage/index.html"},
	}} {
		t.Run(tc.name, func(t *testing.T) { testOneChange(t, tc.old, tc.new, tc.want) })
	}
}

func testOneChange(t *testing.T, old, replacement string, wantFiles []string) {
	data := copyFixture(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(data, out)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	time.Sleep(20 * time.Millisecond)
	editFixture(t, data, old, replacement)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	want := map[string]bool{}
	for _, f := range wantFiles {
		if _, ok := before[f]; !ok {
			t.Fatalf("the site has no file %s", f)
		}
		want[f] = true
	}
	for p, b := range before {
		a := after[p]
		rewritten := !a.mtime.Equal(b.mtime) || a.inode != b.inode
		if rewritten != want[p] {
			t.Errorf("%s: rewritten = %v; want %v", p, rewritten, want[p])
		}
		if rewritten && a.data == b.data {
			t.Errorf("%s: rewritten with the same bytes", p)
		}
	}
}
