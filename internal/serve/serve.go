// Package serve is the preview server: it serves the built site the way a
// static host does (folder/ -> folder/index.html, 404.html for anything
// missing, the site under its base path) and rebuilds it when an input
// changes.
package serve

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Handler serves the folder root under basePath ("/" or "/docs/smtp/").
// It re-opens files on every request, so a rebuild that swaps the folder
// is picked up at once.
func Handler(root, basePath string) http.Handler {
	files := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, basePath) {
			if r.URL.Path == "/" {
				http.Redirect(w, r, basePath, http.StatusFound)
				return
			}
			notFound(w, root)
			return
		}
		rel := strings.TrimPrefix(r.URL.Path, basePath)
		name := filepath.Join(root, filepath.FromSlash(path.Clean("/"+rel)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			notFound(w, root)
			return
		}
		if strings.HasPrefix(rel, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rel
		files.ServeHTTP(w, r2)
	})
}

func notFound(w http.ResponseWriter, root string) {
	body, err := os.ReadFile(filepath.Join(root, "404.html"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if err == nil {
		w.Write(body)
	}
}

// Watch calls rebuild whenever a file below one of paths changes, checking
// every interval, until ctx is done. It polls modification times, which
// works on every file system and needs no dependency.
func Watch(ctx context.Context, paths []string, interval time.Duration, rebuild func()) {
	last := stamp(paths)
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
	Rebuild  func() // builds the site and reports the outcome itself
	Log      func(format string, args ...any)
}

// Run builds once, then serves the site and rebuilds it when an input
// changes, until ctx is done. After a failed rebuild the previous site
// stays served.
func Run(ctx context.Context, o Options) error {
	o.Rebuild()
	srv := &http.Server{Addr: o.Addr, Handler: Handler(o.Root, o.BasePath), ReadHeaderTimeout: 10 * time.Second}
	go Watch(ctx, o.Inputs, 500*time.Millisecond, o.Rebuild)
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
