package main

import (
	"strings"
	"testing"
	"time"
)

func TestWritten(t *testing.T) {
	for _, c := range []struct {
		line string
		want int
	}{
		{"gen: 940 pages (956 files, 16.5 MiB, 894 unchanged) in en, vi; 0 missing and 0 outdated translations; 0.62s\n", 62},
		{"gen: 940 pages (956 files, 894 unchanged) in en, vi; 0.62s", 62},
		{"gen: build failed", -1},
	} {
		if got := written(c.line); got != c.want {
			t.Errorf("written(%q) = %d; want %d", c.line, got, c.want)
		}
	}
}

const lang = `ui_title: Codes
codes:
  211:
    title: System Status
    summary: |
      The server is returning system status.
      A second line.
    description: |
      More.
  214:
    summary: |
      Help.
`

func TestEditSummary(t *testing.T) {
	code, err := firstCode([]byte(lang))
	if err != nil || code != "211" {
		t.Fatalf("firstCode = %q, %v; want 211", code, err)
	}
	got, err := editSummary([]byte(lang), "214", "Mark1")
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(lang, "      Help.\n", "      Help. Mark1.\n", 1); string(got) != want {
		t.Errorf("editSummary 214:\n%s\nwant\n%s", got, want)
	}
	got, _ = editSummary([]byte(lang), "211", "Mark2")
	if want := strings.Replace(lang, "system status.\n", "system status. Mark2.\n", 1); string(got) != want {
		t.Errorf("editSummary 211:\n%s\nwant\n%s", got, want)
	}
	if _, err := editSummary([]byte(strings.Replace(lang, "  214:\n    summary: |\n      Help.\n", "  214:\n    title: Help\n", 1)), "214", "x"); err == nil {
		t.Error("editSummary of a code without a summary: no error")
	}
}

func TestMedian(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, v := range n {
			d = append(d, time.Duration(v)*time.Millisecond)
		}
		return d
	}
	if got := median(ms(500, 100, 300, 200, 400)); got != 300*time.Millisecond {
		t.Errorf("median of five = %v", got)
	}
	if got := median(ms(100, 400)); got != 250*time.Millisecond {
		t.Errorf("median of two = %v", got)
	}
}
