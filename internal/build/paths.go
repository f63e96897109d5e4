package build

import (
	"fmt"
	"path/filepath"

	"smtpcodes/internal/api"
	"smtpcodes/internal/site"
)

// checkPaths refuses, before anything is written, a build in which two
// pages, or a page and another output file, would be written to one file
// (site.Check): one would silently overwrite the other.
func checkPaths(cfg Config, in *Inputs, assets []asset) error {
	langs := in.Catalog.Langs
	others := make([]site.Output, 0, len(assets)+len(langs)+4)
	for _, a := range assets {
		others = append(others, site.Output{File: a.path, From: filepath.Join(cfg.StaticDir, filepath.FromSlash(a.name))})
	}
	others = append(others, site.Output{File: "robots.txt"}, site.Output{File: "sitemap.xml"}, site.Output{File: api.SchemaPath})
	if total := site.PageCount(len(in.Codes.Codes), len(in.Codes.Enhanced), len(langs)) - 1; total > maxSitemapURLs {
		for i := 1; i <= (total+maxSitemapURLs-1)/maxSitemapURLs; i++ {
			others = append(others, site.Output{File: fmt.Sprintf("sitemap-%d.xml", i)})
		}
	}
	for _, lang := range langs {
		others = append(others, site.Output{File: api.Path(lang)})
	}
	return site.Check(cfg.DataFile, in.Codes, langs, others)
}
