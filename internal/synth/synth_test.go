package synth_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"smtpcodes/internal/synth"
)

// TestWriteDeterministic checks that one seed writes the same bytes, which
// the benchmark's figures rely on, and that a bad size is refused.
func TestWriteDeterministic(t *testing.T) {
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, dir := range dirs {
		if err := synth.Write(synth.Options{Codes: 5, Langs: 3, Out: dir, En: "../../i18n/en.yaml", Seed: 1}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"data/codes.yaml", "i18n/en.yaml", "i18n/vi.yaml", "i18n/de.yaml"} {
		a, err := os.ReadFile(filepath.Join(dirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirs[1], f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes with the same seed", f)
		}
	}
	for _, o := range []synth.Options{{Codes: 1, Langs: 2}, {Codes: synth.MaxCodes + 1, Langs: 2}, {Codes: 5, Langs: 0}, {Codes: 5, Langs: synth.MaxLangs + 1}, {Codes: 5, Langs: 2}} {
		if o.Codes == 5 && o.Langs == 2 {
			o.En = "../../i18n/en.yaml" // no Out
		} else {
			o.Out, o.En = t.TempDir(), "../../i18n/en.yaml"
		}
		if err := synth.Write(o); err == nil {
			t.Errorf("Write(%+v) = nil; want an error", o)
		}
	}
}
