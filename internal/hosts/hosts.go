// Package hosts knows the static hosts the site is published on: the
// response headers every host should send, the _headers file that Netlify
// and Cloudflare Pages read, and each host's limits.
//
// The Content-Security-Policy is defined here once. Every page carries
// Policy in a <meta http-equiv> element (render reads it from here), so
// that GitHub Pages, which cannot set response headers, enforces it too;
// hosts that read _headers send HeaderPolicy, which is Policy plus
// frame-ancestors 'none'. That one directive is header-only: browsers
// ignore frame-ancestors in a <meta> policy (CSP Level 3, section 3.3,
// "The <meta> element"), so a site served by GitHub Pages can be framed.
//
// The rules of _headers are disjoint for each header name: the security
// headers are on one rule for the whole site, and Cache-Control on one rule
// per top-level entry of the output. Where two rules match a path,
// Cloudflare joins the values of a header both set with commas and Netlify
// keeps one, so no header may come from two rules.
package hosts

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Policy is the site's Content-Security-Policy as every page's <meta>
// element carries it: only the site's own scripts, styles, images and
// fetches, no plugins, no <base>, forms only to the site. The pages have no
// inline script or style, so one policy fits every page.
const Policy = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

// HeaderPolicy is the policy as a response header: Policy and
// frame-ancestors 'none', which only a header can deliver.
const HeaderPolicy = Policy + "; frame-ancestors 'none'"

// Cache-Control values. Assets have a content hash in their names
// (assets/style.3f9a1c2b7d.css), so a changed file has a new name and the
// old one may be kept forever; pages keep their addresses, so a reader
// gets a new build within minutes.
const (
	AssetCache = "public, max-age=31536000, immutable"
	PageCache  = "public, max-age=300"
)

// Header is one response header.
type Header struct{ Name, Value string }

// Security lists the headers every response of the site carries.
var Security = []Header{
	{"Content-Security-Policy", HeaderPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	// The site uses none of these features. Clipboard access, which the
	// copy buttons need, is left to the browser's default.
	{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"},
}

// Rule is one rule of a _headers file: the headers of every path it
// matches.
type Rule struct {
	// Path is an absolute URL path. A final "*" matches any rest of a
	// path, "/" included; anything else matches only itself.
	Path    string
	Headers []Header
}

// Matches reports whether the rule applies to the URL path p.
func (r Rule) Matches(p string) bool {
	if prefix, ok := strings.CutSuffix(r.Path, "*"); ok {
		return strings.HasPrefix(p, prefix)
	}
	return p == r.Path
}

// Rules returns the header rules of a site served under basePath ("/" or
// "/docs/smtp/"): the security headers for every path, then Cache-Control
// for each top-level entry of the output folder. pages and immutable name
// those entries, the first served with PageCache, the second with
// AssetCache: a file by its name ("404.html"), a folder by its name and a
// slash ("en/", "assets/"), the site's root page by "". hsts, when not
// empty, is the value of a Strict-Transport-Security header (ParseHSTS)
// that the security rule sends too; sites opt in to it (see HSTSHeader).
func Rules(basePath, hsts string, pages, immutable []string) []Rule {
	security := Security
	if hsts != "" {
		security = append(slices.Clip(Security), Header{HSTSHeader, hsts})
	}
	rules := []Rule{{Path: basePath + "*", Headers: security}}
	add := func(entries []string, cache string) {
		entries = slices.Sorted(slices.Values(entries))
		for _, e := range slices.Compact(entries) {
			p := basePath + e
			if strings.HasSuffix(e, "/") {
				p += "*"
			}
			rules = append(rules, Rule{Path: p, Headers: []Header{{"Cache-Control", cache}}})
		}
	}
	add(immutable, AssetCache)
	add(pages, PageCache)
	return rules
}

// File is the text of a _headers file holding rules, in the syntax Netlify
// and Cloudflare Pages share: a path on a line of its own, then its
// headers indented, one "Name: value" a line.
func File(rules []Rule) []byte {
	var b bytes.Buffer
	b.WriteString("# Response headers for Netlify and Cloudflare Pages, written by gen\n")
	b.WriteString("# (internal/hosts). GitHub Pages ignores this file; every page carries\n")
	b.WriteString("# the same Content-Security-Policy in a <meta> element, without\n")
	b.WriteString("# frame-ancestors, which only a header can deliver.\n")
	for _, r := range rules {
		b.WriteString(r.Path + "\n")
		for _, h := range r.Headers {
			b.WriteString("  " + h.Name + ": " + h.Value + "\n")
		}
	}
	return b.Bytes()
}

// Parse reads a _headers file: the rules File writes, with comments and
// blank lines, in Netlify and Cloudflare's syntax. Placeholders (":name")
// and a "*" before the end of a path are not understood, nor "! Name",
// Cloudflare's way to remove a header.
func Parse(src []byte) ([]Rule, error) {
	var rules []Rule
	sc := bufio.NewScanner(bytes.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		text := strings.TrimSpace(line)
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case line[0] != ' ' && line[0] != '\t':
			if !strings.HasPrefix(text, "/") {
				return nil, fmt.Errorf("_headers:%d: %q is neither a path (starting with /) nor an indented header", n, text)
			}
			if i := strings.IndexAny(text, "*:"); i >= 0 && i != len(text)-1 {
				return nil, fmt.Errorf("_headers:%d: path %q: only a final * is understood here", n, text)
			}
			rules = append(rules, Rule{Path: text})
		default:
			name, value, ok := strings.Cut(text, ":")
			if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
				return nil, fmt.Errorf("_headers:%d: %q is not a header, like Name: value", n, text)
			}
			if len(rules) == 0 {
				return nil, fmt.Errorf("_headers:%d: header %q comes before any path", n, name)
			}
			r := &rules[len(rules)-1]
			r.Headers = append(r.Headers, Header{Name: name, Value: strings.TrimSpace(value)})
		}
	}
	return rules, sc.Err()
}

// Match returns the headers rules give the URL path p, in the order of
// the rules; a header set by two rules gets their values joined with ", ",
// as Cloudflare Pages does.
func Match(rules []Rule, p string) []Header {
	var out []Header
	for _, r := range rules {
		if !r.Matches(p) {
			continue
		}
		for _, h := range r.Headers {
			i := slices.IndexFunc(out, func(o Header) bool { return strings.EqualFold(o.Name, h.Name) })
			if i < 0 {
				out = append(out, h)
				continue
			}
			out[i].Value += ", " + h.Value
		}
	}
	return out
}
