package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smtpcodes/internal/build"
	"smtpcodes/internal/output"
)

// TestCacheFile checks the cache file beside the output: a build keeps in
// it the HTML of the texts it rendered, and only of those; the next run
// renders a text from it (shown here by a forged entry, which only the
// cache could put on the page); and a file of another program, or one cut
// short, is ignored.
func TestCacheFile(t *testing.T) {
	const (
		old       = "The recipient's storage is exhausted."
		forged    = "The recipient's storage is EXHAUSTED."
		edited    = "The recipient's mailbox is over its quota."
		page      = "en/smtp/552-exceeded-storage/index.html"
		cacheHead = "smtpcodes cache 2\n"
	)
	data := copyFixture(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(data, out)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(filepath.Dir(out), ".public.cache")
	cache := output.ReadCache(out)
	if !bytes.HasPrefix(cache, []byte(cacheHead)) || !bytes.Contains(cache, []byte(old)) {
		t.Fatalf("%s: %d bytes, without the HTML of 552's description", file, len(cache))
	}

	// A forged HTML of the description, of the same length, shows on the
	// code page once something else on it changes and it is rendered
	// again: the text's HTML came from the cache, as it was not edited.
	// rebuild edits the transcript, which shows on the code page only.
	transcripts := []string{"S: 552 5.3.4 Message too big", "S: 552 5.3.4 Message is too big", "S: 552 5.3.4 The message is too big", "S: 552 5.3.4 This message is too big"}
	step := 0
	rebuild := func(cache []byte) string {
		t.Helper()
		if err := os.WriteFile(file, cache, 0o644); err != nil {
			t.Fatal(err)
		}
		editFixture(t, data, transcripts[step], transcripts[step+1])
		step++
		if _, err := build.Run(cfg); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	forge := func(cache []byte) []byte { return bytes.Replace(cache, []byte(old), []byte(forged), 1) }
	if got := rebuild(forge(cache)); !strings.Contains(got, forged) {
		t.Fatalf("%s does not show the cached HTML after a rebuild: the cache file is not read", page)
	}

	// Another program's cache is ignored: the program's ID follows the
	// head.
	other := forge(output.ReadCache(out))
	other[len(cacheHead)] ^= 0xff
	if got := rebuild(other); strings.Contains(got, forged) || !strings.Contains(got, old) {
		t.Errorf("%s shows the HTML of another program's cache", page)
	}
	short := forge(output.ReadCache(out))
	if got := rebuild(short[:len(short)-1]); strings.Contains(got, forged) || !strings.Contains(got, old) {
		t.Errorf("%s shows the HTML of a cache file cut short", page)
	}

	// After an edit the file holds the new text's HTML, and no longer the
	// old one's.
	editFixture(t, data, "description: "+old, "description: "+edited)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	cache = output.ReadCache(out)
	if !bytes.Contains(cache, []byte(edited)) || bytes.Contains(cache, []byte(old)) {
		t.Errorf("after an edit, the cache file holds the new HTML: %v, the old: %v; want true, false", bytes.Contains(cache, []byte(edited)), bytes.Contains(cache, []byte(old)))
	}
}
