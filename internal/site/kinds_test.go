package site

import (
	"slices"
	"testing"
)

// TestKinds checks the kinds table: every kind has a template and a title,
// the breadcrumbs of every kind in the tree lead up to the home page, and
// the pages of no language are neither in the tree nor named after an
// entry.
func TestKinds(t *testing.T) {
	templates := map[string]bool{}
	for _, k := range Kinds {
		info := k.Info()
		if info.Template == "" || info.TitleKey == "" {
			t.Errorf("kind %d: Template %q, TitleKey %q; want both", k, info.Template, info.TitleKey)
		}
		if templates[info.Template] {
			t.Errorf("kind %s: its template is another kind's too", k)
		}
		templates[info.Template] = true
		if info.AllLangs && (info.InTree || info.path != nil) {
			t.Errorf("kind %s addresses every language but has a path per language or a place in the breadcrumbs", k)
		}
		if !info.AllLangs && info.path == nil {
			t.Errorf("kind %s has no path per language", k)
		}
		if !info.InTree {
			continue
		}
		seen := []Kind{k}
		for p := k; p != Home; p = p.Info().Parent {
			if next := p.Info().Parent; slices.Contains(seen, next) || !next.Info().InTree {
				t.Fatalf("the breadcrumbs of kind %s do not lead to the home page: %v, then %s", k, seen, next)
			}
			seen = append(seen, p.Info().Parent)
		}
		for _, p := range seen[1:] {
			if p.Info().Crumb == "" {
				t.Errorf("kind %s sits under %s, which has no Crumb to name it", k, p)
			}
		}
	}
}

func TestSitemapParts(t *testing.T) {
	for _, tc := range []struct {
		files int
		want  []string
	}{
		{0, nil},
		{1, nil},
		{2, []string{"sitemap-1.xml", "sitemap-2.xml"}},
		{3, []string{"sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}},
	} {
		if got := SitemapParts(tc.files); !slices.Equal(got, tc.want) {
			t.Errorf("SitemapParts(%d) = %q; want %q", tc.files, got, tc.want)
		}
	}
}

func TestSitemapSplitter(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries int
		size    int
		parts   int
	}{
		{"small", 1000, 500, 1},
		{"at the URL limit", MaxSitemapURLs, 100, 1},
		{"one URL over", MaxSitemapURLs + 1, 100, 2},
		// 1,000-byte entries: 10,485 of them fill a file.
		{"by size", 25000, 1000, 3},
	} {
		var s SitemapSplitter
		starts := 0
		for range tc.entries {
			if s.Next(tc.size) {
				starts++
			}
		}
		if s.Parts() != tc.parts || starts != tc.parts {
			t.Errorf("%s: %d entries of %d bytes make %d files (%d starts); want %d", tc.name, tc.entries, tc.size, s.Parts(), starts, tc.parts)
		}
	}
	// No file is over the limit.
	var s SitemapSplitter
	size := 0
	for range 30000 {
		if s.Next(999) {
			size = 0
		}
		if size += 999; size > MaxSitemapBytes-sitemapFrame {
			t.Fatalf("a file holds %d bytes of entries", size)
		}
	}
}

func TestPathIn(t *testing.T) {
	c := code(552, 1, "Exceeded Storage")
	for _, tc := range []struct {
		page Page
		want string
	}{
		{Page{Kind: Code, Lang: "en", A: c}, "vi/smtp/552-exceeded-storage/"},
		{Page{Kind: Index, Lang: "en"}, "vi/smtp/"},
		{Page{Kind: Chooser, Path: ""}, "vi/"},
		{Page{Kind: NotFound, Path: NotFoundFile}, "vi/"},
	} {
		if got := tc.page.PathIn("vi"); got != tc.want {
			t.Errorf("Page{Kind: %s}.PathIn(vi) = %q; want %q", tc.page.Kind, got, tc.want)
		}
	}
	if got := (Page{Kind: NotFound, Path: NotFoundFile}).File(); got != NotFoundFile {
		t.Errorf("the 404 page's File() = %q; want %q", got, NotFoundFile)
	}
}

func TestBase(t *testing.T) {
	b, err := ParseBase("https://example.org/docs/smtp/")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Href("en/"); got != "/docs/smtp/en/" {
		t.Errorf("Href(en/) = %q; want /docs/smtp/en/", got)
	}
	if got := b.URL("en/"); got != "https://example.org/docs/smtp/en/" {
		t.Errorf("URL(en/) = %q; want https://example.org/docs/smtp/en/", got)
	}
	for _, bad := range []string{"/docs/", "https://example.org/docs", "://x/"} {
		if _, err := ParseBase(bad); err == nil {
			t.Errorf("ParseBase(%q) succeeded; want an error", bad)
		}
	}
}
