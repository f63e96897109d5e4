package build_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smtpcodes/internal/build"
)

// TestPageOverwritesPair builds the fixture with a title whose slug makes
// code 250's page the path of the pair page 250/354: the build is refused
// before anything is written, naming both entries.
func TestPageOverwritesPair(t *testing.T) {
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(src), "title: Requested Mail Action Okay", "title: VS 354", 1)
	if bad == string(src) {
		t.Fatal("the fixture no longer has the title this test replaces")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "codes.yaml")
	if err := os.WriteFile(data, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	_, err = build.Run(fixtureConfig(data, out))
	want := data + `:32:5: code 250 and the page comparing 250 (line 32) and 354 (line 60) are both written to en/smtp/250-vs-354/index.html, so one would overwrite the other; change the English title of code 250, whose slug makes the page's URL`
	if err == nil || err.Error() != want {
		t.Fatalf("Run(title VS 354) error = %v; want %s", err, want)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Run(title VS 354) made %s (stat: %v); want nothing written", out, err)
	}
}
