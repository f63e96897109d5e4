//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"smtpcodes/internal/build"
	"smtpcodes/internal/serve"
)

// TestPreview is gen -serve as an author uses it: a page open in the
// browser changes by itself after the data is edited, shows the errors
// over the page when the data is broken, and comes back when it is fixed,
// all without a console error (the preview's script passes the site's
// Content-Security-Policy, which the preview sends as a header).
func TestPreview(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../testdata/codes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inputs := filepath.Join(dir, "data")
	data := filepath.Join(inputs, "codes.yaml")
	if err := os.MkdirAll(inputs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) {
		t.Helper()
		cur, err := os.ReadFile(data)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(cur, []byte(old)) {
			t.Fatalf("%s has no %q", data, old)
		}
		if err := os.WriteFile(data, bytes.Replace(cur, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	out := filepath.Join(dir, "public")
	rebuild := func() error {
		_, err := build.Run(build.Config{
			DataFile: data, TemplateDir: "../templates", I18nDir: "../i18n", TextDir: "../testdata/text",
			StaticDir: "../static", OutDir: out, BaseURL: base,
		})
		return err
	}
	p := serve.New(out, "/")
	defer p.Close()
	p.Built(rebuild())
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	watch, stop := context.WithCancel(context.Background())
	defer stop()
	go serve.Watch(watch, []string{inputs}, 50*time.Millisecond, func() { p.Built(rebuild()) })

	ctx, errs := tab(t)
	text := func() string {
		// Between a reload and the new page there may be no main yet.
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main') || {}).textContent || ''`))
		return s
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 20s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	overlay := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.gen-preview-errors') || {}).textContent || ''`))
		return s
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"en/smtp/552-exceeded-storage/"),
		chromedp.WaitVisible(chromedp.CSS("main")),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text(), "exceeded storage allocation") {
		t.Fatalf("the page does not show the fixture's reply text")
	}

	edit("exceeded storage allocation", "storage allocation is over its quota")
	waitFor("the page shows the edit", func() bool { return strings.Contains(text(), "storage allocation is over its quota") })

	edit("    related: [354]", "    relatd: [354]")
	// os.WriteFile empties the file before it writes it, and a poll in
	// between may build from the empty file: the overlay shows that error
	// until the build of the file as saved replaces it.
	waitFor("the overlay shows the error", func() bool { return strings.Contains(overlay(), "codes.yaml:") })
	deadline := time.Now().Add(5 * time.Second)
	for o := overlay(); !strings.Contains(o, data+":") || !strings.Contains(o, `"related"`); o = overlay() {
		if time.Now().After(deadline) {
			t.Errorf("the overlay says %q; want the file with line and column, and the field", o)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(text(), "storage allocation is over its quota") {
		t.Errorf("under the overlay, the last good page is gone")
	}

	edit("    relatd: [354]", "    related: [354]")
	// The good build reloads the page: the overlay is gone as soon as the
	// new document replaces the old one, which may not have its main yet,
	// so the test waits for the page, not for one look at it.
	waitFor("the overlay goes away", func() bool { return overlay() == "" })
	waitFor("after the fix the page shows the data", func() bool {
		return overlay() == "" && strings.Contains(text(), "storage allocation is over its quota")
	})
	noErrors(t, errs)
}
