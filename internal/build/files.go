package build

// The files of a build, listed once: planFiles keys every page and makes
// every other file (outputs), and the path check, the "nothing changed"
// check and the writing all read that one list.

import (
	"crypto/sha256"
	"encoding/binary"
	"iter"
	"path/filepath"
	"runtime"
	"sync"

	"smtpcodes/internal/api"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// files is every file of a build with its key.
type files struct {
	// pages holds the key of each page, in plan order (site.PlanWith):
	// a build plans its pages again in that order to write them, and a
	// list of keys takes a small part of the memory of a map by path.
	pages []output.Key
	// keys holds the key of every other file, by path.
	keys map[string]output.Key
	// sitemap is the files of the sitemap's URLs, written as the pages
	// are (sitemapWriter).
	sitemap []sitemapPart
	// others are the files besides the pages and the sitemap's URLs, in
	// the order written.
	others []file
}

// file is a file of the site that is neither a page nor one of the
// sitemap's URLs.
type file struct {
	site.Output
	key output.Key
	// data is the file's content; make, where set, makes it: planFiles
	// makes it into data to key the file, and write lets it go once the
	// file is written, ahead of the pages, so that the large files made
	// from the data (the JSON data of each language) are made once and
	// not held while the pages render.
	data []byte
	make func() ([]byte, error)
}

// contentKey is the key of a file made from nothing but its bytes.
func contentKey(name string, data []byte) output.Key {
	h := sha256.New()
	h.Write(binary.AppendUvarint(nil, uint64(len(name))))
	h.Write([]byte(name))
	h.Write(data)
	return output.Key(h.Sum(nil))
}

// plannedPage is a page as planned: its key and its place in the sitemap.
type plannedPage struct {
	page site.Page
	key  output.Key
	plannedEntry
}

// plannedEntry is whether a page is in the sitemap and, if it is, the
// size and hash of its entry there.
type plannedEntry struct {
	listed bool
	entry  sitemapEntrySum
}

// planBatch is how many pages are planned at a time.
const planBatch = 512

// planFiles keys every page of the build and makes every other file.
func planFiles(cfg Config, in *Inputs, assets []asset, r *render.Renderer) (*files, error) {
	list := &files{pages: make([]output.Key, 0, pageCount(cfg, in)), keys: make(map[string]output.Key, len(assets)+len(in.Catalog.Langs)+10)}
	// The files besides the pages are keyed side by side with the pages,
	// and the JSON data of each language is made to key it; the sitemap's
	// index and the host files, made from the plan, are keyed after it.
	others := outputs(cfg, in, assets, r)
	errs := make([]error, len(others))
	var keying sync.WaitGroup
	key := func(i int) {
		f := &others[i]
		if f.make != nil {
			f.data, errs[i] = f.make()
		}
		f.key = contentKey(f.File, f.data)
	}
	for i := range others {
		keying.Go(func() { key(i) })
	}
	sitemap := sitemapPlan{program: r.Program()}
	cfg.Cache.planned.Begin()
	// The pages are planned in batches: one goroutine lists them while the
	// batch before is keyed and measured for the sitemap side by side, and
	// each batch is then recorded in plan order.
	batches := make(chan []plannedPage, 2)
	go func() {
		defer close(batches)
		batch := make([]plannedPage, 0, planBatch)
		site.PlanWith(in.Codes, in.Catalog.Langs, cfg.Pairs, func(p site.Page) bool {
			batch = append(batch, plannedPage{page: p})
			if len(batch) == planBatch {
				batches <- batch
				batch = make([]plannedPage, 0, planBatch)
			}
			return true
		})
		batches <- batch
	}()
	workers := runtime.GOMAXPROCS(0)
	entries := make([][]byte, workers) // each worker's buffer
	for batch := range batches {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				entry := entries[w][:0]
				for i := w; i < len(batch); i += workers {
					b := &batch[i]
					b.key = r.Key(b.page)
					if e, ok := cfg.Cache.planned.Get(b.key); ok {
						b.plannedEntry = e
						continue
					}
					if b.listed = inSitemap(r, b.page); b.listed {
						entry = sitemapEntry(entry[:0], r, b.page)
						b.entry = sitemapEntrySum{size: len(entry), sum: sha256.Sum256(entry)}
					}
					cfg.Cache.planned.Put(b.key, b.plannedEntry)
				}
				entries[w] = entry
			})
		}
		wg.Wait()
		for _, b := range batch {
			list.pages = append(list.pages, b.key)
			if b.listed {
				sitemap.add(b.entry)
			}
		}
	}
	var index []byte
	list.sitemap, index = sitemap.done(r)
	for _, part := range list.sitemap {
		list.keys[part.file] = part.key
	}
	keying.Wait()
	planned := len(others)
	others = planOutputs(cfg, in, others, list.sitemap, index)
	errs = append(errs, make([]error, len(others)-planned)...)
	for i := planned; i < len(others); i++ {
		key(i)
	}
	for i, f := range others {
		if errs[i] != nil {
			return nil, errs[i]
		}
		list.keys[f.File] = f.key
	}
	list.others = others
	return list, nil
}

// outputs lists every file a build writes besides the pages and the
// sitemap's URLs (sitemapPlan), with its content: the assets, robots.txt,
// the JSON data and, once the pages are planned, what planOutputs adds
// (the sitemap's index and the host files). A file added to the build
// belongs here, or there.
func outputs(cfg Config, in *Inputs, assets []asset, r *render.Renderer) []file {
	langs := in.Catalog.Langs
	out := make([]file, 0, len(assets)+len(langs)+5)
	for _, a := range assets {
		out = append(out, file{Output: site.Output{File: a.path, From: filepath.Join(cfg.StaticDir, filepath.FromSlash(a.name))}, data: a.data})
	}
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.URL(site.SitemapFile) + "\n"
	out = append(out, file{Output: site.Output{File: site.RobotsFile}, data: []byte(robots)})
	out = append(out, file{Output: site.Output{File: site.SchemaPath}, data: api.Schema})
	for _, lang := range langs {
		out = append(out, file{Output: site.Output{File: site.APIPath(lang)}, make: func() ([]byte, error) {
			return api.Build(in.Codes, in.Catalog, lang,
				func(c *codes.Code) string { return r.URL(site.CodePath(lang, c)) },
				func(e *codes.Enhanced) string { return r.URL(site.EnhancedPath(lang, e)) },
				r.URL(site.SchemaPath))
		}})
	}
	return out
}

// planOutputs adds to out, the files of outputs, those made from the plan
// of the pages: the sitemap's index (index, when the sitemap has more
// than one file of URLs), then the host files, last: _headers names the
// top-level folders of all the others.
func planOutputs(cfg Config, in *Inputs, out []file, sitemap []sitemapPart, index []byte) []file {
	if index != nil {
		out = append(out, file{Output: site.Output{File: site.SitemapFile}, data: index})
	}
	named := make([]site.Output, 0, len(out)+len(sitemap))
	for _, f := range out {
		named = append(named, f.Output)
	}
	for _, part := range sitemap {
		named = append(named, site.Output{File: part.file})
	}
	return append(out, file{Output: site.Output{File: site.HeadersFile}, data: headersText(cfg, in, named)})
}

// count is the number of files of the list.
func (list *files) count() int { return len(list.pages) + len(list.keys) }

// all yields every file of the list with its key: the pages, planned
// again, then the others.
func (list *files) all(cfg Config, in *Inputs) iter.Seq2[string, output.Key] {
	return func(yield func(string, output.Key) bool) {
		n, more := 0, true
		site.PlanWith(in.Codes, in.Catalog.Langs, cfg.Pairs, func(p site.Page) bool {
			if n < len(list.pages) {
				more = yield(p.File(), list.pages[n])
			}
			n++
			return more
		})
		if !more || n != len(list.pages) {
			if more {
				yield("", output.Key{}) // planned otherwise: never current
			}
			return
		}
		for rel, key := range list.keys {
			if !yield(rel, key) {
				return
			}
		}
	}
}

// outputsOf returns the files of the list besides the pages, for site.Check.
func (list *files) outputsOf() []site.Output {
	out := make([]site.Output, 0, len(list.others)+len(list.sitemap))
	for _, f := range list.others {
		out = append(out, f.Output)
	}
	for _, part := range list.sitemap {
		out = append(out, site.Output{File: part.file})
	}
	return out
}
