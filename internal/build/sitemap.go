package build

// The sitemap, streamed as the pages are planned.

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// sitemapWriter streams a sitemaps.org urlset with hreflang alternates
// (one xhtml:link per language and x-default) as pages are planned, so the
// sitemap of a site of any size is never held in memory. A sitemap over
// 50,000 URLs or 10 MiB (site.SitemapSplitter) is split into
// sitemap-1.xml, sitemap-2.xml, ... with sitemap.xml as their index.
type sitemapWriter struct {
	tree  *output.Tree
	r     *render.Renderer
	parts []string // the files of a split sitemap (site.SitemapParts)
	split site.SitemapSplitter
	entry []byte // the entry being written
	cur   *output.Stream
	key   output.Key
}

// newSitemapWriter starts the sitemap, in the files planned (site.SitemapParts
// of the planner's count), with the files' key.
func newSitemapWriter(tree *output.Tree, r *render.Renderer, files int, key output.Key) *sitemapWriter {
	return &sitemapWriter{tree: tree, r: r, parts: site.SitemapParts(files), key: key}
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
	s.entry = sitemapEntry(s.entry[:0], s.r, p)
	if s.split.Next(len(s.entry)) {
		if err := s.closePart(); err != nil {
			return err
		}
		name := site.SitemapFile
		if len(s.parts) > 0 {
			n := s.split.Parts()
			if n > len(s.parts) {
				return fmt.Errorf("internal error: the sitemap has more files than the %d planned", len(s.parts))
			}
			name = s.parts[n-1]
		}
		f, err := s.tree.Create(name, s.key)
		if err != nil {
			return err
		}
		s.cur = f
		f.WriteString(xml.Header)
		f.WriteString(`<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	}
	_, err := s.cur.Write(s.entry)
	return err
}

// sitemapEntry appends the sitemap's entry for page p to dst: its URL and
// the alternates search engines may index.
func sitemapEntry(dst []byte, r *render.Renderer, p site.Page) []byte {
	dst = append(dst, " <url>\n  <loc>"...)
	dst = appendXMLText(dst, r.URL(p.Path))
	dst = append(dst, "</loc>\n"...)
	for _, alt := range r.Alternates(p) {
		if alt.Indexed {
			dst = appendLink(dst, alt.Lang, alt.URL)
		}
	}
	if x := r.XDefault(p); x != "" {
		dst = appendLink(dst, "x-default", x)
	}
	return append(dst, " </url>\n"...)
}

func appendLink(dst []byte, lang, href string) []byte {
	dst = append(dst, `  <xhtml:link rel="alternate" hreflang="`...)
	dst = appendXMLText(dst, lang)
	dst = append(dst, `" href="`...)
	dst = appendXMLText(dst, href)
	return append(dst, "\"/>\n"...)
}

// appendXMLText appends s escaped as XML text. Most URLs need no
// escaping, and are appended as they are.
func appendXMLText(dst []byte, s string) []byte {
	if strings.ContainsAny(s, "&<>\"'\t\n\r") || !utf8.ValidString(s) {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return append(dst, b.Bytes()...)
	}
	return append(dst, s...)
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
	if s.split.Parts() != len(s.parts) {
		return fmt.Errorf("internal error: the sitemap filled %d of the %d files planned", s.split.Parts(), len(s.parts))
	}
	b := []byte(xml.Header)
	b = append(b, `<sitemapindex xmlns="`+sitemapNS+`">`+"\n"...)
	for _, part := range s.parts {
		b = append(b, " <sitemap><loc>"...)
		b = appendXMLText(b, s.r.URL(part))
		b = append(b, "</loc></sitemap>\n"...)
	}
	b = append(b, "</sitemapindex>\n"...)
	return s.tree.Write(site.SitemapFile, s.key, b)
}
