// Package site plans the site: which pages exist, their URL paths and
// output files, the other files of the site (files.go), and what each kind
// of page is (the kinds table, kinds.go). It does no I/O.
//
// URL layout (every page is folder/index.html so static hosts serve /path/):
//
//	/                               language chooser
//	/{lang}/                        home: what a reply code is, every code by class
//	/{lang}/smtp/                   every code in one table
//	/{lang}/lookup/                 explain the codes of a pasted bounce
//	/{lang}/smtp/{code}-{slug}/     one page per code; slug of the English title
//	/{lang}/smtp/{low}-vs-{high}/   one page per unordered pair of codes
//	/{lang}/smtp/enhanced/          every enhanced status code, by subject
//	/{lang}/smtp/enhanced/x-{subject}-{detail}-{slug}/  one page per enhanced status code
//	/{lang}/smtp/enhanced/x-{s}-{d}-vs-x-{s}-{d}/      one page per pair of enhanced codes
//	/404.html                       not found
//
// and beside the pages:
//
//	/api/v1/{lang}/codes.json       every code in one language, as JSON
//	/api/v1/schema.json             its JSON Schema
//	/assets/{name}.{hash}.{ext}     the files of static/, named by their content
//	/sitemap.xml                    the sitemap (an index of sitemap-N.xml past 50,000 URLs)
//	/robots.txt, /_headers          for crawlers, and the response headers for hosts
//
// Paths here are relative to the site root and never start with a slash;
// the renderer prefixes the base path of -base-url. Check proves, before
// anything is written, that no two pages and no page and other output file
// share a file.
package site

import (
	"strconv"

	"smtpcodes/internal/codes"
)

// Page is one planned page.
type Page struct {
	Kind Kind
	Lang string // "" for the chooser and the 404 page
	Path string // URL path relative to the site root: "en/smtp/552-exceeded-storage/"
	A, B *codes.Code
	E, F *codes.Enhanced // F is the second code of an enhanced pair
}

// File is the output file of the page, relative to the output folder.
func (p Page) File() string {
	if f := kinds[p.Kind].file; f != "" {
		return f
	}
	return p.Path + "index.html"
}

// PathIn returns the path of the page's version in lang: the same page
// in lang, or for a page of no language (the chooser, the 404 page), which
// addresses every language, lang's home page.
func (p Page) PathIn(lang string) string {
	if kinds[p.Kind].AllLangs {
		return HomePath(lang)
	}
	return kinds[p.Kind].path(p, lang)
}

// AppendPathIn appends the path of the page's version in lang to dst, as
// PathIn returns it: the path of a page of a language is the language
// followed by the same rest in every language (TestAppendPathIn), so no
// path is made again.
func (p Page) AppendPathIn(dst []byte, lang string) []byte {
	if !kinds[p.Kind].AllLangs && p.Lang != "" && len(p.Path) > len(p.Lang) && p.Path[len(p.Lang)] == '/' && p.Path[:len(p.Lang)] == p.Lang {
		return append(append(dst, lang...), p.Path[len(p.Lang):]...)
	}
	return append(dst, p.PathIn(lang)...)
}

// Slug returns the URL slug of a code: the slug of its English title.
func Slug(c *codes.Code) string {
	return codes.Slug(c.Text[codes.DefaultLang][codes.Title])
}

// HomePath is the home page of a language.
func HomePath(lang string) string { return lang + "/" }

// IndexPath is the list of every code in a language.
func IndexPath(lang string) string { return lang + "/smtp/" }

// LookupPath is the page that explains the codes found in a pasted bounce.
func LookupPath(lang string) string { return lang + "/lookup/" }

// EnhancedIndexPath is the list of every enhanced status code in a language.
func EnhancedIndexPath(lang string) string { return lang + "/smtp/enhanced/" }

// CodePath is a code's page.
func CodePath(lang string, c *codes.Code) string {
	return lang + "/smtp/" + strconv.Itoa(c.Code) + "-" + Slug(c) + "/"
}

// PairPath is the comparison page of two codes, in either order.
func PairPath(lang string, a, b *codes.Code) string {
	if a.Code > b.Code {
		a, b = b, a
	}
	return lang + "/smtp/" + strconv.Itoa(a.Code) + "-vs-" + strconv.Itoa(b.Code) + "/"
}

// EnhancedSlug is the URL slug of an enhanced code: "x-2-2-mailbox-full".
func EnhancedSlug(e *codes.Enhanced) string {
	return "x-" + strconv.Itoa(e.Subject) + "-" + strconv.Itoa(e.Detail) + "-" + codes.Slug(e.Text[codes.DefaultLang][codes.Title])
}

// EnhancedPath is an enhanced status code's page.
func EnhancedPath(lang string, e *codes.Enhanced) string {
	return lang + "/smtp/enhanced/" + EnhancedSlug(e) + "/"
}

// EnhancedPairPath is the comparison page of two enhanced codes, in
// registry order: "en/smtp/enhanced/x-2-2-vs-x-3-1/".
func EnhancedPairPath(lang string, e, f *codes.Enhanced) string {
	if e.Subject > f.Subject || e.Subject == f.Subject && e.Detail > f.Detail {
		e, f = f, e
	}
	return lang + "/smtp/enhanced/x-" + strconv.Itoa(e.Subject) + "-" + strconv.Itoa(e.Detail) +
		"-vs-x-" + strconv.Itoa(f.Subject) + "-" + strconv.Itoa(f.Detail) + "/"
}

// PairPattern is a pair page's path with {a} and {b} in place of the
// codes, lower code first, for scripts that build the link.
func PairPattern(lang string) string { return lang + "/smtp/{a}-vs-{b}/" }

// PageCount is the number of pages Plan yields for n reply codes and m
// enhanced codes in l languages: every code, every pair of reply codes and
// every pair of enhanced codes, in every language.
func PageCount(n, m, l int) int {
	return 2 + l*(4+n+m+n*(n-1)/2+m*(m-1)/2)
}

// Plan calls yield for every page of the site, in a fixed order: chooser,
// 404, then per language home, index, lookup, enhanced index, code pages and pair pages by code. It
// stops early when yield returns false. Pages are produced one at a time so
// a site of any size is never held in memory as a whole.
func Plan(set *codes.Set, langs []string, yield func(Page) bool) {
	PlanWith(set, langs, AllPairs, yield)
}

// PlanWith is Plan for a site that has the pair pages pairs selects.
func PlanWith(set *codes.Set, langs []string, pairs Pairs, yield func(Page) bool) {
	if !yield(Page{Kind: Chooser, Path: ""}) || !yield(Page{Kind: NotFound, Path: NotFoundFile}) {
		return
	}
	for _, lang := range langs {
		if !yield(Page{Kind: Home, Lang: lang, Path: HomePath(lang)}) ||
			!yield(Page{Kind: Index, Lang: lang, Path: IndexPath(lang)}) ||
			!yield(Page{Kind: Lookup, Lang: lang, Path: LookupPath(lang)}) ||
			!yield(Page{Kind: EnhancedIndex, Lang: lang, Path: EnhancedIndexPath(lang)}) {
			return
		}
		for _, c := range set.Codes {
			if !yield(Page{Kind: Code, Lang: lang, Path: CodePath(lang, c), A: c}) {
				return
			}
		}
		for _, e := range set.Enhanced {
			if !yield(Page{Kind: Enhanced, Lang: lang, Path: EnhancedPath(lang, e), E: e}) {
				return
			}
		}
		for i, a := range set.Codes {
			for _, b := range set.Codes[i+1:] {
				if pairs.Has(set, a, b) && !yield(Page{Kind: Pair, Lang: lang, Path: PairPath(lang, a, b), A: a, B: b}) {
					return
				}
			}
		}
		for i, e := range set.Enhanced {
			for _, f := range set.Enhanced[i+1:] {
				if pairs.HasEnhanced(e, f) && !yield(Page{Kind: EnhancedPair, Lang: lang, Path: EnhancedPairPath(lang, e, f), E: e, F: f}) {
					return
				}
			}
		}
	}
}
