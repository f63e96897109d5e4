package build_test

import (
	"os"
	"path/filepath"
	"strings"
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
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "codes.yaml")
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := fixtureConfig(data, out)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	time.Sleep(20 * time.Millisecond)
	const old = "description: The recipient's storage is exhausted."
	if !strings.Contains(string(src), old) {
		t.Fatalf("fixture lacks %q", old)
	}
	changed := strings.Replace(string(src), old, "description: The recipient's mailbox is over its quota.", 1)
	if err := os.WriteFile(data, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	// The English description of 552 shows on its code page, on its pair
	// pages and in the English API document, in English only.
	want := map[string]bool{
		"api/v1/en/codes.json":                    true,
		"en/smtp/552-exceeded-storage/index.html": true,
		"en/smtp/250-vs-552/index.html":           true,
		"en/smtp/354-vs-552/index.html":           true,
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
