// Command synth writes deterministic synthetic inputs for timing builds:
// DIR/data/codes.yaml with N codes whose text fields have the length and
// Markdown shape of the real entries, and DIR/i18n/ with L languages (the
// real English catalog, and L-1 made-up languages with the same keys and
// placeholders). Build them with the real templates:
//
//	go run ./bench/synth -codes 200 -langs 2 -out /tmp/synth
//	go run ./cmd/gen -data /tmp/synth/data/codes.yaml -i18n /tmp/synth/i18n -out /tmp/synth/public
//
// The generator itself is package internal/synth.
package main

import (
	"flag"
	"fmt"
	"os"

	"smtpcodes/internal/synth"
)

func main() {
	n := flag.Int("codes", 30, "number of reply codes (at most 240)")
	langs := flag.Int("langs", 2, "number of languages, English included (at most 20)")
	out := flag.String("out", "", "output folder (required)")
	enFile := flag.String("en", "i18n/en.yaml", "the English catalog to start from")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *n < 2 || *n > synth.MaxCodes || *langs < 1 || *langs > synth.MaxLangs {
		fmt.Fprintln(os.Stderr, "usage: synth -codes N (2-240) -langs L (1-20) -out DIR")
		os.Exit(2)
	}
	if err := synth.Write(synth.Options{Codes: *n, Langs: *langs, Out: *out, En: *enFile, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
