package build_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"smtpcodes/internal/build"
	"smtpcodes/internal/output"
)

// TestCancelledBuildKeepsOutput cancels a build once its staging tree
// exists, as Ctrl-C does: RunContext returns the context's cause, removes
// the staging tree and leaves the previous output as it was, and the
// cache file beside it, which the build had staged anew for a text it
// changed.
func TestCancelledBuildKeepsOutput(t *testing.T) {
	data := copyFixture(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(fixtureConfig(data, out)); err != nil {
		t.Fatalf("first build.Run: %v", err)
	}
	before := treeSums(t, out)
	cache := output.ReadCache(out)
	stop := errors.New("stopped by the test")
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	staged := false
	output.TestHook = func(step string) {
		if step == "staged" {
			staged = true
			cancel(stop)
		}
	}
	defer func() { output.TestHook = nil }()
	// Another build of the same inputs would find the output current and
	// write nothing: change them.
	editFixture(t, data, "S: 552 5.3.4 Message too big", "S: 552 5.3.4 Message is too big")
	cfg := fixtureConfig(data, out)
	cfg.BaseURL = "https://example.org/other/"
	_, err := build.RunContext(ctx, cfg)
	if !staged {
		t.Fatal("the build never made its staging tree; the test proves nothing")
	}
	if !errors.Is(err, stop) {
		t.Fatalf("RunContext cancelled = %v; want the context's cause %q", err, stop)
	}
	if output.StateOf(err) != output.Intact {
		t.Errorf("StateOf(%v) = %d; want Intact", err, output.StateOf(err))
	}
	after := treeSums(t, out)
	for _, name := range sortedKeys(before) {
		if a, ok := after[name]; !ok || a != before[name] {
			t.Errorf("%s changed or disappeared after a cancelled build", name)
		}
	}
	for _, name := range sortedKeys(after) {
		if _, ok := before[name]; !ok {
			t.Errorf("%s appeared in the output after a cancelled build", name)
		}
	}
	for _, name := range leftovers(t, out) {
		t.Errorf("%s is left beside the output folder after a cancelled build", name)
	}
	if !bytes.Equal(output.ReadCache(out), cache) {
		t.Error("the cache file beside the output changed after a cancelled build")
	}
}

// TestCancelledBeforeWriting cancels a build before it starts: nothing is
// written at all.
func TestCancelledBeforeWriting(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := build.RunContext(ctx, fixtureConfig(fixture, out)); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunContext with a cancelled context = %v; want context.Canceled", err)
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("a build cancelled before it began left %d entries, like %s", len(entries), entries[0].Name())
	}
}
