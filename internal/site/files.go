package site

import (
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// The files of the site besides its pages, relative to the site root.
const (
	NotFoundFile = "404.html"           // the 404 page, which hosts serve for a missing path
	RobotsFile   = "robots.txt"         // robots.txt, naming the sitemap
	SitemapFile  = "sitemap.xml"        // the sitemap, or the index of its parts
	SchemaPath   = "api/v1/schema.json" // the JSON Schema of the JSON data
	HeadersFile  = "_headers"           // response headers for Netlify and Cloudflare Pages
	AssetsDir    = "assets/"            // the content-hashed copies of static/
)

// APIPath is the JSON data of every code in a language.
func APIPath(lang string) string { return "api/v1/" + lang + "/codes.json" }

// MaxSitemapURLs is the sitemaps.org limit of URLs in one file.
const MaxSitemapURLs = 50000

// SitemapParts returns the files a sitemap of n URLs is split into, in
// order, or none when SitemapFile holds them all; when split, SitemapFile
// is their index.
func SitemapParts(n int) []string {
	if n <= MaxSitemapURLs {
		return nil
	}
	parts := make([]string, (n+MaxSitemapURLs-1)/MaxSitemapURLs)
	for i := range parts {
		parts[i] = "sitemap-" + strconv.Itoa(i+1) + ".xml"
	}
	return parts
}

// AssetPath is the path of a file of static/ (name, slash-separated)
// whose content hashes to sum: "assets/style.3f9a1c2b7d.css". The name
// changes with the content, so hosts may cache the file forever.
func AssetPath(name string, sum []byte) string {
	ext := path.Ext(name)
	return AssetsDir + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
}

// Base is the root of the site: the absolute URL it is served from.
type Base struct {
	url  string // "https://example.org/docs/smtp/"
	path string // "/docs/smtp/"
}

// ParseBase returns the Base of an absolute URL ending in "/". (The build
// checks the URL in full, with its reasons, before it gets here.)
func ParseBase(raw string) (Base, error) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || !strings.HasSuffix(u.Path, "/") {
		return Base{}, fmt.Errorf("base URL %q must be absolute and end with a slash, like https://example.org/docs/smtp/", raw)
	}
	return Base{url: raw, path: u.Path}, nil
}

// URL returns the absolute URL of a path relative to the site root.
func (b Base) URL(rel string) string { return b.url + rel }

// Href returns the link to a path relative to the site root: the path
// with the base path before it, for links within the site.
func (b Base) Href(rel string) string { return b.path + rel }
