package build_test

import (
	"slices"
	"strings"
	"testing"
)

// TestPageChecks makes sure the whole-site checks see what they are meant
// to: each case is a small page and the problems the walker must report.
func TestPageChecks(t *testing.T) {
	for _, tc := range []struct {
		name, html string
		problems   []string // substrings, one per expected problem, in order
	}{
		{
			name:     "doubled word across an inline element",
			html:     `<p>Read this when <a href="/x">when</a> it fails.</p>`,
			problems: []string{`doubled word "when when"`},
		},
		{
			name: "the same word in two cells is no doubling",
			html: `<table><tr><td>550</td><td>550</td></tr></table><ul><li>fix</li><li>Fix</li></ul>`,
		},
		{
			name: "a host name is one word",
			html: `<p>Example Mail <a href="https://mail.example/">mail.example</a></p>`,
		},
		{
			name:     "a word doubled before a full stop",
			html:     `<p>It is full full. Then</p>`,
			problems: []string{`doubled word "full full"`},
		},
		{
			name:     "unfilled placeholder in text and in an attribute",
			html:     `<p title="SMTP {code}">About {code}.</p>`,
			problems: []string{`<p title> has the unfilled placeholder {code}`, `text has the unfilled placeholder {code}`},
		},
		{
			name: "code and scripts are not prose",
			html: `<pre><code>S: 250 250 OK {code}</code></pre><script type="application/ld+json">{"a": "{b} {b}"}</script>`,
		},
		{
			name:     "template mistakes anywhere",
			html:     `<pre>%!s(MISSING)</pre><p>ZgotmplZ</p>`,
			problems: []string{`contains "%!"`, `contains "ZgotmplZ"`},
		},
		{
			name:     "doubled word in a meta description",
			html:     `<meta name="description" content="See the the list.">`,
			problems: []string{`<meta description>: doubled word "the the"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := parsePage("x.html", []byte("<!DOCTYPE html><html lang=en><head><title>T</title></head><body>"+tc.html+"</body></html>"))
			if p.parseErr != nil {
				t.Fatalf("parseErr = %v", p.parseErr)
			}
			if len(p.problems) != len(tc.problems) {
				t.Fatalf("problems = %q; want %d matching %q", p.problems, len(tc.problems), tc.problems)
			}
			for i, want := range tc.problems {
				if !strings.Contains(p.problems[i], want) {
					t.Errorf("problem %d = %q; want it to contain %q", i, p.problems[i], want)
				}
			}
		})
	}
}

func TestPageFacts(t *testing.T) {
	raw := `<!DOCTYPE html><html lang="vi"><head><title>SMTP &amp; 552</title>
<meta name="description" content="About 552.">
<link rel="canonical" href="https://example.org/vi/x/">
<link rel="alternate" hreflang="en" href="https://example.org/en/x/">
<link rel="stylesheet" href="/assets/style.css"><script src="/assets/site.js" defer></script>
</head><body><h2 id="a">A</h2><h2 id="a">B</h2><a href="/y/">y</a></body></html>`
	p := parsePage("x.html", []byte(raw))
	if p.parseErr != nil || !p.doctype || p.lang != "vi" {
		t.Fatalf("parseErr, doctype, lang = %v, %v, %q; want nil, true, vi", p.parseErr, p.doctype, p.lang)
	}
	if !slices.Equal(p.titles, []string{"SMTP & 552"}) || !slices.Equal(p.descs, []string{"About 552."}) {
		t.Errorf("titles, descs = %q, %q", p.titles, p.descs)
	}
	if !slices.Equal(p.canonical, []string{"https://example.org/vi/x/"}) || len(p.alts) != 1 || p.alts[0].lang != "en" {
		t.Errorf("canonical, alternates = %q, %v", p.canonical, p.alts)
	}
	if !slices.Equal(p.loads, []string{"/assets/style.css", "/assets/site.js"}) {
		t.Errorf("loads = %q", p.loads)
	}
	if p.ids["a"] != 2 {
		t.Errorf(`ids["a"] = %d; want 2`, p.ids["a"])
	}
	if bad := parsePage("y.html", []byte("<p>x</div>")); bad.parseErr == nil {
		t.Errorf("an end tag that closes nothing is not reported")
	}
}

func TestDoubledWordContext(t *testing.T) {
	long := strings.Repeat("and then more words ", 20)
	p := parsePage("x.html", []byte("<p>Use this when when it fails, "+long+"</p>"))
	if len(p.problems) != 1 || !strings.Contains(p.problems[0], `in "Use this when when"`) {
		t.Errorf("problems = %q; want the doubled words shown with the text before them", p.problems)
	}
}
