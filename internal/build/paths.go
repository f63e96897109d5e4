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
	return site.Check(cfg.DataFile, in.Codes, in.Catalog.Langs, outputs(cfg, in, assets))
}

// outputs lists every file a build writes besides the pages: the assets,
// robots.txt, the sitemap (in parts past 50,000 URLs), the JSON data and
// the host files. A file added to the build belongs here.
func outputs(cfg Config, in *Inputs, assets []asset) []site.Output {
	langs := in.Catalog.Langs
	others := make([]site.Output, 0, len(assets)+len(langs)+5)
	for _, a := range assets {
		others = append(others, site.Output{File: a.path, From: filepath.Join(cfg.StaticDir, filepath.FromSlash(a.name))})
	}
	others = append(others, site.Output{File: "robots.txt"}, site.Output{File: "sitemap.xml"}, site.Output{File: api.SchemaPath}, site.Output{File: headersFile})
	if total := pageCount(cfg, in) - 1; total > maxSitemapURLs {
		for i := 1; i <= (total+maxSitemapURLs-1)/maxSitemapURLs; i++ {
			others = append(others, site.Output{File: fmt.Sprintf("sitemap-%d.xml", i)})
		}
	}
	for _, lang := range langs {
		others = append(others, site.Output{File: api.Path(lang)})
	}
	return others
}
