package site

import (
	"strings"
	"testing"
)

func TestRelative(t *testing.T) {
	for _, tc := range []struct{ base, file, in, want string }{
		// Same folder, a sibling, a child of the parent.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/smtp/550-vs-552/">`, `<a href="../550-vs-552/">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/smtp/enhanced/x-1-1-b/">`, `<a href="../enhanced/x-1-1-b/">`},
		{"https://x.org/", "vi/smtp/index.html", `<a href="/vi/smtp/550-a/">`, `<a href="550-a/">`},
		// Where the path from the root is shorter, it stays.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/">`, `<a href="/vi/">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<link rel="stylesheet" href="/assets/s.1.css">`, `<link rel="stylesheet" href="/assets/s.1.css">`},
		// Under a sub-path every link is relative, and none leaves it.
		{"https://x.org/docs/smtp/", "vi/smtp/550-a/index.html", `<a href="/docs/smtp/vi/">`, `<a href="../../">`},
		{"https://x.org/docs/smtp/", "vi/smtp/550-a/index.html", `<script src="/docs/smtp/assets/a.1.js" defer>`, `<script src="../../../assets/a.1.js" defer>`},
		{"https://x.org/docs/smtp/", "index.html", `<a href="/docs/smtp/en/">`, `<a href="en/">`},
		// A place in the page itself, or in another.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/smtp/550-a/#h-fix">`, `<a href="#h-fix">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/smtp/552-b/#h-fix">`, `<a href="../552-b/#h-fix">`},
		// The folder itself, with a query, and a first segment that would
		// read as a scheme.
		{"https://x.org/", "vi/smtp/index.html", `<a href="/vi/smtp/">`, `<a href="./">`},
		{"https://x.org/", "vi/smtp/index.html", `<a href="/vi/smtp/?q=550">`, `<a href="./?q=550">`},
		{"https://x.org/", "vi/index.html", `<a href="/vi/a:b/c/">`, `<a href="./a:b/c/">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="/vi/smtp/550-a/x:y/">`, `<a href="./x:y/">`},
		// Not links of the site: other hosts, data attributes, fragments,
		// absolute URLs, and text that only looks like a link.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="//cdn.example/x/">`, `<a href="//cdn.example/x/">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<div data-api="/api/v1/vi/codes.json">`, `<div data-api="/api/v1/vi/codes.json">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<link rel="canonical" href="https://x.org/vi/smtp/550-a/">`, `<link rel="canonical" href="https://x.org/vi/smtp/550-a/">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<p>href=&#34;/vi/smtp/&#34;</p>`, `<p>href=&#34;/vi/smtp/&#34;</p>`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<a href="#main">`, `<a href="#main">`},
		// Values without quotes, as the minified templates write them.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<li><a href=/vi/smtp/550-vs-552/ lang=vi>x</a>`, `<li><a href=../550-vs-552/ lang=vi>x</a>`},
		{"https://x.org/docs/smtp/", "vi/smtp/550-a/index.html", `<link rel=stylesheet href=/docs/smtp/assets/s.1.css>`, `<link rel=stylesheet href=../../../assets/s.1.css>`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<div class=search data-api=/api/v1/vi/codes.json>`, `<div class=search data-api=/api/v1/vi/codes.json>`},
		// "href=" that is not an attribute: in another attribute's value,
		// in text, in a script, in a comment.
		{"https://x.org/", "vi/smtp/550-a/index.html", `<meta name=description content="see href=/vi/smtp/550-vs-552/ here">`, `<meta name=description content="see href=/vi/smtp/550-vs-552/ here">`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<p>write href=/vi/smtp/550-vs-552/ in the tag</p>`, `<p>write href=/vi/smtp/550-vs-552/ in the tag</p>`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<script type=application/ld+json>{"a":"<a href=/vi/smtp/550-vs-552/>"}</script><a href=/vi/smtp/550-vs-552/>`, `<script type=application/ld+json>{"a":"<a href=/vi/smtp/550-vs-552/>"}</script><a href=../550-vs-552/>`},
		{"https://x.org/", "vi/smtp/550-a/index.html", `<!-- <a href=/vi/smtp/550-vs-552/> -->`, `<!-- <a href=/vi/smtp/550-vs-552/> -->`},
	} {
		b, err := ParseBase(tc.base)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b.Relative(nil, []byte(tc.in), tc.file)); got != tc.want {
			t.Errorf("base %s, page %s:\n%s\nbecomes\n%s\nwant\n%s", tc.base, tc.file, tc.in, got, tc.want)
		}
	}
}

// TestHasLink checks hasLink against a search for each name, around the
// places where one "=" follows another or the names are cut short.
func TestHasLink(t *testing.T) {
	for _, page := range []string{"", "=", "href", "href=", "src=", "rc=", "ref=", "=href", "a=b href=", "hre=f=", "x==src=", "<a class=x href=/y>", "<img src=/a.png>", "<p>a = b</p>", "srcset=", "hhref=", "sr=c=", "href\n="} {
		want := strings.Contains(page, "href=") || strings.Contains(page, "src=")
		if got := hasLink([]byte(page)); got != want {
			t.Errorf("hasLink(%q) = %v; want %v", page, got, want)
		}
	}
}

// TestMayRewrite checks that a page MayRewrite rejects is one Relative
// leaves as it is, from folders at every depth.
func TestMayRewrite(t *testing.T) {
	for _, base := range []string{"https://x.org/", "https://x.org/docs/"} {
		b, err := ParseBase(base)
		if err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{
			`<link rel=canonical href=https://x.org/docs/en/smtp/>`,
			`<a href=/docs/en/>`, `<a href="/docs/en/">`, `<a href='/docs/en/'>`, `<a href=/en/>`, `<img src=/docs/a.png>`,
			`<p>see /docs/en/</p>`, `<a href=//x.org/docs/>`, `<a href=#top>`,
		} {
			if b.MayRewrite([]byte(page)) {
				continue
			}
			for _, file := range []string{"index.html", "en/index.html", "en/smtp/550-a/index.html", "docs/en/x/y/index.html"} {
				if got := string(b.Relative(nil, []byte(page), file)); got != page {
					t.Errorf("base %s: MayRewrite(%q) is false, but from %s Relative writes %q", base, page, file, got)
				}
			}
		}
	}
}
