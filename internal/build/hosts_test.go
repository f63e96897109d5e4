package build_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"smtpcodes/internal/api"
	"smtpcodes/internal/build"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/hosts"
	"smtpcodes/internal/site"
)

// checkPublished checks, as subtests of checkSite, what the hosts read:
// _headers against every page's meta policy and every file, and that the
// scripts' data (the compare picker's pairs, the JSON data's URLs) names
// only pages the site has.
func checkPublished(t *testing.T, s *siteTree, set *codes.Set, langs []string, pairs site.Pairs) {
	t.Run("headers", func(t *testing.T) { checkHeaders(t, s) })

	t.Run("picker offers the pairs built", func(t *testing.T) {
		e := newErrs(t)
		for _, lang := range langs {
			file := site.Page{Path: site.IndexPath(lang)}.File()
			p := s.pages[file]
			if p == nil {
				e.Errorf("no page %s", file)
				continue
			}
			got, ok := pickerPairs(p.raw)
			var want []string
			site.PlanWith(set, []string{lang}, pairs, func(pg site.Page) bool {
				if pg.Kind == site.Pair {
					want = append(want, pairKey(pg.A.Code, pg.B.Code))
				}
				return true
			})
			switch {
			case pairs == site.AllPairs && ok:
				e.Errorf("%s: the picker has data-pairs %q, but the site has every pair", file, got)
			case pairs != site.AllPairs && !ok:
				e.Errorf("%s: the picker has no data-pairs, but the site has only some pairs (%d)", file, len(want))
			case pairs != site.AllPairs:
				slices.Sort(want)
				if have := strings.Fields(got); !slices.Equal(have, want) {
					e.Errorf("%s: the picker offers the pairs %q; want the pair pages built, %q", file, have, want)
				}
			}
			for _, k := range strings.Fields(got) {
				a, b, _ := strings.Cut(k, "-")
				if pf := lang + "/smtp/" + a + "-vs-" + b + "/index.html"; !s.files[pf] {
					e.Errorf("%s: the picker offers %s, but %s was not built", file, k, pf)
				}
			}
		}
	})

	t.Run("JSON data links pages built", func(t *testing.T) {
		e := newErrs(t)
		for _, lang := range langs {
			data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(site.APIPath(lang))))
			if err != nil {
				t.Fatal(err)
			}
			var doc api.Document
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("%s: %v", site.APIPath(lang), err)
			}
			var urls []string
			for _, c := range doc.Codes {
				urls = append(urls, c.URL)
			}
			for _, c := range doc.Enhanced {
				urls = append(urls, c.URL)
			}
			if len(urls) != len(set.Codes)+len(set.Enhanced) {
				e.Errorf("%s has %d codes; want %d", site.APIPath(lang), len(urls), len(set.Codes)+len(set.Enhanced))
			}
			for _, u := range urls {
				if f := s.fileOfURL(u); f == "" || s.pages[f] == nil {
					e.Errorf("%s: url %s is not a page of the site", site.APIPath(lang), u)
				}
			}
		}
	})
}

// checkHeaders reads the site's _headers as Netlify and Cloudflare Pages
// do: the Content-Security-Policy it sends is the one of every page's
// <meta> with frame-ancestors 'none' added (the directive a <meta> policy
// cannot carry), every file gets the security headers and exactly one
// Cache-Control (immutable for assets), and the file keeps within
// Cloudflare's limits of 100 rules and 2,000 characters a line.
func checkHeaders(t *testing.T, s *siteTree) {
	e := newErrs(t)
	src, err := os.ReadFile(filepath.Join(s.dir, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := hosts.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) > 100 {
		e.Errorf("_headers has %d rules; Cloudflare Pages reads 100", len(rules))
	}
	for i, line := range strings.Split(string(src), "\n") {
		if len(line) > 2000 {
			e.Errorf("_headers:%d has %d characters; Cloudflare Pages reads 2,000 a line", i+1, len(line))
		}
	}
	for _, r := range rules {
		if !strings.HasPrefix(r.Path, s.base.Path) {
			e.Errorf("_headers: rule %s is not under the base path %s", r.Path, s.base.Path)
		}
	}
	for _, f := range sortedKeys(s.files) {
		if f == "_headers" || strings.HasPrefix(path0(f), ".") {
			continue // read by the host, or not published
		}
		urlPath := s.base.Path + pagePath(f)
		got := map[string][]string{}
		for _, h := range hosts.Match(rules, urlPath) {
			got[h.Name] = append(got[h.Name], h.Value)
		}
		for _, h := range hosts.Security {
			if !slices.Equal(got[h.Name], []string{h.Value}) {
				e.Errorf("%s (%s): %s = %q; want [%q]", f, urlPath, h.Name, got[h.Name], h.Value)
			}
		}
		want := hosts.PageCache
		if strings.HasPrefix(f, "assets/") {
			want = hosts.AssetCache
		}
		if !slices.Equal(got["Cache-Control"], []string{want}) {
			e.Errorf("%s (%s): Cache-Control = %q; want [%q]", f, urlPath, got["Cache-Control"], want)
		}
		p := s.pages[f]
		if p == nil {
			continue
		}
		metas := metaPolicies(p.raw)
		if len(metas) != 1 {
			e.Errorf("%s: %d Content-Security-Policy <meta> elements; want 1", f, len(metas))
			continue
		}
		header := directives(strings.Join(got["Content-Security-Policy"], ","))
		meta := directives(metas[0])
		if _, ok := meta["frame-ancestors"]; ok {
			e.Errorf("%s: the <meta> policy has frame-ancestors, which browsers ignore there; it belongs to the header only", f)
		}
		if header["frame-ancestors"] != "'none'" {
			e.Errorf("%s: the header policy has frame-ancestors %q; want 'none'", f, header["frame-ancestors"])
		}
		delete(header, "frame-ancestors")
		if !mapsEqual(header, meta) {
			e.Errorf("%s: the header policy %q, without frame-ancestors, differs from the <meta> policy %q", f, got["Content-Security-Policy"], metas[0])
		}
	}
}

// path0 is the first segment of a slash path.
func path0(f string) string { first, _, _ := strings.Cut(f, "/"); return first }

// directives splits a policy into its directives and their values.
func directives(policy string) map[string]string {
	out := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		fields := strings.Fields(d)
		if len(fields) > 0 {
			out[fields[0]] = strings.Join(fields[1:], " ")
		}
	}
	return out
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// metaPolicies returns the content of every <meta http-equiv=
// "Content-Security-Policy"> of a page's head.
func metaPolicies(raw []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return out
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.DataAtom != atom.Meta {
				continue
			}
			var equiv, content string
			for _, a := range t.Attr {
				switch a.Key {
				case "http-equiv":
					equiv = a.Val
				case "content":
					content = a.Val
				}
			}
			if strings.EqualFold(equiv, "Content-Security-Policy") {
				out = append(out, content)
			}
		}
	}
}

// pickerPairs returns the data-pairs of a page's compare picker.
func pickerPairs(raw []byte) (string, bool) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return "", false
		}
		if tt != html.StartTagToken {
			continue
		}
		t := z.Token()
		if t.DataAtom != atom.Form {
			continue
		}
		for _, a := range t.Attr {
			if a.Key == "data-pairs" {
				return a.Val, true
			}
		}
	}
}

func pairKey(a, b int) string { return itoa(min(a, b)) + "-" + itoa(max(a, b)) }

func itoa(n int) string { return strconv.Itoa(n) }

// TestSmallerSite builds the fixture with pairs: related and runs the
// whole-site checks on it: every link resolves (so no page links a pair
// page that was not built), the picker offers only built pairs, the
// sitemap lists exactly the pages built.
func TestSmallerSite(t *testing.T) {
	cat, set := fixtureInputs(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(fixture, out)
	cfg.Pairs = site.RelatedPairs
	res, err := build.Run(cfg)
	if err != nil {
		t.Fatalf("build.Run with pairs: related: %v", err)
	}
	all := site.PageCount(len(set.Codes), len(set.Enhanced), len(cat.Langs))
	if want := site.RelatedPairs.Count(set, cat.Langs); res.Pages != want || want >= all {
		t.Errorf("build.Run with pairs: related = %d pages; want %d, fewer than the %d of every pair", res.Pages, want, all)
	}
	s, err := crawl(out, baseURL)
	if err != nil {
		t.Fatal(err)
	}
	checkSite(t, s, cat, set, site.RelatedPairs)
	t.Run("notes and related pairs built", func(t *testing.T) {
		e := newErrs(t)
		for _, lang := range cat.Langs {
			for _, n := range set.Notes {
				if f := lang + "/smtp/" + itoa(n.A) + "-vs-" + itoa(n.B) + "/index.html"; !s.files[f] {
					e.Errorf("pair %d/%d has a curated note, but %s was not built", n.A, n.B, f)
				}
			}
			for _, c := range set.Codes {
				for _, r := range c.Related {
					a, b := min(c.Code, r), max(c.Code, r)
					if f := lang + "/smtp/" + itoa(a) + "-vs-" + itoa(b) + "/index.html"; !s.files[f] {
						e.Errorf("code %d lists %d as related, but %s was not built", c.Code, r, f)
					}
				}
			}
		}
	})
}

// TestHostLimits builds the fixture against made-up limits: a limit the
// site goes over is a warning naming the host and the limit, the build
// still succeeds, and Result.Bytes is the size of the output.
func TestHostLimits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Run(fixtureConfig(fixture, out))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("the fixture goes over a host's limit: %q", res.Warnings)
	}
	var total int64
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		total += fi.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Bytes != total {
		t.Errorf("Result.Bytes = %d; want %d, the bytes of the files in %s", res.Bytes, total, out)
	}

	saved := hosts.Limits
	t.Cleanup(func() { hosts.Limits = saved })
	hosts.Limits = []hosts.Limit{
		{Host: "Tiny Pages", Measure: hosts.Files, Max: 10, Source: "https://tiny.example/limits"},
		{Host: "Tiny Pages", Measure: hosts.FileBytes, Max: 1000, Source: "https://tiny.example/limits"},
		{Host: "Roomy Pages", Measure: hosts.Files, Max: 1 << 40, Source: "https://roomy.example/limits"},
	}
	// A rebuild with nothing changed measures the site all the same.
	res, err = build.Run(fixtureConfig(fixture, out))
	if err != nil {
		t.Fatalf("a build over a host's limits failed: %v", err)
	}
	if len(res.Warnings) != 2 {
		t.Fatalf("warnings = %q; want two, for Tiny Pages' files and file size", res.Warnings)
	}
	for i, want := range []string{
		"Tiny Pages takes at most 10 files per site; this site has ",
		"Tiny Pages takes files of at most 1,000 bytes; ",
	} {
		if !strings.HasPrefix(res.Warnings[i], want) || !strings.Contains(res.Warnings[i], "(https://tiny.example/limits)") {
			t.Errorf("warning %d = %q; want it to start %q and cite the host's page", i, res.Warnings[i], want)
		}
	}
	if !strings.Contains(res.Warnings[0], "pairs: related") {
		t.Errorf("warning %q does not point at the smaller site", res.Warnings[0])
	}
}

// TestHSTS builds the fixture without and then with hsts: _headers sends
// Strict-Transport-Security only when it is set, on every path, and a
// rebuild that only sets it rewrites _headers.
func TestHSTS(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := fixtureConfig(fixture, out)
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(out, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(src, []byte(hosts.HSTSHeader)) {
		t.Errorf("_headers of a build without hsts sends %s:\n%s", hosts.HSTSHeader, src)
	}
	cfg.HSTS = "max-age=31536000; includeSubDomains"
	if _, err := build.Run(cfg); err != nil {
		t.Fatal(err)
	}
	if src, err = os.ReadFile(filepath.Join(out, "_headers")); err != nil {
		t.Fatal(err)
	}
	rules, err := hosts.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/en/", "/404.html", "/assets/x.css"} {
		var got []string
		for _, h := range hosts.Match(rules, p) {
			if h.Name == hosts.HSTSHeader {
				got = append(got, h.Value)
			}
		}
		if !slices.Equal(got, []string{cfg.HSTS}) {
			t.Errorf("_headers gives %s %s = %q; want [%q]", p, hosts.HSTSHeader, got, cfg.HSTS)
		}
	}
}
