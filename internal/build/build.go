// Package build runs a whole build: load and validate every input, render
// every page concurrently into a staging tree, and swap it in for the output
// folder. It is the seam that cmd/gen and the whole-site tests call.
//
// Everything is loaded and validated before the first byte is written. A
// build that fails or is stopped before the swap (bad input, a template that
// fails on a page, a full disk, a cancelled context) removes its staging
// tree and leaves the previous output untouched. The swap itself replaces
// the output with the complete new tree in one step (see package output);
// a failure after it (writing the manifest, removing the previous tree)
// leaves the complete new site in place. Either way the error says which:
// output.StateOf.
package build

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/l10n"
	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
	"smtpcodes/internal/yamlfile"
)

// Config says where the inputs are and how to build.
type Config struct {
	DataFile    string
	TemplateDir string
	I18nDir     string
	// TextDir is the folder of the language files that hold the texts of
	// the code data; "" means I18nDir, where they live beside the UI
	// strings. Another folder pairs a separate data file (a test fixture,
	// synthetic data) with the site's UI strings.
	TextDir   string
	StaticDir string
	OutDir    string
	BaseURL   string
	// Strict turns every missing translation into an error.
	Strict bool
	// Workers is the number of pages in hand at once; 0 means two per
	// CPU, so that one page renders while another waits on the disk.
	Workers int
	// Progress, if set, receives a progress line, rewritten in place, while
	// a build that takes over a second runs.
	Progress io.Writer
	// Pairs is which pair pages to build (pairs in site.yaml).
	Pairs site.Pairs
	// HSTS is the value of the Strict-Transport-Security header that
	// _headers sends (hsts in site.yaml, checked by hosts.ParseHSTS); ""
	// sends none.
	HSTS string
	// Cache keeps what one build made of its inputs for the next (the
	// preview's builds); nil keeps, of one build, only what the cache
	// file beside the output holds (cache.go).
	Cache *Cache
}

// Result describes a finished build.
type Result struct {
	Pages     int      // HTML pages
	Files     int      // every file of the output
	Unchanged int      // files carried over from the previous build as they were
	Langs     []string // languages built
	Missing   []string // missing translations, one description each
	Outdated  []string // outdated or unmarked translations, one description each
	Duration  time.Duration
	Bytes     int64    // bytes of every file of the output
	Warnings  []string // limits of hosts the site goes over (hosts.go)

	rendered atomic.Int64
}

// Inputs is everything a build reads, loaded and validated.
type Inputs struct {
	Codes   *codes.Set
	Catalog *i18n.Catalog
	// Fields lists, per language other than English, every text it
	// translates or should (UI strings and the code data's texts).
	Fields map[string][]l10n.Field
	// Missing and Outdated describe the texts that are not translated,
	// and those translated from an English text that has changed since (or
	// not recorded), one line each with its position.
	Missing, Outdated []string
}

// Load reads and validates the translations and the code data.
func Load(cfg Config) (*Inputs, error) {
	// The language files are read twice, for their strings and for the
	// codes' texts, and decoded once.
	cache := codes.Cache{Decoded: yamlfile.NewCache()}
	if cfg.Cache != nil {
		cache.Checked = cfg.Cache.checked
		if cfg.Cache.decoded != nil {
			cache.Decoded = cfg.Cache.decoded
		}
		// The trees the cache file holds, which a file with the same
		// contents is read from instead of its YAML.
		cfg.Cache.trees.Begin()
		cache.Decoded.Trees = cfg.Cache.trees
	}
	// The UI strings and the codes are read side by side, the codes from
	// the language files the folder holds (the catalog's, once it is
	// read); a problem with the UI strings is reported first.
	var (
		cat    *i18n.Catalog
		catErr error
		wg     sync.WaitGroup
	)
	wg.Go(func() { cat, catErr = i18n.LoadCached(cfg.I18nDir, cache.Decoded) })
	set, err := codes.LoadCached(cfg.DataFile, textFiles(cfg), cache)
	wg.Wait()
	if catErr != nil {
		return nil, catErr
	}
	if err != nil {
		return nil, err
	}
	if cat.Langs[0] != codes.DefaultLang {
		panic(fmt.Sprintf("the catalog's reference language %q is not the code data's, %q: make i18n.Default and codes.DefaultLang agree", cat.Langs[0], codes.DefaultLang))
	}
	in := &Inputs{Codes: set, Catalog: cat, Fields: map[string][]l10n.Field{}}
	for _, lang := range cat.Langs[1:] {
		fields := slices.Concat(cat.Fields(lang), set.L10n[lang])
		in.Fields[lang] = fields
		file := cat.File(lang)
		for _, f := range fields {
			switch f.State() {
			case l10n.Missing:
				in.Missing = append(in.Missing, fmt.Sprintf("%s: %s is not translated; translate it from %s", file, f.Path, cat.File(i18n.Default)))
			case l10n.Outdated:
				in.Outdated = append(in.Outdated, fmt.Sprintf("%s:%d:%d: %s: the English text changed after this was translated; update the translation, then mark it current: make l10n-mark TAG=%s FIELDS=%s", f.File, f.Line, f.Col, f.Path, lang, f.Path))
			case l10n.Unmarked:
				in.Outdated = append(in.Outdated, fmt.Sprintf("%s:%d:%d: %s: translated, but which English it was made from is not recorded; check it against the English, then run make l10n-mark TAG=%s", f.File, f.Line, f.Col, f.Path, lang))
			}
		}
	}
	return in, nil
}

// textFiles lists the language files that hold the texts of the codes:
// every language file of the i18n folder, or, with a folder of texts, the
// files of those languages it holds (English always).
func textFiles(cfg Config) []string {
	files, _ := i18n.Files(cfg.I18nDir) // an error is the catalog's to report
	if cfg.TextDir == "" {
		return files
	}
	var texts []string
	for _, f := range files {
		lang := strings.TrimSuffix(filepath.Base(f), ".yaml")
		t := filepath.Join(cfg.TextDir, lang+".yaml")
		if _, err := os.Stat(t); err == nil || lang == i18n.Default {
			texts = append(texts, t)
		}
	}
	return texts
}

// Run builds the site.
func Run(cfg Config) (*Result, error) { return RunContext(context.Background(), cfg) }

// RunContext is Run, stopped when ctx is done before the swap: it removes
// the staging tree, leaves the output as it was and returns
// context.Cause(ctx), which errors.Is reports as context.Canceled (or
// DeadlineExceeded). Once the swap has begun the build runs to its end,
// which takes no longer than renaming a folder and writing the manifest.
func RunContext(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Cache == nil {
		cfg.Cache = newRunCache()
	}
	cfg.Cache.restore(cfg.OutDir)
	res, err := run(ctx, cfg)
	cfg.Cache.save(cfg.OutDir, err == nil)
	return res, err
}

// run is RunContext, with cfg.Cache set.
func run(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	stopped := func() error { return context.Cause(ctx) }
	// The previous build's manifests are read while the inputs load.
	var manifests sync.WaitGroup
	manifests.Go(func() { output.Preload(cfg.OutDir) })
	defer manifests.Wait()
	in, err := Load(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Strict && len(in.Missing)+len(in.Outdated) > 0 {
		return nil, fmt.Errorf("strict mode: %d missing and %d outdated translations:\n%s\n(translate them and mark them current, or build without -strict to show the English or the outdated text with a note)",
			len(in.Missing), len(in.Outdated), strings.Join(slices.Concat(in.Outdated, in.Missing), "\n"))
	}
	assets, err := readAssets(cfg.StaticDir)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(assets))
	for _, a := range assets {
		names[a.name] = a.path
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2 * runtime.GOMAXPROCS(0)
	}
	sums := map[string][]byte{}
	for _, lang := range in.Catalog.Langs {
		sums[lang] = in.Catalog.Sum(lang)
	}
	r, err := render.New(render.Config{
		Markdown:    cfg.Cache.markdown,
		TemplateDir: cfg.TemplateDir,
		Codes:       in.Codes,
		Catalog:     in.Catalog,
		BaseURL:     cfg.BaseURL,
		Assets:      names,
		Pairs:       cfg.Pairs,
		CatalogSums: sums,
	})
	if err != nil {
		return nil, err
	}
	list, err := planFiles(cfg, in, assets, r)
	if err != nil {
		return nil, err
	}
	// No two files may share a name: one would silently overwrite the
	// other. This is refused before anything is written.
	if err := site.Check(cfg.DataFile, in.Codes, in.Catalog.Langs, list.outputsOf()); err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, stopped()
	}
	manifests.Wait()
	if output.Unchanged(cfg.OutDir, list.count(), list.all(cfg, in)) {
		// Nothing the site is made from changed: the output is current.
		n := list.count()
		return report(cfg, list, output.Sizes(cfg.OutDir), &Result{Pages: len(list.pages), Files: n, Unchanged: n, Langs: in.Catalog.Langs, Missing: in.Missing, Outdated: in.Outdated, Duration: time.Since(start)}), nil
	}
	tree, err := output.New(cfg.OutDir, cfg.DataFile, cfg.TemplateDir, cfg.I18nDir, cfg.TextDir, cfg.StaticDir)
	if err != nil {
		return nil, err
	}
	res, err := write(ctx, cfg, tree, r, in, list)
	if err == nil && ctx.Err() != nil {
		err = stopped()
	}
	if err != nil {
		tree.Abort()
		return nil, err
	}
	if err := tree.Commit(); err != nil {
		return nil, err
	}
	res.Missing, res.Outdated = in.Missing, in.Outdated
	res.Duration = time.Since(start)
	return report(cfg, list, tree.Sizes(), res), nil
}
