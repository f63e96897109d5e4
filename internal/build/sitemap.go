package build

// The sitemap, streamed as the pages are planned.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// sitemapWriter streams a sitemaps.org urlset with hreflang alternates
// (one xhtml:link per language and x-default) as pages are planned, so the
// sitemap of a site of any size is never held in memory. A site of over
// 50,000 pages gets sitemap-1.xml, sitemap-2.xml, ... and sitemap.xml as
// their index.
type sitemapWriter struct {
	tree  *output.Tree
	r     *render.Renderer
	parts []string // the files of a split sitemap (site.SitemapParts)
	n     int      // parts begun
	count int      // URLs in the current file
	cur   *output.Stream
	key   output.Key
}

// newSitemapWriter starts the sitemap of a site of urls URLs (pages that
// inSitemap admits), with the files' key.
func newSitemapWriter(tree *output.Tree, r *render.Renderer, urls int, key output.Key) *sitemapWriter {
	return &sitemapWriter{tree: tree, r: r, parts: site.SitemapParts(urls), key: key}
}

// inSitemap reports whether the sitemap lists page p: a page offered to
// search engines, in a language it is translated into (see
// render.Translated).
func inSitemap(r *render.Renderer, p site.Page) bool {
	return p.Kind.Info().Listed && (p.Lang == "" || r.Translated(p, p.Lang))
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// add lists page p, which inSitemap admits.
func (s *sitemapWriter) add(p site.Page) error {
	if s.cur == nil || s.count == site.MaxSitemapURLs {
		if err := s.closePart(); err != nil {
			return err
		}
		name := site.SitemapFile
		if len(s.parts) > 0 {
			if s.n == len(s.parts) {
				return fmt.Errorf("internal error: the sitemap has more URLs than the %d parts planned", len(s.parts))
			}
			name = s.parts[s.n]
			s.n++
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
	xmlText(w, s.r.URL(p.Path))
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
	xmlText(w, lang)
	io.WriteString(w, `" href="`)
	xmlText(w, href)
	io.WriteString(w, "\"/>\n")
}

// xmlText writes s escaped as XML text. Most URLs need no escaping, and
// are written as they are, without xml.EscapeText's copy.
func xmlText(w io.Writer, s string) {
	if strings.ContainsAny(s, "&<>\"'\t\n\r") || !utf8.ValidString(s) {
		xml.EscapeText(w, []byte(s))
		return
	}
	io.WriteString(w, s)
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
	if len(s.parts) == 0 {
		return nil
	}
	if s.n != len(s.parts) {
		return fmt.Errorf("internal error: the sitemap filled %d of the %d parts planned", s.n, len(s.parts))
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	for _, part := range s.parts {
		b.WriteString(" <sitemap><loc>")
		xmlText(&b, s.r.URL(part))
		b.WriteString("</loc></sitemap>\n")
	}
	b.WriteString("</sitemapindex>\n")
	return s.tree.Write(site.SitemapFile, s.key, b.Bytes())
}
