package render

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// frames renders, language by language on one lane of r, the pages of
// the site of set in the catalog's languages that keep accepts, each also
// with plain, a renderer without a memo (renderBoth), and returns, by
// language, which kinds the lane framed.
func frames(t *testing.T, r, plain *Renderer, set *codes.Set, keep func(site.Page) bool) map[string]map[site.Kind]bool {
	t.Helper()
	out := map[string]map[site.Kind]bool{}
	for _, lang := range r.cfg.Catalog.Langs {
		renderBoth(t, r, plain, set, []string{lang}, keep)
		l := <-r.lanes
		framed := map[site.Kind]bool{}
		for _, s := range l.sets {
			if s.lang != lang {
				continue
			}
			for kind, p := range s.parts {
				if p == nil {
					continue
				}
				if p.frame != nil {
					framed[site.Kind(kind)] = true
				}
				// What the page alone shows is compiled (compile.go),
				// once it has run.
				for k, o := range p.owned {
					if o.ran && o.prog == nil {
						t.Errorf("%s, %s pages: own template %q runs on text/template, %v", lang, site.Kind(kind).Template(), k.name, o.err)
					}
				}
			}
		}
		r.lanes <- l
		out[lang] = framed
	}
	return out
}

// realSite is the real site's data and catalogs, loaded once.
var realSite = sync.OnceValues(func() (*fixtureData, error) {
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		return nil, err
	}
	var texts []string
	for _, lang := range cat.Langs {
		texts = append(texts, filepath.Join("../../i18n", lang+".yaml"))
	}
	set, err := codes.Load("../../data/codes.yaml", texts)
	if err != nil {
		return nil, err
	}
	return &fixtureData{cat, set}, nil
})

// TestFramed checks that the pages there are n² of, the pairs of reply
// codes and of enhanced codes, are rendered from their kind's frame in
// every language of the real site (frame.go), with their own templates
// compiled (compile.go), and that they are the pages rendered whole by
// text/template: the pairs of a reply code with a pair note, and of an
// enhanced code.
func TestFramed(t *testing.T) {
	f, err := realSite()
	if err != nil {
		t.Fatal(err)
	}
	renderer := func(change func(*Config)) *Renderer {
		cfg := Config{TemplateDir: "../../templates", Codes: f.set, Catalog: f.cat, BaseURL: "https://example.org/docs/", Assets: testAssets}
		change(&cfg)
		r, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	memo := renderer(func(c *Config) { c.Lanes = 1 })
	plain := renderer(func(c *Config) { c.noMemo = true })
	set := f.set
	if len(set.Notes) == 0 || len(set.Enhanced) < 2 {
		t.Fatal("the real data should have a pair note and enhanced codes to compare")
	}
	// The other kinds are compared in TestMemo.
	note, enhanced := set.Notes[0], set.Enhanced[len(set.Enhanced)/2]
	keep := func(p site.Page) bool {
		switch p.Kind {
		case site.Pair:
			return p.A.Code == note.A || p.B.Code == note.A
		case site.EnhancedPair:
			return p.E == enhanced || p.F == enhanced
		}
		return false
	}
	for lang, framed := range frames(t, memo, plain, set, keep) {
		for _, kind := range []site.Kind{site.Pair, site.EnhancedPair} {
			if !framed[kind] {
				t.Errorf("%s: the %s pages are not framed: their template shows something of the page outside part, row and own", lang, kind.Template())
			}
		}
	}
}

// TestFrameRefused checks that a pair template which shows something of
// the page outside part, row and own is not framed, and that its pages
// are what it writes for each of them.
func TestFrameRefused(t *testing.T) {
	for name, edit := range map[string][2]string{
		// A field of a view, which the stand-ins have empty.
		"field of a view": {`{{part "th-code" $a}}`, `<th scope=col>{{$a.Code}}</th>`},
		// A field of the page itself.
		"field of the page": {`{{own "pair-head" .}}`, `<h1>{{.Title}}</h1>`},
		// A branch on a view the page may lack, and which every stand-in
		// has.
		"branch on a view": {`{{own "pair-head" .}}`, `{{own "pair-head" .}}{{with .Note}}<p>{{t "h_pair_note"}}</p>{{end}}`},
		// A branch on a list the page may lack, outside own.
		"branch on a list": {`{{own "pair-head" .}}`, `{{own "pair-head" .}}{{if .Differences}}<p>{{t "h_differences"}}</p>{{end}}`},
		// A part of a value made from a view.
		"part of a field": {`{{- part "pair-col" $a}}`, `{{- part "prose" $a.Desc}}`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			copyTemplates(t, dir, "pair.html", edit[0], edit[1])
			memo, set, _ := fixtureRenderer(t, func(c *Config) { c.TemplateDir = dir; c.Lanes = 1 })
			plain, _, _ := fixtureRenderer(t, func(c *Config) { c.TemplateDir = dir; c.noMemo = true })
			for lang, framed := range frames(t, memo, plain, set, func(site.Page) bool { return true }) {
				if framed[site.Pair] {
					t.Errorf("%s: the pair pages are framed", lang)
				}
			}
		})
	}
}

// copyTemplates copies the templates into dir, replacing old with new in
// the file name, where old must be.
func copyTemplates(t *testing.T, dir, name, old, new string) {
	t.Helper()
	files, err := filepath.Glob("../../templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if filepath.Base(f) == name {
			if !strings.Contains(s, old) {
				t.Fatalf("%s holds no %q", f, old)
			}
			s = strings.Replace(s, old, new, 1)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReleaseConcurrent releases the languages from several goroutines at
// once while pages of both render, as a build's releases may overlap:
// each Release holds every lane for a moment, and two must not each hold
// some and wait for the other's.
func TestReleaseConcurrent(t *testing.T) {
	r, set, cat := fixtureRenderer(t, func(c *Config) { c.Lanes = 2 })
	var pages []site.Page
	site.Plan(set, cat.Langs, func(p site.Page) bool {
		pages = append(pages, p)
		return true
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Go(func() {
				for i := w; i < 4*len(pages); i += 4 {
					if err := r.Render(io.Discard, pages[i%len(pages)]); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		for range 3 {
			for _, lang := range cat.Langs {
				wg.Go(func() {
					for range 20 {
						r.Release(lang)
					}
				})
			}
		}
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("rendering and releasing at once did not end within a minute: a deadlock")
	}
}
