// Package build runs a whole build: load and validate every input, render
// every page concurrently into a staging tree, and swap it in for the output
// folder. It is the seam that cmd/gen and the whole-site tests call.
//
// Everything is loaded and validated before the first byte is written; a
// build either replaces the output with a complete new tree or returns its
// errors and leaves the previous output untouched.
package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"

	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// Config says where the inputs are and how to build.
type Config struct {
	DataFile    string
	TemplateDir string
	I18nDir     string
	StaticDir   string
	OutDir      string
	BaseURL     string
	// Strict turns every missing translation into an error.
	Strict bool
	// Workers is the number of pages rendered at once; 0 means one per CPU.
	Workers int
}

// Result describes a finished build.
type Result struct {
	Pages    int      // HTML pages written
	Files    int      // every file written
	Langs    []string // languages built
	Missing  []string // missing translations, one description each
	Duration time.Duration
}

// Inputs is everything a build reads, loaded and validated.
type Inputs struct {
	Codes   *codes.Set
	Catalog *i18n.Catalog
	Missing []string
}

// Load reads and validates the translations and the code data.
func Load(cfg Config) (*Inputs, error) {
	cat, err := i18n.Load(cfg.I18nDir)
	if err != nil {
		return nil, err
	}
	set, err := codes.Load(cfg.DataFile, cat.Langs)
	if err != nil {
		return nil, err
	}
	in := &Inputs{Codes: set, Catalog: cat}
	for _, lang := range cat.Langs[1:] {
		for _, key := range cat.Missing[lang] {
			in.Missing = append(in.Missing, fmt.Sprintf("%s: key %q is not translated", cat.File(lang), key))
		}
		for _, c := range set.Codes {
			for _, f := range codes.Fields {
				if _, fallback := c.Get(lang, f); fallback {
					in.Missing = append(in.Missing, fmt.Sprintf("%s:%d:%d: code %d: %s.%s is not translated", cfg.DataFile, c.Line, c.Col, c.Code, lang, f))
				}
			}
		}
	}
	return in, nil
}

// Run builds the site.
func Run(cfg Config) (*Result, error) {
	start := time.Now()
	in, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Strict && len(in.Missing) > 0 {
		return nil, fmt.Errorf("strict mode: %d missing translations:\n%s\n(translate them, or build without -strict to fall back to English)",
			len(in.Missing), strings.Join(in.Missing, "\n"))
	}
	assets, err := readAssets(cfg.StaticDir)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(assets))
	for _, a := range assets {
		names[a.name] = a.path
	}
	r, err := render.New(render.Config{
		TemplateDir: cfg.TemplateDir,
		Codes:       in.Codes,
		Catalog:     in.Catalog,
		BaseURL:     cfg.BaseURL,
		Assets:      names,
	})
	if err != nil {
		return nil, err
	}
	tree, err := output.New(cfg.OutDir)
	if err != nil {
		return nil, err
	}
	res, err := write(cfg, tree, r, in, assets)
	if err != nil {
		tree.Abort()
		return nil, err
	}
	if err := tree.Commit(); err != nil {
		return nil, err
	}
	res.Missing = in.Missing
	res.Duration = time.Since(start)
	return res, nil
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
		if err != nil {
			return fmt.Errorf("%s: cannot read the static folder: %w (set -static)", p, err)
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		sum := sha256.Sum256(data)
		ext := path.Ext(rel)
		hashed := "assets/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		out = append(out, asset{name: rel, path: hashed, data: data})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// write renders every page into tree with a pool of workers, then the
// sitemap and robots.txt.
func write(cfg Config, tree *output.Tree, r *render.Renderer, in *Inputs, assets []asset) (*Result, error) {
	res := &Result{Langs: in.Catalog.Langs}
	for _, a := range assets {
		if err := tree.Write(a.path, a.data); err != nil {
			return nil, err
		}
		res.Files++
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		n    int
		page site.Page
	}
	jobs := make(chan job, workers*4)
	var (
		mu       sync.Mutex
		firstErr error
		errAt    = -1
		failed   bool
		wg       sync.WaitGroup
	)
	fail := func(n int, err error) {
		mu.Lock()
		defer mu.Unlock()
		failed = true
		// Report the failure of the earliest page in plan order, so the
		// message does not depend on scheduling.
		if errAt < 0 || n < errAt {
			firstErr, errAt = err, n
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for j := range jobs {
				if err := r.RenderBytes(&buf, j.page); err != nil {
					fail(j.n, err)
					continue
				}
				if err := tree.Write(j.page.File(), buf.Bytes()); err != nil {
					fail(j.n, err)
				}
			}
		}()
	}
	var sm sitemap
	n := 0
	site.Plan(in.Codes, in.Catalog.Langs, func(p site.Page) bool {
		mu.Lock()
		stop := failed
		mu.Unlock()
		if stop {
			return false
		}
		jobs <- job{n: n, page: p}
		n++
		if p.Kind != site.NotFound {
			sm.add(r, p)
		}
		return true
	})
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	res.Pages = n
	res.Files += n
	files, err := sm.files(r)
	if err != nil {
		return nil, err
	}
	files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.URL("sitemap.xml") + "\n")
	for name, body := range files {
		if err := tree.Write(name, body); err != nil {
			return nil, err
		}
		res.Files++
	}
	return res, nil
}

// maxSitemapURLs is the sitemaps.org limit of URLs in one file.
const maxSitemapURLs = 50000

// files returns sitemap.xml, or for a site over the limit of one file,
// sitemap.xml as an index of sitemap-1.xml, sitemap-2.xml, ...
func (s *sitemap) files(r *render.Renderer) (map[string][]byte, error) {
	if len(s.URLs) <= maxSitemapURLs {
		data, err := marshalXML(s.withNS())
		return map[string][]byte{"sitemap.xml": data}, err
	}
	out := map[string][]byte{}
	index := sitemapIndex{NS: sitemapNS}
	for i := 0; i*maxSitemapURLs < len(s.URLs); i++ {
		part := &sitemap{URLs: s.URLs[i*maxSitemapURLs : min((i+1)*maxSitemapURLs, len(s.URLs))]}
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		data, err := marshalXML(part.withNS())
		if err != nil {
			return nil, err
		}
		out[name] = data
		index.Sitemaps = append(index.Sitemaps, sitemapRef{Loc: r.URL(name)})
	}
	data, err := marshalXML(&index)
	out["sitemap.xml"] = data
	return out, err
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc string `xml:"loc"`
}

// sitemap is a sitemaps.org urlset with hreflang alternates
// (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
type sitemap struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc   string        `xml:"loc"`
	Links []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func (s *sitemap) add(r *render.Renderer, p site.Page) {
	u := sitemapURL{Loc: r.URL(p.Path)}
	if p.Kind != site.Chooser {
		for _, alt := range r.Alternates(p) {
			u.Links = append(u.Links, sitemapLink{Rel: "alternate", Hreflang: alt.Lang, Href: alt.URL})
		}
		if x := r.XDefault(p); x != "" {
			u.Links = append(u.Links, sitemapLink{Rel: "alternate", Hreflang: "x-default", Href: x})
		}
	}
	s.URLs = append(s.URLs, u)
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

func (s *sitemap) withNS() *sitemap {
	s.NS, s.XHTML = sitemapNS, "http://www.w3.org/1999/xhtml"
	return s
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
