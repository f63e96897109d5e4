package render

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"smtpcodes/internal/site"
)

// TestMinifiedTemplates renders every page of the fixture from the
// minified templates and from the templates as written: each page must
// parse to the same document, the same elements with the same attributes
// and the same text, where whitespace between blocks and runs of
// whitespace count for nothing and default attribute values (a button's
// type=submit) may go. The minifier may change bytes, never what a reader
// or a crawler gets.
func TestMinifiedTemplates(t *testing.T) {
	small, set, cat := fixtureRenderer(t, nil)
	plain, _, _ := fixtureRenderer(t, func(c *Config) { c.noMinify = true })
	n, saved := 0, 0
	site.Plan(set, cat.Langs, func(p site.Page) bool {
		var a, b bytes.Buffer
		if err := small.Render(&a, p); err != nil {
			t.Fatal(err)
		}
		if err := plain.Render(&b, p); err != nil {
			t.Fatal(err)
		}
		da, db := documentOf(t, a.Bytes()), documentOf(t, b.Bytes())
		if da != db {
			i := 0
			for i < len(da) && i < len(db) && da[i] == db[i] {
				i++
			}
			lo := max(0, i-120)
			t.Errorf("%s: the minified templates make another document:\nminified: …%s\nas written: …%s", p.File(), da[lo:min(len(da), i+120)], db[lo:min(len(db), i+120)])
		}
		saved += b.Len() - a.Len()
		n++
		return true
	})
	if saved <= 0 {
		t.Errorf("the minified pages are %d bytes lighter in all; the minifier did nothing", saved)
	}
	t.Logf("%d pages, %d bytes lighter in all", n, saved)
}

// blockElements are the elements whose boundaries whitespace next to
// them does not show at.
var blockElements = []string{"html", "head", "body", "title", "meta", "link", "script", "p", "div", "section", "article", "header", "footer", "nav", "main", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "pre", "figure", "figcaption", "form", "label", "button", "textarea", "select", "option", "details", "summary"}

var (
	spaces     = regexp.MustCompile(`\s+`)
	atBoundary = regexp.MustCompile(` ?\| ?`)
)

// documentOf writes the parsed document of page as text: "|" marks a
// block boundary, whitespace is collapsed and dropped at boundaries.
func documentOf(t *testing.T, page []byte) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		block := n.Type == html.ElementNode && slices.Contains(blockElements, n.Data)
		switch n.Type {
		case html.TextNode:
			if !pre {
				b.WriteString(spaces.ReplaceAllString(n.Data, " "))
			} else {
				b.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			var attrs []string
			for _, a := range n.Attr {
				if n.Data == "button" && a.Key == "type" && a.Val == "submit" {
					continue
				}
				v := strings.ReplaceAll(spaces.ReplaceAllString(a.Val, " "), ", ", ",")
				attrs = append(attrs, a.Key+"="+v)
			}
			slices.Sort(attrs)
			if block {
				b.WriteString("|")
			}
			b.WriteString("<" + n.Data + " " + strings.Join(attrs, " ") + ">")
			if block {
				b.WriteString("|")
			}
			pre = pre || n.Data == "pre" || n.Data == "script" || n.Data == "textarea"
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
		if n.Type == html.ElementNode {
			if block {
				b.WriteString("|")
			}
			b.WriteString("</" + n.Data + ">")
			if block {
				b.WriteString("|")
			}
		}
	}
	walk(doc, false)
	return atBoundary.ReplaceAllString(b.String(), "|")
}
