package build

// The sitemap: planned with the pages, each of its files keyed by what it
// lists, and streamed as the pages are written.

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"fmt"
	"hash"
	"unicode/utf8"

	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// A sitemaps.org urlset with hreflang alternates (one xhtml:link per
// language and x-default) lists every page offered to search engines. A
// sitemap over 50,000 URLs or 10 MiB (site.SitemapSplitter) is split into
// sitemap-1.xml, sitemap-2.xml, ... with sitemap.xml as their index.
//
// The planner measures every entry to split the sitemap and keys each file
// of URLs by the entries it holds (sitemapPlan), so a change to a page's
// text, which changes no URL, leaves every file of the sitemap as it was:
// such a file is carried over, and its entries not even made again.

// sitemapPart is a file of the sitemap's URLs, as planned.
type sitemapPart struct {
	file    string
	key     output.Key
	entries int
}

// sitemapPlan splits the sitemap as the pages are planned, one entry at a
// time, and keys its files: a file's key is the hash of its entries'
// hashes, which the planner makes side by side.
type sitemapPlan struct {
	program []byte // Renderer.Program: the code that writes the markup
	split   site.SitemapSplitter
	parts   []sitemapPart
	h       hash.Hash // of the entries of the last part
}

// sitemapEntrySum is an entry of the sitemap (sitemapEntry) as planned:
// its size, and its hash, for the key of the file that lists it.
type sitemapEntrySum struct {
	size int
	sum  [sha256.Size]byte
}

// add plans the next entry, of a page inSitemap admits.
func (s *sitemapPlan) add(e sitemapEntrySum) {
	if s.split.Next(e.size) {
		s.finish()
		s.parts = append(s.parts, sitemapPart{})
		s.h = sha256.New()
	}
	s.h.Write(e.sum[:])
	s.parts[len(s.parts)-1].entries++
}

// finish keys the last part planned.
func (s *sitemapPlan) finish() {
	if s.h != nil {
		s.h.Write([]byte(sitemapVersion))
		s.h.Write(s.program)
		s.parts[len(s.parts)-1].key = output.Key(s.h.Sum(nil))
		s.h = nil
	}
}

// sitemapVersion and the program that writes the markup around the
// entries (urlsetStart) end what the key of a file of URLs covers besides
// its entries.
const sitemapVersion = "urlset 1"

// done names the files and returns them, with the sitemap's index when
// it has more than one (nil if not).
func (s *sitemapPlan) done(r *render.Renderer) (parts []sitemapPart, index []byte) {
	s.finish()
	names := site.SitemapParts(len(s.parts))
	for i := range s.parts {
		s.parts[i].file = site.SitemapFile
		if len(names) > 0 {
			s.parts[i].file = names[i]
		}
		s.parts[i].key = output.Key(sha256.Sum256(append([]byte(s.parts[i].file+"\x00"), s.parts[i].key[:]...)))
	}
	if len(names) == 0 {
		return s.parts, nil
	}
	b := []byte(xml.Header)
	b = append(b, `<sitemapindex xmlns="`+sitemapNS+`">`+"\n"...)
	for _, name := range names {
		b = append(b, " <sitemap><loc>"...)
		b = appendXMLText(b, r.URL(name))
		b = append(b, "</loc></sitemap>\n"...)
	}
	return s.parts, append(b, "</sitemapindex>\n"...)
}

// sitemapWriter writes the files of the sitemap's URLs as the pages are
// written, in the order planned, each unless the previous output has it
// under its key. The sitemap of a site of any size is never held in memory.
type sitemapWriter struct {
	tree  *output.Tree
	r     *render.Renderer
	parts []sitemapPart
	part  int  // the part of the next entry
	left  int  // entries of that part still to come
	skip  bool // that part is carried over
	entry []byte
	cur   *output.Stream
}

func newSitemapWriter(tree *output.Tree, r *render.Renderer, parts []sitemapPart) *sitemapWriter {
	return &sitemapWriter{tree: tree, r: r, parts: parts, part: -1}
}

// inSitemap reports whether the sitemap lists page p: a page offered to
// search engines, in a language it is translated into (see
// render.Translated).
func inSitemap(r *render.Renderer, p site.Page) bool {
	return p.Kind.Info().Listed && (p.Lang == "" || r.Translated(p, p.Lang))
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

const urlsetStart = `<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n"

// add lists page p, which inSitemap admits, in its part.
func (s *sitemapWriter) add(p site.Page) error {
	if s.left == 0 {
		if err := s.closePart(); err != nil {
			return err
		}
		s.part++
		if s.part >= len(s.parts) {
			return fmt.Errorf("internal error: the sitemap lists more pages than the %d files planned hold", len(s.parts))
		}
		next := s.parts[s.part]
		s.left = next.entries
		s.skip = s.tree.Reuse(next.file, next.key)
		if !s.skip {
			f, err := s.tree.Create(next.file, next.key)
			if err != nil {
				return err
			}
			s.cur = f
			f.WriteString(xml.Header)
			f.WriteString(urlsetStart)
		}
	}
	s.left--
	if s.skip {
		return nil
	}
	s.entry = sitemapEntry(s.entry[:0], s.r, p)
	_, err := s.cur.Write(s.entry)
	return err
}

// sitemapEntry appends the sitemap's entry for page p to dst: its URL and
// the alternates search engines may index.
func sitemapEntry(dst []byte, r *render.Renderer, p site.Page) []byte {
	dst = append(dst, " <url>\n  <loc>"...)
	dst = appendXMLText(dst, r.URL(p.Path))
	dst = append(dst, "</loc>\n"...)
	dst = r.AppendVersions(dst, p, appendLink)
	if x := r.XDefault(p); x != "" {
		dst = appendLink(dst, "x-default", []byte(x))
	}
	return append(dst, " </url>\n"...)
}

func appendLink(dst []byte, lang string, href []byte) []byte {
	dst = append(dst, `  <xhtml:link rel="alternate" hreflang="`...)
	dst = appendXMLText(dst, lang)
	dst = append(dst, `" href="`...)
	if xmlPlain(href) {
		dst = append(dst, href...)
	} else {
		dst = appendXMLText(dst, string(href))
	}
	return append(dst, "\"/>\n"...)
}

// appendXMLText appends s escaped as XML text. Most URLs need no
// escaping, and are appended as they are.
func appendXMLText(dst []byte, s string) []byte {
	if !xmlPlain([]byte(s)) {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return append(dst, b.Bytes()...)
	}
	return append(dst, s...)
}

// xmlPlain reports whether b is XML text as it is: valid UTF-8 without a
// character xml.EscapeText changes (a character XML escapes, a control
// character, or U+FFFE or U+FFFF, which XML does not allow). It looks at
// each byte of ASCII once: the sitemap's planning asks it of every
// alternate of every page.
func xmlPlain(b []byte) bool {
	ascii := true
	for _, c := range b {
		switch {
		case c < 0x20 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'':
			return false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return ascii || utf8.Valid(b) && !bytes.Contains(b, []byte("\uFFFE")) && !bytes.Contains(b, []byte("\uFFFF"))
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

// close ends the last part, and checks that every part planned was filled.
func (s *sitemapWriter) close() error {
	if err := s.closePart(); err != nil {
		return err
	}
	if s.part != len(s.parts)-1 || s.left != 0 {
		return fmt.Errorf("internal error: the sitemap filled %d of the %d files planned", s.part+1, len(s.parts))
	}
	return nil
}
