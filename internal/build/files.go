package build

// The files of a build, listed once: planFiles keys every page and makes
// every other file (outputs), and the path check, the "nothing changed"
// check and the writing all read that one list.

import (
	"crypto/sha256"
	"encoding/binary"
	"path/filepath"

	"smtpcodes/internal/api"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// files is every file of a build with its key.
type files struct {
	keys  map[string]output.Key // every file, pages included
	pages int
	// sitemaps is the number of files of the sitemap's URLs (one, or the
	// parts its index lists).
	sitemaps int
	// others are the files besides the pages, in the order written.
	others []file
}

// file is a file of the site that is not a page.
type file struct {
	site.Output
	key output.Key
	// data is the file's content; make, where set, makes it instead,
	// once to key the file and again to write it, so that the large
	// files made from the data (the JSON data of each language) are not
	// all held for the length of the build. The files of the sitemap
	// have neither: they are streamed as the pages are planned.
	data []byte
	make func() ([]byte, error)
}

// streamed reports a file of the sitemap, written as the pages are planned.
func (f file) streamed() bool { return f.data == nil && f.make == nil }

// content returns the file's bytes.
func (f file) content() ([]byte, error) {
	if f.make != nil {
		return f.make()
	}
	return f.data, nil
}

// contentKey is the key of a file made from nothing but its bytes.
func contentKey(name string, data []byte) output.Key {
	h := sha256.New()
	h.Write(binary.AppendUvarint(nil, uint64(len(name))))
	h.Write([]byte(name))
	h.Write(data)
	return output.Key(h.Sum(nil))
}

// planFiles keys every page of the build and makes every other file.
func planFiles(cfg Config, in *Inputs, assets []asset, r *render.Renderer) (*files, error) {
	list := &files{keys: make(map[string]output.Key, pageCount(cfg, in)+len(assets)+len(in.Catalog.Langs)+5)}
	// The sitemap lists every page's URL and alternates, which the keys
	// of the pages it lists cover.
	sitemap := sha256.New()
	sitemap.Write([]byte(site.SitemapFile))
	var split site.SitemapSplitter
	var entry []byte
	site.PlanWith(in.Codes, in.Catalog.Langs, cfg.Pairs, func(p site.Page) bool {
		key := r.Key(p)
		list.keys[p.File()] = key
		list.pages++
		if inSitemap(r, p) {
			entry = sitemapEntry(entry[:0], r, p)
			split.Next(len(entry))
			sitemap.Write(key[:])
		}
		return true
	})
	list.sitemaps = split.Parts()
	others := outputs(cfg, in, assets, r, list.sitemaps)
	sitemapKey := output.Key(sitemap.Sum(nil))
	for i, f := range others {
		if f.streamed() {
			others[i].key = sitemapKey
		} else {
			data, err := f.content()
			if err != nil {
				return nil, err
			}
			others[i].key = contentKey(f.File, data)
		}
		list.keys[f.File] = others[i].key
	}
	list.others = others
	return list, nil
}

// outputs lists every file a build writes besides the pages, with its
// content: the assets, robots.txt, the sitemap (in sitemaps files, an
// index and its parts when more than one; site.SitemapSplitter), the JSON
// data and the host files. A file added to the build belongs here, and only here.
func outputs(cfg Config, in *Inputs, assets []asset, r *render.Renderer, sitemaps int) []file {
	langs := in.Catalog.Langs
	out := make([]file, 0, len(assets)+len(langs)+5)
	for _, a := range assets {
		out = append(out, file{Output: site.Output{File: a.path, From: filepath.Join(cfg.StaticDir, filepath.FromSlash(a.name))}, data: a.data})
	}
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.URL(site.SitemapFile) + "\n"
	out = append(out, file{Output: site.Output{File: site.RobotsFile}, data: []byte(robots)})
	out = append(out, file{Output: site.Output{File: site.SitemapFile}})
	for _, part := range site.SitemapParts(sitemaps) {
		out = append(out, file{Output: site.Output{File: part}})
	}
	out = append(out, file{Output: site.Output{File: site.SchemaPath}, data: api.Schema})
	for _, lang := range langs {
		out = append(out, file{Output: site.Output{File: site.APIPath(lang)}, make: func() ([]byte, error) {
			return api.Build(in.Codes, in.Catalog, lang,
				func(c *codes.Code) string { return r.URL(site.CodePath(lang, c)) },
				func(e *codes.Enhanced) string { return r.URL(site.EnhancedPath(lang, e)) },
				r.URL(site.SchemaPath))
		}})
	}
	// The host files last: _headers names the top-level folders of all
	// the others.
	out = append(out, file{Output: site.Output{File: site.HeadersFile}, data: headersText(cfg, in, out)})
	return out
}

// outputsOf returns the files of the list besides the pages, for site.Check.
func (list *files) outputsOf() []site.Output {
	out := make([]site.Output, len(list.others))
	for i, f := range list.others {
		out[i] = f.Output
	}
	return out
}
