// Package serve is the preview server: it serves the built site the way a
// static host does (folder/ -> folder/index.html, 404.html for anything
// missing, the site under its base path, the headers of the site's
// _headers file) and rebuilds it when an input changes.
//
// In the preview every HTML response gets one script tag more, added as
// the response is written and never to the files of the build: the
// script (reload.js, served under /_preview/) listens to the server's
// build events over Server-Sent Events, reloads the page after a good
// rebuild and, after a failed one, shows the errors over the last good
// page until the next good build. The script, its stylesheet and the
// event stream are the server's own, so the site's Content-Security-Policy
// (script-src and connect-src 'self') lets them through: a page that
// breaks the policy breaks in the preview as it would once deployed.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"smtpcodes/internal/hosts"
)

// Prefix is where the preview's own files and its event stream are
// served, outside the site: no page of the site has a path that starts
// with "_" at the root.
const Prefix = "/_preview/"

// Handler serves the folder root under basePath ("/" or "/docs/smtp/")
// with the headers of root's _headers file. It re-opens files on every
// request, so a rebuild that swaps the folder is picked up at once.
func Handler(root, basePath string) http.Handler { return site(root, basePath, nil) }

// site serves root; a non-nil inject returns what HTML responses get
// before </head>.
func site(root, basePath string, inject func() []byte) http.Handler {
	files := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, basePath) {
			if r.URL.Path == "/" {
				http.Redirect(w, r, basePath, http.StatusFound)
				return
			}
			notFound(w, root, basePath, inject)
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, basePath)
		clean := strings.TrimPrefix(path.Clean("/"+rel), "/")
		name := filepath.Join(root, filepath.FromSlash(clean))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				// As static hosts do: /en goes to /en/.
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = filepath.Join(name, "index.html")
			_, err = os.Stat(name)
		} else if err == nil && inject != nil && path.Base(clean) == "index.html" {
			// And /en/index.html goes to /en/, as http.FileServer sends it.
			http.Redirect(w, r, strings.TrimSuffix(r.URL.Path, "index.html"), http.StatusMovedPermanently)
			return
		}
		// The hosts read _headers and serve no dot files (the build's
		// mark among them).
		if err != nil || clean == "_headers" || strings.HasPrefix(clean, ".") || strings.Contains(clean, "/.") {
			notFound(w, root, basePath, inject)
			return
		}
		setHeaders(w, root, r.URL.Path)
		if inject != nil && strings.HasSuffix(name, ".html") {
			body, err := os.ReadFile(name)
			if err != nil {
				notFound(w, root, basePath, inject)
				return
			}
			writeHTML(w, http.StatusOK, body, inject)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rel
		files.ServeHTTP(w, r2)
	})
}

// setHeaders gives the response the headers _headers sets for the path.
// An unreadable _headers (a site built before it existed) sets none.
func setHeaders(w http.ResponseWriter, root, urlPath string) {
	src, err := os.ReadFile(filepath.Join(root, "_headers"))
	if err != nil {
		return
	}
	rules, err := hosts.Parse(src)
	if err != nil {
		return
	}
	for _, h := range hosts.Match(rules, urlPath) {
		w.Header().Set(h.Name, h.Value)
	}
}

func notFound(w http.ResponseWriter, root, basePath string, inject func() []byte) {
	setHeaders(w, root, basePath+"404.html")
	body, err := os.ReadFile(filepath.Join(root, "404.html"))
	if err != nil {
		body = nil
	}
	writeHTML(w, http.StatusNotFound, body, inject)
}

// writeHTML writes an HTML body, with what inject returns before </head>
// when inject is set. Pages in the preview are never cached, so a
// navigation after a rebuild gets the new page.
func writeHTML(w http.ResponseWriter, status int, body []byte, inject func() []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if inject != nil {
		w.Header().Set("Cache-Control", "no-store")
		tag := inject()
		if i := bytes.Index(body, []byte("</head>")); i >= 0 {
			body = bytes.Join([][]byte{body[:i], tag, body[i:]}, nil)
		} else {
			body = append(append([]byte(nil), body...), tag...)
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// Watch calls rebuild whenever a file below one of paths changes, checking
// every interval, until ctx is done. It polls modification times, which
// works on every file system and needs no dependency.
func Watch(ctx context.Context, paths []string, interval time.Duration, rebuild func()) {
	WatchAfter(ctx, paths, interval, nil, rebuild)
}

// WatchAfter is Watch, calling first, if not nil, before it begins to
// check: a change made while first runs is seen when it returns.
func WatchAfter(ctx context.Context, paths []string, interval time.Duration, first, rebuild func()) {
	last := stamp(paths)
	if first != nil {
		first()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if now := stamp(paths); now != last {
				last = now
				rebuild()
			}
		}
	}
}

// stamp summarises the names, sizes and modification times below paths.
func stamp(paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if fi, err := d.Info(); err == nil {
				b.WriteString(name)
				b.WriteString(fi.ModTime().String())
				b.WriteString(string(rune(fi.Size() % 1000003)))
			}
			return nil
		})
	}
	return b.String()
}

// Options configure Run.
type Options struct {
	Addr     string // host:port to listen on
	BasePath string // the site's path below the host, "/" or "/docs/smtp/"
	Root     string // the built site
	Inputs   []string
	// Rebuild builds the site and reports the outcome itself; its error,
	// one problem a line, is what the pages show until the next good
	// build.
	Rebuild func() error
	// Prepare, if set, runs once after the first build, before the
	// inputs are watched: gen makes the spare tree there, so that the
	// first save costs what it changes (output.PrepareSpare).
	Prepare func()
	Log     func(format string, args ...any)
}

// Run builds once, then serves the site and rebuilds it when an input
// changes, until ctx is done. After a failed rebuild the previous site
// stays served, with the errors over every page.
func Run(ctx context.Context, o Options) error {
	p := New(o.Root, o.BasePath)
	defer p.Close()
	p.Built(o.Rebuild())
	srv := &http.Server{Addr: o.Addr, Handler: p, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(p.Close)
	// Every 25 ms: a walk of the inputs takes a fraction of a millisecond,
	// and a save is noticed 12 ms after it on average, not 50.
	go WatchAfter(ctx, o.Inputs, 25*time.Millisecond, o.Prepare, func() { p.Built(o.Rebuild()) })
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	o.Log("serving %s on http://%s%s (Ctrl-C to stop)", o.Root, o.Addr, o.BasePath)
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// State is the outcome of the latest build, as the pages' script gets it.
type State struct {
	// Build names the build: it changes with every build, and is not
	// reused by a restarted server.
	Build string `json:"build"`
	// Errors are the lines of a failed build's error, none for a good one.
	Errors []string `json:"errors"`
}

// Preview serves the site with its reload script, the script and the
// build events. It is an http.Handler; Built reports each build to it.
type Preview struct {
	site  http.Handler
	epoch string

	mu    sync.Mutex
	n     int
	state State
	subs  map[chan struct{}]bool
	done  chan struct{}
	close sync.Once
}

// New returns the preview of the site in root, served under basePath.
func New(root, basePath string) *Preview {
	p := &Preview{
		epoch: strconv.FormatInt(time.Now().UnixNano(), 36),
		subs:  map[chan struct{}]bool{},
		done:  make(chan struct{}),
	}
	p.state = State{Build: p.epoch + "-0", Errors: []string{}}
	p.site = site(root, basePath, p.tag)
	return p
}

// Built records the outcome of a build, nil for a good one, and tells
// every open page.
func (p *Preview) Built(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.state = State{Build: p.epoch + "-" + strconv.Itoa(p.n), Errors: []string{}}
	if err != nil {
		for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
			p.state.Errors = append(p.state.Errors, line)
		}
	}
	for ch := range p.subs {
		select {
		case ch <- struct{}{}:
		default: // a signal is pending already; the page reads the latest state
		}
	}
}

// State is the outcome of the latest build.
func (p *Preview) State() State {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// Close ends every event stream, so that the server can shut down.
func (p *Preview) Close() { p.close.Do(func() { close(p.done) }) }

// tag is the script element a page gets in the preview; it names the
// build the page comes from, so the script reloads a page that a build
// finished after it was served, even before the script connected.
func (p *Preview) tag() []byte {
	return []byte(`<script src="` + Prefix + `reload.js" data-build="` + p.State().Build + `" defer></script>`)
}

//go:embed reload.js
var reloadJS []byte

//go:embed overlay.css
var overlayCSS []byte

func (p *Preview) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case Prefix + "reload.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(reloadJS)
	case Prefix + "overlay.css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(overlayCSS)
	case Prefix + "events":
		p.events(w, r)
	default:
		p.site.ServeHTTP(w, r)
	}
}

// events streams the state of the builds: the latest at once, then each
// new one, as Server-Sent Events named "build" with the State as JSON.
func (p *Preview) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	ch := make(chan struct{}, 1)
	p.mu.Lock()
	p.subs[ch] = true
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.subs, ch)
		p.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	for {
		data, _ := json.Marshal(p.State())
		if _, err := fmt.Fprintf(w, "event: build\ndata: %s\n\n", data); err != nil {
			return
		}
		flusher.Flush()
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		case <-p.done:
			return
		}
	}
}
