// Package build runs a whole build: load and validate every input, render
// every page concurrently into a staging tree, and swap it in for the output
// folder. It is the seam that cmd/gen and the whole-site tests call.
//
// Everything is loaded and validated before the first byte is written. A
// build that fails or is stopped before the swap (bad input, a template that
// fails on a page, a full disk, a cancelled context) removes its staging
// tree and leaves the previous output untouched. The swap itself replaces
// the output with the complete new tree in one step (see package output);
// a failure after it (writing the manifest, removing the previous tree)
// leaves the complete new site in place. Either way the error says which:
// output.StateOf.
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"smtpcodes/internal/api"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/diag"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// Config says where the inputs are and how to build.
type Config struct {
	DataFile    string
	TemplateDir string
	I18nDir     string
	// TextDir is the folder of the language files that hold the texts of
	// the code data; "" means I18nDir, where they live beside the UI
	// strings. Another folder pairs a separate data file (a test fixture,
	// synthetic data) with the site's UI strings.
	TextDir   string
	StaticDir string
	OutDir    string
	BaseURL   string
	// Strict turns every missing translation into an error.
	Strict bool
	// Workers is the number of pages in hand at once; 0 means two per
	// CPU, so that one page renders while another waits on the disk.
	Workers int
	// Progress, if set, receives a progress line, rewritten in place, while
	// a build that takes over a second runs.
	Progress io.Writer
	// Pairs is which pair pages to build (pairs in site.yaml).
	Pairs site.Pairs
	// HSTS is the value of the Strict-Transport-Security header that
	// _headers sends (hsts in site.yaml, checked by hosts.ParseHSTS); ""
	// sends none.
	HSTS string
}

// Result describes a finished build.
type Result struct {
	Pages     int      // HTML pages
	Files     int      // every file of the output
	Unchanged int      // files carried over from the previous build as they were
	Langs     []string // languages built
	Missing   []string // missing translations, one description each
	Outdated  []string // outdated or unmarked translations, one description each
	Duration  time.Duration
	Bytes     int64    // bytes of every file of the output
	Warnings  []string // limits of hosts the site goes over (hosts.go)

	rendered atomic.Int64
}

// Inputs is everything a build reads, loaded and validated.
type Inputs struct {
	Codes   *codes.Set
	Catalog *i18n.Catalog
	// Fields lists, per language other than English, every text it
	// translates or should (UI strings and the code data's texts).
	Fields map[string][]l10n.Field
	// Missing and Outdated describe the texts that are not translated,
	// and those translated from an English text that has changed since (or
	// not recorded), one line each with its position.
	Missing, Outdated []string
}

// Load reads and validates the translations and the code data.
func Load(cfg Config) (*Inputs, error) {
	cat, err := i18n.Load(cfg.I18nDir)
	if err != nil {
		return nil, err
	}
	if cat.Langs[0] != codes.DefaultLang {
		panic(fmt.Sprintf("the catalog's reference language %q is not the code data's, %q: make i18n.Default and codes.DefaultLang agree", cat.Langs[0], codes.DefaultLang))
	}
	texts := make([]string, 0, len(cat.Langs))
	for _, lang := range cat.Langs {
		if cfg.TextDir == "" {
			texts = append(texts, cat.File(lang))
			continue
		}
		f := filepath.Join(cfg.TextDir, lang+".yaml")
		if _, err := os.Stat(f); err == nil || lang == i18n.Default {
			texts = append(texts, f)
		}
	}
	set, err := codes.Load(cfg.DataFile, texts)
	if err != nil {
		return nil, err
	}
	in := &Inputs{Codes: set, Catalog: cat, Fields: map[string][]l10n.Field{}}
	for _, lang := range cat.Langs[1:] {
		fields := slices.Concat(cat.Fields(lang), set.L10n[lang])
		in.Fields[lang] = fields
		file := cat.File(lang)
		for _, f := range fields {
			switch f.State() {
			case l10n.Missing:
				in.Missing = append(in.Missing, fmt.Sprintf("%s: %s is not translated; translate it from %s", file, f.Path, cat.File(i18n.Default)))
			case l10n.Outdated:
				in.Outdated = append(in.Outdated, fmt.Sprintf("%s:%d:%d: %s: the English text changed after this was translated; update the translation, then mark it current: make l10n-mark TAG=%s FIELDS=%s", f.File, f.Line, f.Col, f.Path, lang, f.Path))
			case l10n.Unmarked:
				in.Outdated = append(in.Outdated, fmt.Sprintf("%s:%d:%d: %s: translated, but which English it was made from is not recorded; check it against the English, then run make l10n-mark TAG=%s", f.File, f.Line, f.Col, f.Path, lang))
			}
		}
	}
	return in, nil
}

// Run builds the site.
func Run(cfg Config) (*Result, error) { return RunContext(context.Background(), cfg) }

// RunContext is Run, stopped when ctx is done before the swap: it removes
// the staging tree, leaves the output as it was and returns
// context.Cause(ctx), which errors.Is reports as context.Canceled (or
// DeadlineExceeded). Once the swap has begun the build runs to its end,
// which takes no longer than renaming a folder and writing the manifest.
func RunContext(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	stopped := func() error { return context.Cause(ctx) }
	in, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Strict && len(in.Missing)+len(in.Outdated) > 0 {
		return nil, fmt.Errorf("strict mode: %d missing and %d outdated translations:\n%s\n(translate them and mark them current, or build without -strict to show the English or the outdated text with a note)",
			len(in.Missing), len(in.Outdated), strings.Join(slices.Concat(in.Outdated, in.Missing), "\n"))
	}
	assets, err := readAssets(cfg.StaticDir)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(assets))
	for _, a := range assets {
		names[a.name] = a.path
	}
	if err := checkPaths(cfg, in, assets); err != nil {
		return nil, err
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2 * runtime.GOMAXPROCS(0)
	}
	r, err := render.New(render.Config{
		TemplateDir: cfg.TemplateDir,
		Codes:       in.Codes,
		Catalog:     in.Catalog,
		BaseURL:     cfg.BaseURL,
		Assets:      names,
		Pairs:       cfg.Pairs,
	})
	if err != nil {
		return nil, err
	}
	k, err := newKeys(cfg, in, assets)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, stopped()
	}
	if files := k.files(in, assets); output.Unchanged(cfg.OutDir, files) {
		// Nothing the site is made from changed: the output is current.
		n := len(files)
		return report(cfg, &Result{Pages: pageCount(cfg, in), Files: n, Unchanged: n, Langs: in.Catalog.Langs, Missing: in.Missing, Outdated: in.Outdated, Duration: time.Since(start)}), nil
	}
	tree, err := output.New(cfg.OutDir, cfg.DataFile, cfg.TemplateDir, cfg.I18nDir, cfg.TextDir, cfg.StaticDir)
	if err != nil {
		return nil, err
	}
	res, err := write(ctx, cfg, tree, r, in, assets, k)
	if err == nil && ctx.Err() != nil {
		err = stopped()
	}
	if err != nil {
		tree.Abort()
		return nil, err
	}
	if err := tree.Commit(); err != nil {
		return nil, err
	}
	res.Missing, res.Outdated = in.Missing, in.Outdated
	res.Duration = time.Since(start)
	return report(cfg, res), nil
}

type asset struct {
	name string // path below static/, slash-separated
	path string // hashed path below the site root
	data []byte
}

// readAssets reads static/ and names each file by its content hash
// (assets/style.3f9a1c2b7d.css), so hosts may cache them forever.
func readAssets(dir string) ([]asset, error) {
	var out []asset
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%s: the static folder is missing; set -static to the folder of the CSS and icons", p)
		case err != nil:
			return fmt.Errorf("%w (the static folder; set -static to another)", diag.Fault(err, false))
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return diag.Fault(err, false)
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err = minifyAsset(p, path.Ext(rel), data)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(rel)
		hashed := "assets/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		out = append(out, asset{name: rel, path: hashed, data: data})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// minifier shrinks the CSS and JavaScript of static/ once per build; every
// page loads them, so each byte saved counts against the page budget.
var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc(".css", css.Minify)
	m.AddFunc(".js", js.Minify)
	return m
}()

// minifyAsset returns the minified form of a .css or .js file of static/
// and any other file unchanged.
func minifyAsset(name, ext string, data []byte) ([]byte, error) {
	if ext != ".css" && ext != ".js" {
		return data, nil
	}
	out, err := minifier.Bytes(ext, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; fix the file so it parses", name, err)
	}
	return append(out, '\n'), nil
}

// write renders every page into tree with a pool of workers, streaming
// the sitemap as pages are planned, then writes robots.txt. It stops
// early, with context.Cause(ctx), when ctx is done.
func write(ctx context.Context, cfg Config, tree *output.Tree, r *render.Renderer, in *Inputs, assets []asset, k *keys) (*Result, error) {
	res := &Result{Langs: in.Catalog.Langs}
	for _, a := range assets {
		if err := tree.Write(a.path, assetKey(a), a.data); err != nil {
			return nil, err
		}
	}
	workers := cfg.Workers
	total := pageCount(cfg, in)
	stopProgress := progress(cfg.Progress, total, &res.rendered)
	defer stopProgress()
	type job struct {
		n    int
		page site.Page
	}
	jobs := make(chan job, workers*4)
	var (
		mu     sync.Mutex
		errAt  = -1
		failed atomic.Bool
		wg     sync.WaitGroup
		first  error
	)
	fail := func(n int, err error) {
		mu.Lock()
		defer mu.Unlock()
		failed.Store(true)
		// Report the failure of the earliest page in plan order, so the
		// message does not depend on scheduling.
		if errAt < 0 || n < errAt {
			first, errAt = err, n
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain: the plan stops at the next page
				}
				key := k.page(j.page)
				if !tree.Reuse(j.page.File(), key) {
					if err := r.RenderBytes(&buf, j.page); err != nil {
						fail(j.n, err)
						continue
					}
					if err := tree.Write(j.page.File(), key, buf.Bytes()); err != nil {
						fail(j.n, err)
						continue
					}
				}
				res.rendered.Add(1)
			}
		}()
	}
	sm, err := newSitemapWriter(tree, r, total-1, k.sitemap())
	if err != nil {
		close(jobs)
		wg.Wait()
		return nil, err
	}
	n := 0
	site.PlanWith(in.Codes, in.Catalog.Langs, cfg.Pairs, func(p site.Page) bool {
		if failed.Load() || ctx.Err() != nil {
			return false
		}
		// Folders are made here, in plan order and ahead of the page that
		// needs them, while the workers render: the disk's wait for a
		// mkdir overlaps the rendering of earlier pages.
		if err := tree.Mkdir(p.File()); err != nil {
			fail(n, err)
			return false
		}
		jobs <- job{n: n, page: p}
		n++
		if p.Kind != site.NotFound {
			if err := sm.add(p); err != nil {
				fail(n, err)
				return false
			}
		}
		return true
	})
	close(jobs)
	wg.Wait()
	if err := sm.close(); err != nil && first == nil {
		first = err
	}
	if first != nil {
		return nil, first
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	res.Pages = n
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.URL("sitemap.xml") + "\n"
	if err := tree.Write("robots.txt", k.robots(), []byte(robots)); err != nil {
		return nil, err
	}
	if err := tree.Write(api.SchemaPath, k.schema(), api.Schema); err != nil {
		return nil, err
	}
	for _, lang := range in.Catalog.Langs {
		data, err := api.Build(in.Codes, in.Catalog, lang,
			func(c *codes.Code) string { return r.URL(site.CodePath(lang, c)) },
			func(e *codes.Enhanced) string { return r.URL(site.EnhancedPath(lang, e)) },
			r.URL(api.SchemaPath))
		if err != nil {
			return nil, err
		}
		if err := tree.Write(api.Path(lang), k.api(lang), data); err != nil {
			return nil, err
		}
	}
	if err := writeHostFiles(tree, k); err != nil {
		return nil, err
	}
	res.Files, res.Unchanged = tree.Written()+tree.Linked(), tree.Linked()
	return res, nil
}

// progress prints "rendered N/M pages" over itself on w while a build that
// has run for over a second goes on. It returns the function that stops it.
func progress(w io.Writer, total int, done *atomic.Int64) func() {
	if w == nil {
		return func() {}
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.NewTimer(time.Second)
		defer start.Stop()
		select {
		case <-stop:
			return
		case <-start.C:
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(w, "\rgen: %d/%d pages", done.Load(), total)
			select {
			case <-stop:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
	}
}

// maxSitemapURLs is the sitemaps.org limit of URLs in one file.
const maxSitemapURLs = 50000

// sitemapWriter streams a sitemaps.org urlset with hreflang alternates
// (one xhtml:link per language and x-default) as pages are planned, so the
// sitemap of a site of any size is never held in memory. A site of over
// 50,000 pages gets sitemap-1.xml, sitemap-2.xml, ... and sitemap.xml as
// their index.
type sitemapWriter struct {
	tree  *output.Tree
	r     *render.Renderer
	split bool
	parts int
	count int
	cur   *output.Stream
	key   output.Key
}

func newSitemapWriter(tree *output.Tree, r *render.Renderer, total int, key output.Key) (*sitemapWriter, error) {
	return &sitemapWriter{tree: tree, r: r, split: total > maxSitemapURLs, key: key}, nil
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func (s *sitemapWriter) add(p site.Page) error {
	if p.Lang != "" && !s.r.Translated(p, p.Lang) {
		return nil // not offered as a version of its own (see render.Translated)
	}
	if s.cur == nil || s.count == maxSitemapURLs {
		if err := s.closePart(); err != nil {
			return err
		}
		name := "sitemap.xml"
		if s.split {
			s.parts++
			name = fmt.Sprintf("sitemap-%d.xml", s.parts)
		}
		f, err := s.tree.Create(name, s.key)
		if err != nil {
			return err
		}
		s.cur, s.count = f, 0
		f.WriteString(xml.Header)
		f.WriteString(`<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	}
	s.count++
	w := s.cur
	w.WriteString(" <url>\n  <loc>")
	xml.EscapeText(w, []byte(s.r.URL(p.Path)))
	w.WriteString("</loc>\n")
	for _, alt := range s.r.Alternates(p) {
		if alt.Indexed {
			link(w, alt.Lang, alt.URL)
		}
	}
	if x := s.r.XDefault(p); x != "" {
		link(w, "x-default", x)
	}
	_, err := w.WriteString(" </url>\n")
	return err
}

func link(w io.Writer, lang, href string) {
	io.WriteString(w, `  <xhtml:link rel="alternate" hreflang="`)
	xml.EscapeText(w, []byte(lang))
	io.WriteString(w, `" href="`)
	xml.EscapeText(w, []byte(href))
	io.WriteString(w, "\"/>\n")
}

func (s *sitemapWriter) closePart() error {
	if s.cur == nil {
		return nil
	}
	s.cur.WriteString("</urlset>\n")
	err := s.cur.Close()
	s.cur = nil
	return err
}

func (s *sitemapWriter) close() error {
	if err := s.closePart(); err != nil {
		return err
	}
	if !s.split {
		return nil
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	for i := 1; i <= s.parts; i++ {
		b.WriteString(" <sitemap><loc>")
		xml.EscapeText(&b, []byte(s.r.URL(fmt.Sprintf("sitemap-%d.xml", i))))
		b.WriteString("</loc></sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	return s.tree.Write("sitemap.xml", s.key, b.Bytes())
}
