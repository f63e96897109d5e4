// Command gen builds the smtpcodes website.
//
// It reads the code data, the templates, the translations and the static
// assets, and writes the complete site into the output folder, replacing the
// previous build only when the new one is complete.
//
// It refuses an -out that a build must not replace (an input folder, a
// folder holding an input or the working folder, a folder of files no
// build wrote) before it reads or writes anything.
//
// The base URL, from -base-url or the settings file, is checked before
// anything is written (build.BaseURL).
//
// Ctrl-C or SIGTERM stops a build: the staging folder is removed, the
// output is left as it was, and gen exits 1. A second signal ends gen at
// once (the next build removes what it leaves).
//
// Exit status: 0 success, 1 build error (an interrupted build included),
// 2 usage error (a refused -out or a bad -base-url included).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"

	"smtpcodes/internal/build"
	"smtpcodes/internal/hosts"
	"smtpcodes/internal/output"
	"smtpcodes/internal/serve"
)

func main() {
	ctx, stop := notifyContext()
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// notifyContext returns a context cancelled by the first Ctrl-C or
// SIGTERM. After it, the signals' default action is back, so a second one
// ends the process at once.
func notifyContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// run is gen with its arguments and outputs; ctx stops the build (or the
// preview server) when it is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg build.Config
	fs.StringVar(&cfg.DataFile, "data", "data/codes.yaml", "the code data file")
	fs.StringVar(&cfg.TemplateDir, "templates", "templates", "the folder of HTML templates")
	fs.StringVar(&cfg.I18nDir, "i18n", "i18n", "the folder of language files (en.yaml, vi.yaml, ...)")
	fs.StringVar(&cfg.TextDir, "texts", "", "the folder of language files holding the texts of -data (default: the -i18n folder,\nwhere they live beside the UI strings)")
	fs.StringVar(&cfg.StaticDir, "static", "static", "the folder of static assets (CSS, icons), copied with content-hashed names")
	fs.StringVar(&cfg.OutDir, "out", "public", "the output folder; replaced only when the build succeeds")
	config := fs.String("config", "site.yaml", "the settings file that holds the production base_url")
	fs.StringVar(&cfg.BaseURL, "base-url", "", "absolute URL of the site root for canonical links and the sitemap,\nending in /; a path such as https://example.org/docs/smtp/ prefixes\nevery internal link (default: base_url of the settings file)")
	fs.BoolVar(&cfg.Strict, "strict", false, "fail on any missing translation instead of falling back to English")
	fs.IntVar(&cfg.Workers, "workers", 0, "pages in hand at once, rendering or being written (default: two per CPU)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof); with -serve, of the preview's\nbuilds and rebuilds until it ends")
	status := fs.Bool("status", false, "print, per language, how many texts are translated, outdated, unmarked or missing, and exit")
	verbose := fs.Bool("v", false, "with -status: list every text that is not current, with its position and its English")
	mark := fs.String("mark", "", "LANG or LANG:PATH,PATH...: record that lang's translations at those paths (codes/552/description,\nor codes/552 for every field of 552) were made from the English as it is now, and exit;\nwith LANG alone, record every translation that has no record yet")
	addr := fs.String("serve", "", "after building, serve the site on this address (like 127.0.0.1:8080)\nand rebuild it whenever an input changes")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gen [flags]\n\nBuilds the smtpcodes website into -out.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen: unexpected argument %q; gen takes only flags (see gen -h)\n", fs.Arg(0))
		return 2
	}
	if *status || *mark != "" {
		return l10nCommand(cfg, *status, *verbose, *mark, stdout, stderr)
	}
	// In GitHub Actions, every error and warning is printed a second time
	// as a workflow command, which GitHub shows on the pull request.
	ann := newAnnotator(os.Getenv)
	// A mistyped -out must not cost a single file: refuse it before
	// anything is read or written.
	if err := output.Check(cfg.OutDir, cfg.DataFile, cfg.TemplateDir, cfg.I18nDir, cfg.TextDir, cfg.StaticDir, *config); err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		ann.errors(stderr, err)
		fmt.Fprintln(stderr, "gen: nothing was written")
		return 2
	}
	// The base URL goes into every link: check it, from the flag or the
	// settings file, before anything is written.
	base, err := build.BaseURL(cfg.BaseURL, *config)
	if err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		ann.errors(stderr, err)
		fmt.Fprintln(stderr, "gen: nothing was written")
		if cfg.BaseURL != "" {
			return 2 // the flag is wrong
		}
		return 1 // the settings file is
	}
	cfg.BaseURL = base
	settings, err := build.HostSettings(*config)
	if err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		ann.errors(stderr, err)
		fmt.Fprintln(stderr, "gen: nothing was written")
		return 1
	}
	cfg.Pairs = settings.Pairs
	if *addr == "" {
		// Not in the preview: a browser behind a proxy that serves it over
		// HTTPS would keep the header for a host that is not the site's.
		cfg.HSTS = settings.HSTS
	}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			cfg.Progress = stderr
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 2
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *addr != "" {
		u, _ := url.Parse(cfg.BaseURL) // checked by build.BaseURL
		// Canonical links point at the preview server, under the same path.
		cfg.BaseURL = "http://" + *addr + u.Path
		// A save changes one file: the others are not read again.
		cfg.Cache = build.NewCache()
		err = serve.Run(ctx, serve.Options{
			Addr: *addr, BasePath: u.Path, Root: cfg.OutDir,
			Inputs:  slices.DeleteFunc([]string{cfg.DataFile, cfg.TemplateDir, cfg.I18nDir, cfg.TextDir, cfg.StaticDir}, func(s string) bool { return s == "" }),
			Rebuild: func() error { return buildOnce(ctx, cfg, ann, stdout, stderr) },
			Prepare: func() {
				if err := output.PrepareSpare(cfg.OutDir); err != nil {
					fmt.Fprintln(stderr, "gen: the spare tree could not be made, so the first rebuild links every file:", err)
				}
			},
			Log: func(format string, args ...any) { fmt.Fprintf(stderr, "gen: "+format+"\n", args...) },
		})
		if err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 1
		}
		return 0
	}
	if err := buildOnce(ctx, cfg, ann, stdout, stderr); err != nil {
		return 1
	}
	return 0
}

// buildOnce builds the site and reports the outcome: one summary line on
// stdout, or every error on stderr, one per line; ann, when not nil,
// annotates the errors and the warnings.
func buildOnce(ctx context.Context, cfg build.Config, ann *annotator, stdout, stderr io.Writer) error {
	res, err := build.RunContext(ctx, cfg)
	if err != nil {
		reportFailure(stderr, err, cfg.OutDir, ann)
		return err
	}
	fmt.Fprintf(stdout, "gen: %d pages (%d files, %s, %d unchanged) in %s; %d missing and %d outdated translations; %.2fs\n",
		res.Pages, res.Files, hosts.Size(res.Bytes), res.Unchanged, strings.Join(res.Langs, ", "), len(res.Missing), len(res.Outdated), res.Duration.Seconds())
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "gen: warning:", w)
		ann.warning(stderr, w)
	}
	return nil
}

// l10nCommand prints the status of the translations or marks some current.
func l10nCommand(cfg build.Config, status, verbose bool, mark string, stdout, stderr io.Writer) int {
	if mark != "" {
		lang, list, _ := strings.Cut(mark, ":")
		var paths []string
		for _, p := range strings.Split(list, ",") {
			if p = strings.TrimSpace(p); p != "" {
				paths = append(paths, p)
			}
		}
		n, file, err := build.Mark(cfg, lang, paths)
		if err != nil {
			fmt.Fprintln(stderr, "gen:", err)
			return 1
		}
		noun := "translations"
		if n == 1 {
			noun = "translation"
		}
		fmt.Fprintf(stdout, "gen: %s: %d %s marked current\n", file, n, noun)
		if !status {
			return 0
		}
	}
	in, err := build.Load(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	build.Report(stdout, in, verbose)
	return 0
}

// reportFailure writes the error of a build into out: each problem on a
// line of its own (and annotated by ann, when not nil), then one line that
// says exactly what out holds now.
func reportFailure(w io.Writer, err error, out string, ann *annotator) {
	if errors.Is(err, context.Canceled) {
		// Stopped by a signal, which is no problem of the inputs: only
		// say what happened and what the output holds. The build stops
		// only before the swap.
		fmt.Fprintf(w, "gen: %v: the build stopped; what it wrote is kept for the next build\n", err)
		fmt.Fprintf(w, "gen: build stopped; %s was left as it was\n", out)
		return
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, line)
	}
	ann.errors(w, err)
	switch output.StateOf(err) {
	case output.Replaced:
		fmt.Fprintf(w, "gen: build failed after the swap; %s holds the complete new site\n", out)
	case output.Aside:
		fmt.Fprintf(w, "gen: build failed during the swap; %s holds no site (see above for where the previous one is)\n", out)
	default:
		fmt.Fprintf(w, "gen: build failed; %s was left as it was\n", out)
	}
}
