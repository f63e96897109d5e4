package build

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"smtpcodes/internal/api"
	"smtpcodes/internal/codes"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// keys computes, for every page, a key over everything the page is made
// from, so that a rebuild can carry over a page whose inputs did not
// change without rendering it. A key covers more than strictly needed
// (a page that only shows a code's title is keyed on its whole text):
// over-covering costs a render, never a stale page, and a re-rendered
// page whose bytes did not change is carried over all the same.
type keys struct {
	global map[string][]byte // per language: templates, assets, base URL, catalogs
	all    []byte            // every language's global key and codes
	code   map[string]map[int][]byte
	codes  map[string][]byte // per language: every code and enhanced code
	set    *codes.Set
	langs  []string
	pairs  site.Pairs
	// headers is the text of the _headers file.
	headers []byte
}

func hash(parts ...[]byte) []byte {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i, l := 0, len(p); i < 8; i, l = i+1, l>>8 {
			n[i] = byte(l)
		}
		h.Write(n[:])
		h.Write(p)
	}
	return h.Sum(nil)
}

func readDir(dir, pattern string) ([]byte, error) {
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var parts [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		parts = append(parts, []byte(filepath.Base(f)), data)
	}
	return hash(parts...), nil
}

// codeView is what a page shows of a code in one language.
type codeView struct {
	Code       int
	ReplyText  string
	Transcript string
	Providers  []codes.ProviderReply
	Model      []codes.Case
	Refs       []codes.Reference
	RFCTitles  []string
	Related    []int
	Fields     []string
	Fallback   []bool
	Outdated   []bool
	// Related codes' titles and summaries appear on the code's page.
	RelatedText []string
}

func newKeys(cfg Config, in *Inputs, assets []asset) (*keys, error) {
	tmpl, err := readDir(cfg.TemplateDir, "*.html")
	if err != nil {
		return nil, err
	}
	var assetParts [][]byte
	for _, a := range assets {
		assetParts = append(assetParts, []byte(a.name), []byte(a.path))
	}
	// Which pairs the site has decides the compare links of every page.
	common := hash(tmpl, hash(assetParts...), []byte(cfg.BaseURL), []byte(cfg.Pairs.String()))
	k := &keys{global: map[string][]byte{}, code: map[string]map[int][]byte{}, codes: map[string][]byte{}, set: in.Codes,
		pairs: cfg.Pairs, headers: headersText(cfg, in, assets), langs: in.Catalog.Langs}
	var names [][]byte
	catalogs := map[string][]byte{}
	for _, lang := range in.Catalog.Langs {
		data, err := os.ReadFile(in.Catalog.File(lang))
		if err != nil {
			return nil, err
		}
		catalogs[lang] = data
		name, _, _ := in.Catalog.Lookup(lang, "lang_name")
		names = append(names, []byte(lang), []byte(name))
	}
	langNames := hash(names...)
	allParts := [][]byte{common}
	for _, lang := range in.Catalog.Langs {
		k.global[lang] = hash(common, langNames, catalogs[codes.DefaultLang], catalogs[lang])
		allParts = append(allParts, catalogs[lang])
		k.code[lang] = map[int][]byte{}
		var langParts [][]byte
		for _, c := range in.Codes.Codes {
			v := codeView{Code: c.Code, ReplyText: c.ReplyText, Transcript: c.Transcript, Providers: c.ProviderReplies, Model: c.Model, Refs: c.References, Related: c.Related}
			for _, r := range c.References {
				v.RFCTitles = append(v.RFCTitles, in.Codes.RFCs[r.RFC])
			}
			for _, f := range codes.Fields {
				s, fb := c.Get(lang, f)
				v.Fields = append(v.Fields, s)
				v.Fallback = append(v.Fallback, fb)
				v.Outdated = append(v.Outdated, in.Codes.Outdated(lang, l10n.CodePath(c.Code, string(f))))
			}
			for _, r := range c.Related {
				if rc, ok := in.Codes.Lookup(r); ok {
					t, _ := rc.Get(lang, codes.Title)
					s, _ := rc.Get(lang, codes.Summary)
					v.RelatedText = append(v.RelatedText, t, s)
				}
			}
			data, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			h := hash(data)
			k.code[lang][c.Code] = h
			langParts = append(langParts, h)
		}
		for _, e := range in.Codes.Enhanced {
			v := struct {
				Code      string
				Basic     []int
				Use       []codes.Class
				Refs      []codes.Reference
				Fields    []string
				Fallbacks []bool
				Outdated  []bool
			}{Code: e.Code, Basic: e.Basic, Use: e.Use, Refs: e.References}
			for _, f := range codes.EnhancedFields {
				s, fb := e.Get(lang, f)
				v.Fields = append(v.Fields, s)
				v.Fallbacks = append(v.Fallbacks, fb)
				v.Outdated = append(v.Outdated, in.Codes.Outdated(lang, l10n.EnhancedPath(e.Code, string(f))))
			}
			data, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			langParts = append(langParts, data)
		}
		k.codes[lang] = hash(langParts...)
		allParts = append(allParts, k.global[lang], k.codes[lang])
	}
	k.all = hash(allParts...)
	return k, nil
}

func toKey(sum []byte) output.Key {
	var key output.Key
	copy(key[:], sum)
	return key
}

func assetKey(a asset) output.Key { return toKey(hash([]byte(a.path), a.data)) }

// sitemap is the key of the sitemap files: they list every page's URL and
// alternates, all of which k.all covers.
func (k *keys) sitemap() output.Key { return toKey(hash([]byte("sitemap"), k.all)) }

func (k *keys) robots() output.Key { return toKey(hash([]byte("robots.txt"), k.all)) }

func (k *keys) schema() output.Key { return toKey(hash([]byte(api.SchemaPath), api.Schema)) }

// api is the key of a language's codes.json: its codes and the base URL.
func (k *keys) api(lang string) output.Key {
	return toKey(hash([]byte(api.Path(lang)), k.global[lang], k.codes[lang]))
}

// files lists every file of the site with its key, for checking whether
// the output is already current.
func (k *keys) files(in *Inputs, assets []asset) map[string]output.Key {
	out := make(map[string]output.Key, k.pairs.Count(in.Codes, in.Catalog.Langs)+len(assets)+3)
	for _, a := range assets {
		out[a.path] = assetKey(a)
	}
	n := 0
	site.PlanWith(in.Codes, in.Catalog.Langs, k.pairs, func(p site.Page) bool {
		out[p.File()] = k.page(p)
		n++
		return true
	})
	out["robots.txt"] = k.robots()
	out[headersFile] = k.headersKey()
	out[api.SchemaPath] = k.schema()
	for _, lang := range in.Catalog.Langs {
		out[api.Path(lang)] = k.api(lang)
	}
	if n-1 > maxSitemapURLs {
		for i := 0; i*maxSitemapURLs < n-1; i++ {
			out[fmt.Sprintf("sitemap-%d.xml", i+1)] = k.sitemap()
		}
	}
	out["sitemap.xml"] = k.sitemap()
	return out
}

// page returns the key of page p.
func (k *keys) page(p site.Page) output.Key {
	var sum []byte
	switch p.Kind {
	case site.Chooser, site.NotFound:
		sum = hash([]byte(p.File()), k.all)
	case site.Pair:
		var note []byte
		if n := k.set.Note(p.A.Code, p.B.Code); n != nil {
			text, _ := n.Get(p.Lang)
			note = []byte(text)
			if k.set.Outdated(p.Lang, l10n.PairPath(n.A, n.B)) {
				note = append(note, 0)
			}
		}
		sum = hash([]byte(p.File()), k.global[p.Lang], k.code[p.Lang][p.A.Code], k.code[p.Lang][p.B.Code], note)
	default:
		// Home, the index, code and enhanced pages list every code of the
		// language, or the enhanced codes seen with one.
		sum = hash([]byte(p.File()), k.global[p.Lang], k.codes[p.Lang])
	}
	// Which languages the page is translated into decides its hreflang
	// links and whether it is indexed.
	var translated []byte
	for _, lang := range k.langs {
		if render.Translated(k.set, p, lang) {
			translated = append(translated, 1)
		} else {
			translated = append(translated, 0)
		}
	}
	return toKey(hash(sum, translated))
}
