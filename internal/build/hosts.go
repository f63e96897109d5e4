package build

import (
	"fmt"
	"iter"
	"net/url"
	"strings"

	"smtpcodes/internal/hosts"
	"smtpcodes/internal/site"
)

// headersText is the _headers file of a build (site.HeadersFile, for
// Netlify and Cloudflare Pages; package hosts): the security headers for
// the whole site, a long Cache-Control for the content-hashed assets and a
// short one for everything else, every path under the base URL's path;
// Strict-Transport-Security too when cfg.HSTS is set. others are the
// build's other files.
func headersText(cfg Config, in *Inputs, others []site.Output) []byte {
	u, _ := url.Parse(cfg.BaseURL) // checked before any build
	pages := []string{"", site.Page{Kind: site.NotFound}.File()}
	for _, lang := range in.Catalog.Langs {
		pages = append(pages, site.HomePath(lang))
	}
	var immutable []string
	for _, o := range others {
		top, _, folder := strings.Cut(o.File, "/")
		if folder {
			top += "/"
		}
		switch {
		case top == site.AssetsDir:
			immutable = append(immutable, top)
		default:
			pages = append(pages, top)
		}
	}
	return hosts.File(hosts.Rules(u.Path, cfg.HSTS, pages, immutable))
}

// pageCount is the number of pages a build of in yields.
func pageCount(cfg Config, in *Inputs) int { return cfg.Pairs.Count(in.Codes, in.Catalog.Langs) }

// report measures the site a build left in cfg.OutDir, from the files
// it lists with their sizes: its bytes, and a warning for each limit of a
// host it goes over (hosts.Limits), with what to do about it. A warning
// does not fail the build: the site is complete, and it fits other hosts.
func report(cfg Config, list *files, sizes iter.Seq2[string, int64], res *Result) *Result {
	var headers []byte
	for _, f := range list.others {
		if f.File == site.HeadersFile {
			headers = f.data
		}
	}
	st, err := hosts.MeasureFiles(sizes, headers)
	if err != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the site could not be measured against the hosts' limits: %v", err))
		return res
	}
	res.Bytes = st.Bytes
	for _, e := range hosts.Check(st) {
		w := e.String()
		switch {
		case e.Measure == hosts.FileBytes:
			w += "; make the file smaller or leave it out"
		case e.Measure == hosts.HeaderRules:
			w += "; the site has too many top-level folders (languages) for one rule each"
		case cfg.Pairs == site.AllPairs:
			w += "; set pairs: related in site.yaml for a site without most pair pages, or pick another host (README, Deploying)"
		default:
			w += "; pick another host (README, Deploying)"
		}
		res.Warnings = append(res.Warnings, w)
	}
	return res
}
