package serve_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"smtpcodes/internal/build"
	"smtpcodes/internal/hosts"
	"smtpcodes/internal/serve"
)

const fixture = "../../testdata/codes.yaml"

// buildFixture builds the three-code fixture, or a copy of it changed by
// edit, into out under base.
func buildFixture(t *testing.T, data, out, base string) error {
	t.Helper()
	_, err := build.Run(build.Config{
		DataFile:    data,
		TemplateDir: "../../templates",
		I18nDir:     "../../i18n",
		TextDir:     "../../testdata/text",
		StaticDir:   "../../static",
		OutDir:      out,
		BaseURL:     base,
	})
	return err
}

// copyFixture writes the fixture into dir and returns its path.
func copyFixture(t *testing.T, dir string) string {
	t.Helper()
	src, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "codes.yaml")
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// replaceIn replaces old by new in file, failing when old is not there.
func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// events reads the build events of a preview.
type events struct {
	t    *testing.T
	r    *bufio.Reader
	body io.Closer
}

func openEvents(t *testing.T, url string) *events {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+serve.Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("GET %sevents: Content-Type %q; want text/event-stream", serve.Prefix, ct)
	}
	return &events{t: t, r: bufio.NewReader(resp.Body), body: resp.Body}
}

// next returns the next build event, failing after five seconds.
func (e *events) next() serve.State {
	e.t.Helper()
	type result struct {
		s   serve.State
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var name, data string
		for {
			line, err := e.r.ReadString('\n')
			if err != nil {
				ch <- result{err: err}
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name == "build":
				var s serve.State
				ch <- result{s, json.Unmarshal([]byte(data), &s)}
				return
			}
		}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			e.t.Fatalf("reading the event stream: %v", r.err)
		}
		return r.s
	case <-time.After(5 * time.Second):
		e.t.Fatal("no build event within 5s")
	}
	return serve.State{}
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

var tagRE = regexp.MustCompile(`<script src="/_preview/reload\.js" data-build="([^"]+)" defer></script></head>`)

// servedFixture builds a copy of the fixture and serves it with a preview
// that has had one good build: the data file to change, the output, the
// preview and its server, closed when the test ends.
func servedFixture(t *testing.T) (data, out string, p *serve.Preview, srv *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	data, out = copyFixture(t, dir), filepath.Join(dir, "public")
	if err := buildFixture(t, data, out, "https://example.org/"); err != nil {
		t.Fatal(err)
	}
	p = serve.New(out, "/")
	p.Built(nil)
	srv = httptest.NewServer(p)
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return data, out, p, srv
}

// TestReloadAfterRebuild opens a page and its event stream, changes the
// data and rebuilds: the stream tells the page, and the page served next
// has the change.
func TestReloadAfterRebuild(t *testing.T) {
	data, out, p, srv := servedFixture(t)

	page := srv.URL + "/en/smtp/552-exceeded-storage/"
	_, body := get(t, page)
	m := tagRE.FindSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s has no reload script before </head>", page)
	}
	ev := openEvents(t, srv.URL)
	first := ev.next()
	if first.Build != string(m[1]) || len(first.Errors) != 0 {
		t.Fatalf("first event = %+v; want build %s, the page's, without errors", first, m[1])
	}

	replaceIn(t, data, "exceeded storage allocation", "storage allocation is over its quota")
	err := buildFixture(t, data, out, "https://example.org/")
	p.Built(err)
	if err != nil {
		t.Fatal(err)
	}
	next := ev.next()
	if next.Build == first.Build || len(next.Errors) != 0 {
		t.Fatalf("event after the rebuild = %+v; want a new build without errors", next)
	}
	_, body = get(t, page)
	if !bytes.Contains(body, []byte("storage allocation is over its quota")) {
		t.Errorf("GET %s after the rebuild does not show the change", page)
	}
	if m := tagRE.FindSubmatch(body); m == nil || string(m[1]) != next.Build {
		t.Errorf("the page after the rebuild names build %q; want %s", m, next.Build)
	}
}

// TestErrorsServed fails a rebuild: every event stream gets the error
// lines, a page opened now too, the last good site stays served, and the
// next good build clears them.
func TestErrorsServed(t *testing.T) {
	data, out, p, srv := servedFixture(t)
	ev := openEvents(t, srv.URL)
	ev.next()

	replaceIn(t, data, "    related: [354]", "    relatd: [354]")
	err := buildFixture(t, data, out, "https://example.org/")
	if err == nil {
		t.Fatal("the build with a misspelt field succeeded")
	}
	p.Built(err)
	want := strings.Split(err.Error(), "\n")
	got := ev.next()
	if len(got.Errors) == 0 || !equal(got.Errors, want) {
		t.Fatalf("event after the failed build: errors %q; want %q", got.Errors, want)
	}
	if !strings.HasPrefix(got.Errors[0], data+":") || !strings.Contains(err.Error(), `unknown field "relatd"`) {
		t.Errorf("the errors %q do not name the file, line and field", got.Errors)
	}
	// A page opened while the build is broken gets the errors at once.
	if late := openEvents(t, srv.URL).next(); !equal(late.Errors, want) {
		t.Errorf("a new event stream starts with errors %q; want %q", late.Errors, want)
	}
	if resp, body := get(t, srv.URL+"/en/smtp/552-exceeded-storage/"); resp.StatusCode != 200 || !tagRE.Match(body) {
		t.Errorf("the last good page is not served while the build is broken: %s", resp.Status)
	}

	replaceIn(t, data, "    relatd: [354]", "    related: [354]")
	err = buildFixture(t, data, out, "https://example.org/")
	p.Built(err)
	if err != nil {
		t.Fatal(err)
	}
	if fixed := ev.next(); len(fixed.Errors) != 0 || fixed.Build == got.Build {
		t.Errorf("event after the fix = %+v; want a new build without errors", fixed)
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestFilesUntouched serves every file of a build under a sub-path and
// checks that each page differs from its file only by the script tag,
// that the preview sends the headers of _headers, and that the files on
// disk stay byte for byte those of a build that was never served.
func TestFilesUntouched(t *testing.T) {
	const base = "https://example.org/docs/smtp/"
	served, plain := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "public")
	for _, out := range []string{served, plain} {
		if err := buildFixture(t, fixture, out, base); err != nil {
			t.Fatal(err)
		}
	}
	p := serve.New(served, "/docs/smtp/")
	p.Built(nil)
	srv := httptest.NewServer(p)
	defer srv.Close()
	defer p.Close()

	files := sums(t, served)
	n := 0
	for name := range files {
		if name == "_headers" || strings.HasPrefix(filepath.Base(name), ".") {
			continue
		}
		url := srv.URL + "/docs/smtp/" + strings.TrimSuffix(name, "index.html")
		resp, body := get(t, url)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %s", url, resp.Status)
			continue
		}
		disk, err := os.ReadFile(filepath.Join(served, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Header.Get("Content-Security-Policy") != hosts.HeaderPolicy || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: CSP %q, nosniff %q; want the headers of _headers", url, resp.Header.Get("Content-Security-Policy"), resp.Header.Get("X-Content-Type-Options"))
		}
		if !strings.HasSuffix(name, ".html") {
			if !bytes.Equal(body, disk) {
				t.Errorf("GET %s differs from %s", url, name)
			}
			if strings.HasPrefix(name, "assets/") && resp.Header.Get("Cache-Control") != hosts.AssetCache {
				t.Errorf("GET %s: Cache-Control %q; want %q", url, resp.Header.Get("Cache-Control"), hosts.AssetCache)
			}
			continue
		}
		n++
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: Cache-Control %q; want no-store, so a page after a rebuild is fresh", url, resp.Header.Get("Cache-Control"))
		}
		if got := tagRE.ReplaceAll(body, []byte("</head>")); !bytes.Equal(got, disk) {
			t.Errorf("GET %s is not %s with the reload script before </head>", url, name)
		}
	}
	if n < 10 {
		t.Fatalf("served %d pages; the fixture has more", n)
	}
	resp, body := get(t, srv.URL+"/docs/smtp/no/such/page/")
	if resp.StatusCode != 404 || !tagRE.Match(body) {
		t.Errorf("a missing page: %s, reload script %v; want 404 with the script", resp.Status, tagRE.Match(body))
	}
	for _, hidden := range []string{"_headers", ".smtpcodes-output"} {
		if resp, _ := get(t, srv.URL+"/docs/smtp/"+hidden); resp.StatusCode != 404 {
			t.Errorf("GET %s: %s; want 404, hosts do not serve it", hidden, resp.Status)
		}
	}
	if resp, js := get(t, srv.URL+serve.Prefix+"reload.js"); resp.StatusCode != 200 || !bytes.Contains(js, []byte("EventSource")) {
		t.Errorf("GET %sreload.js: %s", serve.Prefix, resp.Status)
	}
	after, want := sums(t, served), sums(t, plain)
	for name, sum := range want {
		if after[name] != sum {
			t.Errorf("%s: after serving, its bytes differ from a build never served", name)
		}
	}
	if len(after) != len(want) {
		t.Errorf("after serving, %d files; a build never served has %d", len(after), len(want))
	}
	for name, data := range readAll(t, served) {
		if bytes.Contains(data, []byte(serve.Prefix)) {
			t.Errorf("%s on disk mentions %s", name, serve.Prefix)
		}
	}
}

func sums(t *testing.T, dir string) map[string][32]byte {
	out := map[string][32]byte{}
	for name, data := range readAll(t, dir) {
		out[name] = sha256.Sum256(data)
	}
	return out
}

func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHandler is the plain handler the browser tests use: the files as
// they are, with the headers of _headers, and the static host's
// redirects.
func TestHandler(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := buildFixture(t, fixture, out, "https://example.org/"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve.Handler(out, "/"))
	defer srv.Close()
	resp, body := get(t, srv.URL+"/en/")
	disk, _ := os.ReadFile(filepath.Join(out, "en", "index.html"))
	if resp.StatusCode != 200 || !bytes.Equal(body, disk) {
		t.Errorf("GET /en/: %s, same bytes as the file: %v", resp.Status, bytes.Equal(body, disk))
	}
	if got := resp.Header.Get("Cache-Control"); got != hosts.PageCache {
		t.Errorf("GET /en/: Cache-Control %q; want %q from _headers", got, hosts.PageCache)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := client.Get(srv.URL + "/en")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != "/en/" {
		t.Errorf("GET /en: %s to %q; want a redirect to /en/", r.Status, r.Header.Get("Location"))
	}
}

// TestWatch changes an input: Watch calls rebuild. Changed while first
// runs (as while the preview makes its spare tree), the input is rebuilt
// once first returns.
func TestWatch(t *testing.T) {
	for _, during := range []bool{false, true} {
		dir := t.TempDir()
		file := filepath.Join(dir, "codes.yaml")
		if err := os.WriteFile(file, []byte("a"), 0o644); err != nil {
			t.Fatal(err)
		}
		change := func() {
			if err := os.WriteFile(file, []byte("ab"), 0o644); err != nil {
				t.Error(err)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		called := make(chan struct{}, 1)
		rebuild := func() { called <- struct{}{} }
		if during {
			go serve.WatchAfter(ctx, []string{dir}, 10*time.Millisecond, change, rebuild)
		} else {
			go serve.Watch(ctx, []string{dir}, 10*time.Millisecond, rebuild)
			time.Sleep(50 * time.Millisecond)
			change()
		}
		select {
		case <-called:
		case <-time.After(5 * time.Second):
			t.Errorf("no rebuild within 5s of a change (made while first ran: %v)", during)
		}
		cancel()
	}
}

// TestClose ends the open event streams, so the server can shut down.
func TestClose(t *testing.T) {
	p := serve.New(t.TempDir(), "/")
	srv := httptest.NewServer(p)
	defer srv.Close()
	ev := openEvents(t, srv.URL)
	ev.next()
	p.Close()
	done := make(chan error, 1)
	go func() { _, err := ev.r.ReadString('\n'); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("after Close, reading the stream: %v; want its end", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream is still open 5s after Close")
	}
}
