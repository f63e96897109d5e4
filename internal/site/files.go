package site

import (
	"bytes"
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

// MaxSitemapBytes is the most one file of the sitemap holds: well under
// the 50 MB of sitemaps.org and the 25 MiB per file of Cloudflare Pages.
// Each URL lists an alternate per language, so with eight languages the
// sitemap of every page is over 25 MiB in one file.
const MaxSitemapBytes = 10 << 20

// SitemapSplitter decides, entry after entry, where the sitemap starts a
// new file: after MaxSitemapURLs entries, or before an entry that would
// take the file past MaxSitemapBytes (its header and end included). The
// planner and the writer of the sitemap each run one over the same
// entries, so they agree on the files.
type SitemapSplitter struct {
	urls, bytes int
	parts       int
}

// sitemapFrame is room for a file's XML declaration, urlset element and end.
const sitemapFrame = 512

// Next takes an entry of size bytes and reports whether it starts a file.
func (s *SitemapSplitter) Next(size int) bool {
	start := s.parts == 0 || s.urls == MaxSitemapURLs || s.bytes+size > MaxSitemapBytes-sitemapFrame
	if start {
		s.parts++
		s.urls, s.bytes = 0, 0
	}
	s.urls++
	s.bytes += size
	return start
}

// Parts is the number of files begun so far.
func (s *SitemapSplitter) Parts() int { return s.parts }

// SitemapParts returns the files a sitemap of n files is split into, in
// order, or none when SitemapFile holds it all; when split, SitemapFile
// is their index.
func SitemapParts(n int) []string {
	if n <= 1 {
		return nil
	}
	parts := make([]string, n)
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

// Relative appends page to dst with each link of its href and src
// attributes that starts with the base path written relative to the
// folder of file, the page's output file, where that is shorter: "../550-vs-552/" for "/vi/smtp/550-vs-552/".
// Pages so weigh the same under any base path, and a site moved to
// another path keeps its links. A page served at any address (the 404
// page) keeps its links from the root.
//
// It reads the page's tags as HTML does, so an attribute is found whether
// its value is quoted or not (the minified templates write href=/vi/), and
// nothing else is: text reaches a page with "<" escaped, so "href=" in
// text, in another attribute's value or in a script is never taken for a
// link.
func (b Base) Relative(dst, page []byte, file string) []byte {
	if !hasLink(page) {
		return append(dst, page...) // no link to rewrite: most of a page's own pieces
	}
	dir := path.Dir(file) + "/"
	if dir == "./" {
		dir = ""
	}
	done := 0 // page[:done] is in dst
	for i := 0; ; {
		lt := bytes.IndexByte(page[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		if bytes.HasPrefix(page[i:], []byte("!--")) {
			end := bytes.Index(page[i:], []byte("-->"))
			if end < 0 {
				break
			}
			i += end
			continue
		}
		if i >= len(page) || !isLetter(page[i]) {
			continue // "<!doctype", "<!--", "</p>": no attributes to read
		}
		name := i
		for i < len(page) && !isSpace(page[i]) && page[i] != '>' && page[i] != '/' {
			i++
		}
		tag := page[name:i]
		// The attributes, up to the end of the tag.
		for i < len(page) && page[i] != '>' {
			if isSpace(page[i]) || page[i] == '/' {
				i++
				continue
			}
			an := i
			for i < len(page) && !isSpace(page[i]) && page[i] != '=' && page[i] != '>' && page[i] != '/' {
				i++
			}
			attr := page[an:i]
			if i >= len(page) || page[i] != '=' {
				continue // an attribute with no value
			}
			i++
			v, end := i, i
			if i < len(page) && (page[i] == '"' || page[i] == '\'') {
				v++
				q := bytes.IndexByte(page[v:], page[i])
				if q < 0 {
					return append(dst, page[done:]...)
				}
				end, i = v+q, v+q+1
			} else {
				for i < len(page) && !isSpace(page[i]) && page[i] != '>' {
					i++
				}
				end = i
			}
			if (string(attr) == "href" || string(attr) == "src") && bytes.HasPrefix(page[v:end], []byte(b.path)) &&
				!bytes.HasPrefix(page[v:end], []byte("//")) {
				n := len(dst)
				dst = append(dst, page[done:v]...)
				var ok bool
				if dst, ok = appendRel(dst, dir, page[v+len(b.path):end], end-v); ok {
					done = end
				} else {
					dst = dst[:n]
				}
			}
		}
		if string(tag) == "script" || string(tag) == "style" {
			// Raw text: up to its end tag, nothing in it is a tag.
			close := bytes.Index(page[i:], []byte("</"+string(tag)))
			if close < 0 {
				break
			}
			i += close
		}
	}
	return append(dst, page[done:]...)
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// appendRel appends to dst the relative reference from folder dir to
// target, both relative to the site root (target may end in a query or
// fragment), if it is shorter than n bytes, and reports whether it was.
// It allocates nothing: a page has dozens of links to weigh.
func appendRel(dst []byte, dir string, target []byte, n int) ([]byte, bool) {
	p, suffix := target, []byte(nil)
	if i := bytes.IndexAny(target, "?#"); i >= 0 {
		p, suffix = target[:i], target[i:]
	}
	// The folders dir and p start with, whole: p[:common].
	common := 0
	for common < len(dir) {
		seg := dir[common : common+strings.IndexByte(dir[common:], '/')+1]
		if len(p)-common < len(seg) || string(p[common:common+len(seg)]) != seg {
			break
		}
		common += len(seg)
	}
	ups, rest := strings.Count(dir[common:], "/"), p[common:]
	if ups == 0 && len(rest) == 0 && len(suffix) > 0 && suffix[0] == '#' {
		// A place in the page itself.
		if len(suffix) >= n {
			return dst, false
		}
		return append(dst, suffix...), true
	}
	// The folder itself, or a first segment read as a scheme, starts
	// with "./".
	first := rest
	if i := bytes.IndexByte(rest, '/'); i >= 0 {
		first = rest[:i]
	}
	dot := ups == 0 && (len(rest) == 0 || bytes.IndexByte(first, ':') >= 0)
	size := 3*ups + len(rest) + len(suffix)
	if dot {
		size += 2
	}
	if size >= n {
		return dst, false
	}
	if dot {
		dst = append(dst, "./"...)
	}
	for range ups {
		dst = append(dst, "../"...)
	}
	return append(append(dst, rest...), suffix...), true
}

// hasLink reports whether page holds "href=" or "src=": whether it has an
// "=" after one of the names. An "=" is rarer in a page than their first
// letters, so one pass that stops at each "=" is quicker than a search for
// each name.
func hasLink(page []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '=')
		if j < 0 {
			return false
		}
		j += i
		if j >= 4 && string(page[j-4:j]) == "href" || j >= 3 && string(page[j-3:j]) == "src" {
			return true
		}
		i = j + 1
	}
}

// MayRewrite reports whether Relative could change page: whether an
// attribute's value in it may start with the base's path, as each value
// Relative rewrites does, right after its "=" and any quote. A page with
// none is its own relative form from any folder.
func (b Base) MayRewrite(page []byte) bool {
	for _, q := range []string{"=", `="`, "='"} {
		if bytes.Contains(page, []byte(q+b.path)) {
			return true
		}
	}
	return false
}
