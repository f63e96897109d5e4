package build_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"smtpcodes/internal/build"
)

// TestPageOverwritesPair builds the fixture with a title whose slug makes
// code 250's page the path of the pair page 250/354: the build is refused
// before anything is written, naming both entries.
func TestPageOverwritesPair(t *testing.T) {
	data := copyFixture(t)
	editFixture(t, data, "title: Requested Mail Action Okay", "title: VS 354")
	dir := filepath.Dir(data)
	out := filepath.Join(dir, "public")
	_, err := build.Run(fixtureConfig(data, out))
	want := data + `:12:5: code 250 and the page comparing 250 (line 12) and 354 (line 22) are both written to en/smtp/250-vs-354/index.html, so one would overwrite the other; change the English title of code 250, whose slug makes the page's URL`
	if err == nil || err.Error() != want {
		t.Fatalf("Run(title VS 354) error = %v; want %s", err, want)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Run(title VS 354) made %s (stat: %v); want nothing written", out, err)
	}
}
