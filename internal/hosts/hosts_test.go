package hosts

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	rules := Rules("/docs/smtp/", "", []string{"en/", "", "404.html", "en/", "robots.txt"}, []string{"assets/"})
	var paths []string
	for _, r := range rules {
		paths = append(paths, r.Path)
	}
	want := []string{"/docs/smtp/*", "/docs/smtp/assets/*", "/docs/smtp/", "/docs/smtp/404.html", "/docs/smtp/en/*", "/docs/smtp/robots.txt"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("Rules paths = %q; want %q", paths, want)
	}
	back, err := Parse(File(rules))
	if err != nil {
		t.Fatalf("Parse(File(rules)): %v", err)
	}
	if !reflect.DeepEqual(back, rules) {
		t.Errorf("Parse(File(rules)) = %+v; want %+v", back, rules)
	}
	for _, tc := range []struct {
		path, cache string
	}{
		{"/docs/smtp/", PageCache},
		{"/docs/smtp/404.html", PageCache},
		{"/docs/smtp/en/", PageCache},
		{"/docs/smtp/en/smtp/552-exceeded-storage/", PageCache},
		{"/docs/smtp/assets/style.0123456789.css", AssetCache},
		{"/docs/smtp/robots.txt", PageCache},
		{"/docs/smtp/vi/", ""},
	} {
		got := Match(rules, tc.path)
		var cache []string
		for _, h := range got {
			if h.Name == "Cache-Control" {
				cache = append(cache, h.Value)
			}
		}
		if tc.cache == "" && len(cache) != 0 || tc.cache != "" && !reflect.DeepEqual(cache, []string{tc.cache}) {
			t.Errorf("Match(%s) Cache-Control = %q; want %q", tc.path, cache, tc.cache)
		}
		if len(got) == 0 || got[0].Name != "Content-Security-Policy" || got[0].Value != HeaderPolicy {
			t.Errorf("Match(%s) = %v; want the security headers first", tc.path, got)
		}
	}
	if Match(rules, "/elsewhere/") != nil {
		t.Errorf("Match outside the base path gave headers")
	}
}

// TestRulesHSTS checks that Strict-Transport-Security is sent only when
// the site opts in, once, on every path, after the other security headers.
func TestRulesHSTS(t *testing.T) {
	for _, r := range Rules("/", "", []string{"en/"}, []string{"assets/"}) {
		if strings.Contains(string(File([]Rule{r})), HSTSHeader) {
			t.Errorf("Rules without hsts: rule %s sends %s", r.Path, HSTSHeader)
		}
	}
	const hsts = "max-age=31536000; includeSubDomains"
	before := slices.Clone(Security)
	rules := Rules("/", hsts, []string{"en/"}, []string{"assets/"})
	for _, p := range []string{"/", "/en/smtp/552-exceeded-storage/", "/assets/style.0123456789.css"} {
		got := Match(rules, p)
		want := append(slices.Clone(Security), Header{HSTSHeader, hsts})
		if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
			t.Errorf("Match(%s) = %v; want the security headers and %s: %s first", p, got, HSTSHeader, hsts)
		}
	}
	if n := strings.Count(string(File(rules)), HSTSHeader+": "+hsts+"\n"); n != 1 {
		t.Errorf("File(Rules with hsts) has %d %s lines; want 1", n, HSTSHeader)
	}
	if !reflect.DeepEqual(Security, before) {
		t.Errorf("Rules with hsts changed Security to %v; want %v", Security, before)
	}
}

func TestParseHSTS(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"max-age=31536000", "max-age=31536000"},
		{"max-age=0", "max-age=0"},
		{" MAX-AGE=300 ;includesubdomains; ", "max-age=300; includeSubDomains"},
		{"includeSubDomains; max-age=63072000", "max-age=63072000; includeSubDomains"},
		{"max-age=63072000; includeSubDomains; preload", "max-age=63072000; includeSubDomains; preload"},
		{"max-age=031536000", "max-age=31536000"},
	} {
		if got, err := ParseHSTS(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseHSTS(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", "has no max-age, which the header needs; like max-age=31536000 or max-age=31536000; includeSubDomains"},
		{"includeSubDomains", "has no max-age, which the header needs"},
		{"max-age", `has max-age ""; give it a number of seconds`},
		{"max-age=1y", `has max-age "1y"; give it a number of seconds`},
		{"max-age=-1", `has max-age "-1"; give it a number of seconds`},
		{"max-age=+5", `has max-age "+5"; give it a number of seconds`},
		{`max-age="300"`, `has max-age "\"300\""; give it a number of seconds`},
		{"max-age=300; max-age=600", `has "max-age" twice; a directive appears once (RFC 6797 §6.1)`},
		{"max-age=300; includeSubdomain", `has the directive "includeSubdomain" (did you mean "includeSubDomains"?); write max-age, includeSubDomains or preload`},
		{"maxage=300", `has the directive "maxage" (did you mean "max-age"?)`},
		{"max-age=300; includeSubDomains=yes", `gives "includeSubDomains" a value; it takes none`},
		{"max-age=31536000; preload", "has preload, which hstspreload.org accepts only with includeSubDomains and a max-age of at least 31536000 (a year); add them, or leave preload out"},
		{"max-age=300; includeSubDomains; preload", "has preload, which hstspreload.org accepts only with includeSubDomains and a max-age of at least 31536000"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got, err := ParseHSTS(tc.in); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("ParseHSTS(%q) = %q, %v; want an error starting %s", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestPolicy(t *testing.T) {
	if strings.Contains(Policy, "frame-ancestors") {
		t.Errorf("Policy %q has frame-ancestors, which a <meta> policy cannot carry", Policy)
	}
	if HeaderPolicy != Policy+"; frame-ancestors 'none'" {
		t.Errorf("HeaderPolicy = %q; want Policy with frame-ancestors 'none'", HeaderPolicy)
	}
}

func TestMatchJoins(t *testing.T) {
	rules, err := Parse([]byte("# c\n/*\n  X-A: 1\n\n/a/*\n  x-a: 2\n  X-B: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := Match(rules, "/a/b")
	want := []Header{{"X-A", "1, 2"}, {"X-B", "3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Match = %v; want %v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"  X-A: 1\n", `_headers:1: header "X-A" comes before any path`},
		{"/a/*/b\n", `_headers:1: path "/a/*/b": only a final * is understood here`},
		{"/a/:id\n", `_headers:1: path "/a/:id": only a final * is understood here`},
		{"a\n", `_headers:1: "a" is neither a path (starting with /) nor an indented header`},
		{"/a\n  nocolon\n", `_headers:2: "nocolon" is not a header, like Name: value`},
	} {
		if _, err := Parse([]byte(tc.src)); err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q) error = %v; want %s", tc.src, err, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	under := Stats{Files: 20_000, Bytes: 1_000_000_000, LargestBytes: 25 << 20, FullestCount: 54_000, HeaderRules: 100}
	if got := Check(under); len(got) != 0 {
		t.Errorf("Check at every limit = %v; want none over", got)
	}
	over := Stats{Files: 100_001, Bytes: 1_234_567_890, Largest: "api/v1/en/codes.json", LargestBytes: 26 << 20,
		Fullest: "en/smtp", FullestCount: 79_801, HeaderRules: 101}
	var got []string
	for _, e := range Check(over) {
		got = append(got, e.String())
	}
	want := []string{
		"Cloudflare Pages (free plan) takes at most 20,000 files per site; this site has 100,001 (https://developers.cloudflare.com/pages/platform/limits/)",
		"Cloudflare Pages (paid plans) takes at most 100,000 files per site; this site has 100,001 (https://developers.cloudflare.com/pages/platform/limits/)",
		"Cloudflare Pages takes files of at most 25 MiB; api/v1/en/codes.json has 26 MiB (https://developers.cloudflare.com/pages/platform/limits/)",
		"Cloudflare Pages reads at most 100 rules of _headers; this one has 101 (https://developers.cloudflare.com/pages/configuration/headers/)",
		"GitHub Pages publishes sites of at most 1 GB; this site has 1.23 GB (https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits)",
		"Netlify takes at most 54,000 files per folder; en/smtp/ has 79,801 entries (https://docs.netlify.com/site-deploys/overview/)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check(over) =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q; want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{500: "500 bytes", 25 << 20: "25 MiB", 10<<20 + 1<<19: "10.5 MiB", 1e9: "1 GB", 1.5e9: "1.5 GB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q; want %q", n, got, want)
		}
	}
}

func TestMeasureFiles(t *testing.T) {
	files := map[string]string{
		"index.html":         "12345",
		"en/index.html":      "123",
		"en/a/index.html":    "1",
		"en/b/index.html":    "1",
		"assets/x.0123.css":  "1234567",
		"_headers":           "/*\n  X-A: 1\n/assets/*\n  X-B: 2\n",
		"en/c/d/e/index.htm": "",
		"en/robots.txt":      "",
	}
	sizes := map[string]int64{}
	var total int64
	for name, data := range files {
		sizes[name] = int64(len(data))
		total += int64(len(data))
	}
	got, err := MeasureFiles(maps.All(sizes), []byte(files["_headers"]))
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Files: len(files), Bytes: total, Largest: "_headers", LargestBytes: int64(len(files["_headers"])),
		Fullest: "en", FullestCount: 5, HeaderRules: 2}
	if got != want {
		t.Errorf("MeasureFiles = %+v; want %+v", got, want)
	}
}
