//go:build e2e

// Package e2e drives Debian's Chromium, headless, against the built site
// served on 127.0.0.1, the way a reader uses it: search, bounce lookup,
// language switcher, compare picker; it checks for console errors, for
// pages wider than a phone and for each language's own stylesheet, runs
// axe-core on the main page kinds in every language the site has, light
// and dark, narrow and wide, saves screenshots, and runs the Nu HTML
// Checker over the pages.
//
// Run with make e2e, which installs what it needs. The site is built
// strictly from i18n/; E2E_I18N names another folder of language files
// (relative to the repository, or absolute), such as one with a draft
// language added, and builds from it without -strict, so that a draft with
// gaps still builds:
//
//	mkdir -p /tmp/ja && cp i18n/*.yaml i18n/wip/ja.yaml /tmp/ja/
//	E2E_I18N=/tmp/ja make e2e
package e2e

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"smtpcodes/internal/build"
	"smtpcodes/internal/serve"
)

var (
	siteDir  string   // the built site
	langs    []string // the languages it was built in
	baseURL  string   // where it is served
	browser  context.Context
	artifact = filepath.Join("artifacts")
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	baseURL = "http://" + ln.Addr().String() + "/"
	tmp, err := os.MkdirTemp("", "smtpcodes-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	siteDir = filepath.Join(tmp, "public")
	i18nDir, strict := "../i18n", true
	if dir := os.Getenv("E2E_I18N"); dir != "" {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join("..", dir)
		}
		i18nDir, strict = dir, false
	}
	res, err := build.Run(build.Config{
		DataFile: "../data/codes.yaml", TemplateDir: "../templates", I18nDir: i18nDir,
		StaticDir: "../static", OutDir: siteDir, BaseURL: baseURL, Strict: strict,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	langs = res.Langs
	fmt.Printf("e2e: built from %s in %s (%d missing and %d outdated translations)\n",
		i18nDir, strings.Join(langs, ", "), len(res.Missing), len(res.Outdated))
	srv := &http.Server{Handler: serve.Handler(siteDir, "/"), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	os.MkdirAll(artifact, 0o755)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "cannot start Chromium:", err)
		return 1
	}
	browser = ctx
	return m.Run()
}

func chromiumPath() string {
	for _, p := range []string{os.Getenv("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return "chromium"
}

// tab opens a new tab that records console errors and uncaught exceptions.
func tab(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var errs []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	tctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)
	return tctx, func() []string {
		// Give late messages of the page a moment to arrive.
		time.Sleep(100 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

func noErrors(t *testing.T, errs func() []string) {
	t.Helper()
	for _, e := range errs() {
		t.Errorf("%s", e)
	}
}

// codePath is the path of the page of a reply code ("552") or an enhanced
// code ("X.2.2") in lang.
func codePath(lang, code string) string {
	dir := lang + "/smtp/"
	if rest, ok := strings.CutPrefix(code, "X."); ok {
		dir += "enhanced/"
		code = "x-" + strings.ReplaceAll(rest, ".", "-")
	}
	matches, _ := filepath.Glob(filepath.Join(siteDir, filepath.FromSlash(dir), code+"-[a-z]*"))
	for _, m := range matches {
		if name := filepath.Base(m); !strings.Contains(name, "-vs-") {
			return dir + name + "/"
		}
	}
	return ""
}

type searchCase struct {
	lang, query string
	want        []string // codes that must be among the results
	open        string   // the result to reach with the arrow keys and open with Enter
}

// searchCases are real queries in each language: every language the site
// is built in needs at least one (TestSearch fails without), and a case of
// a language the site does not have is skipped.
var searchCases = []searchCase{
	{"en", "mailbox full", []string{"552", "X.2.2"}, "552"},
	{"vi", "hộp thư đầy", []string{"552", "X.2.2"}, "552"},
	// Two kanji of the title of 552, 割り当て容量超過, which X.2.2,
	// メールボックス容量超過, shares.
	{"ja", "超過", []string{"552", "X.2.2"}, "552"},
	// Words run together without the particle of the text: the summaries
	// of 552 and X.2.2 say メールボックスがいっぱい.
	{"ja", "メールボックスいっぱい", []string{"552", "X.2.2"}, "X.2.2"},
	// Four hanzi, the title of X.2.2 (邮箱已满), which the summary of 552
	// has too; and two of the title of 552 (超出存储配额).
	{"zh-CN", "邮箱已满", []string{"552", "X.2.2"}, "X.2.2"},
	{"zh-CN", "超出", []string{"552"}, "552"},
	// Without the accent of buzón.
	{"es", "buzon lleno", []string{"552", "X.2.2"}, "552"},
	// Without the accent of indisponível: the titles of 450 and 550.
	{"pt-BR", "caixa indisponivel", []string{"450", "550"}, "550"},
	// Without the umlaut of überschritten: the title of 552.
	{"de", "speicherkontingent uberschritten", []string{"552"}, "552"},
	// Without the accents of « Capacité de stockage dépassée », 552.
	{"fr", "capacite depassee", []string{"552"}, "552"},
}

func TestSearch(t *testing.T) {
	for _, lang := range langs {
		if !slices.ContainsFunc(searchCases, func(c searchCase) bool { return c.lang == lang }) {
			t.Errorf("the site is built in %s, but searchCases has no query in it; add one", lang)
		}
	}
	for _, tc := range searchCases {
		t.Run(tc.lang+"/"+tc.query, func(t *testing.T) {
			if !slices.Contains(langs, tc.lang) {
				t.Skipf("the site has no %s", tc.lang)
			}
			ctx, errs := tab(t)
			err := chromedp.Do(ctx,
				chromedp.Navigate(baseURL+tc.lang+"/"),
				chromedp.WaitVisible(chromedp.ID("search-input")),
				chromedp.SendKeys(chromedp.ID("search-input"), tc.query),
				chromedp.WaitVisible(chromedp.CSS("#search-results li[role=option]")),
			)
			if err != nil {
				t.Fatal(err)
			}
			nums, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#search-results li[role=option] .num')].map(n => n.textContent)`))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if !slices.Contains(nums, want) {
					t.Fatalf("search %q offers %v; want %s among the results", tc.query, nums, want)
				}
			}
			// Move to the code with the arrow keys, then open it with Enter.
			for range nums {
				selected, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#search-results li[aria-selected=true] .num")))
				if err != nil {
					t.Fatal(err)
				}
				if selected == tc.open {
					break
				}
				if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
					t.Fatal(err)
				}
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("article"))); err != nil {
				t.Fatal(err)
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if want := baseURL + codePath(tc.lang, tc.open); loc != want {
				t.Errorf("Enter opened %s; want %s", loc, want)
			}
			noErrors(t, errs)
		})
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		sample string
		want   []string
	}{
		{"gmail-over-quota.txt", []string{"552", "5.2.2"}},
		{"postfix-dsn.txt", []string{"550", "5.1.1"}},
		{"greylisting.txt", []string{"451", "4.7.1"}},
		// X.6.0 is registered for failures only: after a 250 the page says
		// what the subject is, not a failure summary.
		{"exchange-queued.txt", []string{"250", "2.6.0", "Success: about the message's content or format"}},
	} {
		t.Run(tc.sample, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("..", "testdata", "bounces", tc.sample))
			if err != nil {
				t.Fatal(err)
			}
			ctx, errs := tab(t)
			err = chromedp.Do(ctx,
				chromedp.Navigate(baseURL+"en/lookup/"),
				chromedp.WaitVisible(chromedp.ID("bounce")),
				chromedp.SetValue(chromedp.ID("bounce"), string(text)),
				chromedp.Click(chromedp.CSS("form.lookup button")),
				chromedp.WaitVisible(chromedp.CSS("#lookup-results ul")),
			)
			if err != nil {
				t.Fatal(err)
			}
			out, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("lookup-results")))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("lookup of %s shows %q; want %s in it", tc.sample, out, w)
				}
			}
			noErrors(t, errs)
		})
	}
}

func TestLanguageSwitcher(t *testing.T) {
	ctx, errs := tab(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+codePath("en", "552")),
		chromedp.Click(chromedp.CSS(`.langs a[lang="vi"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="vi"] article.code-page`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if want := baseURL + codePath("vi", "552"); loc != want {
		t.Errorf("switching to Vietnamese opened %s; want %s", loc, want)
	}
	noErrors(t, errs)
}

func TestComparePicker(t *testing.T) {
	ctx, errs := tab(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"en/smtp/"),
		chromedp.WaitVisible(chromedp.CSS("form.compare-picker")),
		chromedp.SetValue(chromedp.CSS(`form.compare-picker select[name="a"]`), "552"),
		chromedp.SetValue(chromedp.CSS(`form.compare-picker select[name="b"]`), "354"),
		chromedp.Click(chromedp.CSS("form.compare-picker button")),
		chromedp.WaitVisible(chromedp.CSS("article.pair-page")),
	)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if want := baseURL + "en/smtp/354-vs-552/"; loc != want {
		t.Errorf("the picker opened %s; want %s", loc, want)
	}
	noErrors(t, errs)
}

// TestPageScripts checks what the page scripts add in a real browser:
// heading anchors, copy buttons, and the search code loading only when
// the reader first uses the box (it is not part of a page's weight).
func TestPageScripts(t *testing.T) {
	ctx, errs := tab(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+codePath("vi", "550")),
		chromedp.WaitVisible(chromedp.CSS(`#h-fix-sender a.anchor[href="#h-fix-sender"]`)),
		chromedp.WaitVisible(chromedp.CSS(`figure.reply button.copy`)),
	); err != nil {
		t.Fatal(err)
	}
	count := `document.querySelectorAll('script[src*="/search."], link[href*="/search."]').length`
	before, err := chromedp.Run(ctx, chromedp.Evaluate[int](count))
	if err != nil {
		t.Fatal(err)
	}
	if before != 0 {
		t.Errorf("search.js or search.css loaded before the search box was used (%d)", before)
	}
	label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#h-fix-sender a.anchor').getAttribute('aria-label')`))
	if err != nil {
		t.Fatal(err)
	}
	if label != "Liên kết tới mục này" {
		t.Errorf("the anchor's label is %q; want the Vietnamese one", label)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("search-input")),
		chromedp.SendKeys(chromedp.ID("search-input"), "550"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results li[aria-selected=true]`)),
	); err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[int](count))
	if err != nil {
		t.Fatal(err)
	}
	if after != 2 {
		t.Errorf("after the search box was used, %d of search.js and search.css are loaded; want 2", after)
	}
	noErrors(t, errs)
}

// axeResult is the part of axe.run's result the test reads.
type axeResult struct {
	Passes     []struct{ ID string } `json:"passes"`
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			HTML string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// TestLangStylesheet checks in the browser that a language with its own
// stylesheet (static/lang/{lang}.css) gets it, past the Content-Security-
// Policy, and that the others do not; for Japanese and Chinese, that their
// fonts come first and emphasis is upright.
func TestLangStylesheet(t *testing.T) {
	type styles struct {
		Sheets   []string `json:"sheets"` // the links of the page's stylesheets, in order
		Font     string   `json:"font"`   // the body's font-family
		EmStyle  string   `json:"em"`     // the font-style of an em in the page's language
		RulesErr string   `json:"rulesErr"`
	}
	const read = `(() => {
  const sheets = [...document.styleSheets].map(s => s.href || '');
  let rulesErr = '';
  for (const s of document.styleSheets) {
    try { if (!s.cssRules.length) rulesErr += s.href + ' is empty; '; } catch (e) { rulesErr += s.href + ': ' + e + '; '; }
  }
  const em = document.createElement('em');
  document.querySelector('main').appendChild(em);
  return {sheets, font: getComputedStyle(document.body).fontFamily, em: getComputedStyle(em).fontStyle, rulesErr};
})()`
	fonts := map[string]string{"ja": `"Hiragino Sans"`, "zh-CN": `"PingFang SC"`}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			_, err := os.Stat(filepath.Join("..", "static", "lang", lang+".css"))
			own := err == nil
			ctx, errs := tab(t)
			if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+codePath(lang, "550")), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
				t.Fatal(err)
			}
			st, err := chromedp.Run(ctx, chromedp.Evaluate[styles](read))
			if err != nil {
				t.Fatal(err)
			}
			if st.RulesErr != "" {
				t.Errorf("stylesheets not loaded: %s", st.RulesErr)
			}
			i := slices.IndexFunc(st.Sheets, func(h string) bool { return strings.Contains(h, "/assets/lang/") })
			switch {
			case own && i != len(st.Sheets)-1:
				t.Errorf("the stylesheets are %q; want static/lang/%s.css last", st.Sheets, lang)
			case !own && i >= 0:
				t.Errorf("the stylesheets are %q; want none of static/lang/ (there is no %s.css)", st.Sheets, lang)
			}
			if font, ok := fonts[lang]; ok {
				if !strings.HasPrefix(st.Font, font) {
					t.Errorf("the font-family is %s; want it to start with %s", st.Font, font)
				}
				if st.EmStyle != "normal" {
					t.Errorf("em is %s; want it upright", st.EmStyle)
				}
			}
			noErrors(t, errs)
		})
	}
}

// samplePages are the pages the tests of every language look at, by name.
var samplePages = map[string]func(lang string) string{
	"home": func(lang string) string { return lang + "/" },
	// 550 is the heaviest page, with the longest texts.
	"code": func(lang string) string { return codePath(lang, "550") },
	"pair": func(lang string) string { return lang + "/smtp/354-vs-552/" },
	// The enhanced index is the longest table; the enhanced pair
	// nests its two meanings under "When you see this code".
	"enhanced":      func(lang string) string { return lang + "/smtp/enhanced/" },
	"enhanced-pair": func(lang string) string { return lang + "/smtp/enhanced/x-2-2-vs-x-3-1/" },
	"lookup":        func(lang string) string { return lang + "/lookup/" },
}

// TestNoOverflow checks that at 390 px, the width of a phone, no page of
// the sample is wider than the screen in any language: long words,
// commands and addresses wrap, and what cannot (a transcript, a table)
// scrolls in its own box. The lookup page is checked with its results
// shown, the code lists of a pasted bounce.
func TestNoOverflow(t *testing.T) {
	sample, err := os.ReadFile(filepath.Join("..", "testdata", "bounces", "postfix-dsn.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// overflow lists the elements that reach past the right edge of the
	// screen and are not inside a box that scrolls or clips them.
	const overflow = `(() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 0.5) continue;
    let p = el.parentElement;
    while (p && p !== document.body && getComputedStyle(p).overflowX === 'visible') p = p.parentElement;
    if (p && p !== document.body) continue;
    out.push('<' + el.tagName.toLowerCase() + (el.className ? ' class="' + el.className + '"' : '') + '> ' + Math.round(r.right) + ' px: ' + el.textContent.trim().slice(0, 80));
  }
  return {scroll: document.documentElement.scrollWidth, width: width, wide: out};
})()`
	type result struct {
		Scroll int      `json:"scroll"`
		Width  int      `json:"width"`
		Wide   []string `json:"wide"`
	}
	for _, lang := range langs {
		for _, name := range []string{"home", "code", "pair", "lookup"} {
			t.Run(lang+"-"+name, func(t *testing.T) {
				ctx, errs := tab(t)
				phone := func(ctx context.Context, _ *chromedp.Target) error {
					_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
					return err
				}
				actions := []chromedp.Action[chromedp.Void]{
					chromedp.Func(phone),
					chromedp.Navigate(baseURL + samplePages[name](lang)),
					chromedp.WaitReady(chromedp.CSS("footer")),
				}
				if name == "lookup" {
					actions = append(actions,
						chromedp.WaitVisible(chromedp.ID("bounce")),
						chromedp.SetValue(chromedp.ID("bounce"), string(sample)),
						chromedp.Click(chromedp.CSS("form.lookup button")),
						chromedp.WaitVisible(chromedp.CSS("#lookup-results ul")),
					)
				}
				if err := chromedp.Do(ctx, actions...); err != nil {
					t.Fatal(err)
				}
				res, err := chromedp.Run(ctx, chromedp.Evaluate[result](overflow))
				if err != nil {
					t.Fatal(err)
				}
				if res.Width != 390 {
					t.Fatalf("the page is %d px wide; want the 390 px of the emulated phone", res.Width)
				}
				if res.Scroll > res.Width || len(res.Wide) > 0 {
					t.Errorf("%s at 390 px: the page is %d px wide; what reaches past the edge:\n%s", samplePages[name](lang), res.Scroll, strings.Join(first(res.Wide, 5), "\n"))
				}
				noErrors(t, errs)
			})
		}
	}
}

func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("%v (run make e2e, which installs axe-core)", err)
	}
	for _, lang := range langs {
		for _, name := range []string{"home", "code", "pair", "enhanced", "enhanced-pair"} {
			for _, scheme := range []string{"light", "dark"} {
				for _, width := range []int64{390, 1280} {
					id := fmt.Sprintf("%s-%s-%s-%d", lang, name, scheme, width)
					t.Run(id, func(t *testing.T) {
						ctx, errs := tab(t)
						setup := func(ctx context.Context, tg *chromedp.Target) error {
							if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
								return err
							}
							if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
								return err
							}
							_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
							return err
						}
						err := chromedp.Do(ctx,
							chromedp.Func(setup),
							chromedp.Navigate(baseURL+samplePages[name](lang)),
							chromedp.WaitReady(chromedp.CSS("footer")),
						)
						if err != nil {
							t.Fatal(err)
						}
						if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
							t.Fatal(err)
						}
						res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})`, chromedp.EvalAwaitPromise))
						if err != nil {
							t.Fatal(err)
						}
						shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
						if err != nil {
							t.Fatal(err)
						}
						os.WriteFile(filepath.Join(artifact, id+".jpg"), shot, 0o644)
						if len(res.Passes) < 10 {
							t.Errorf("axe passed only %d rules; it did not run on the page", len(res.Passes))
						}
						for _, v := range res.Violations {
							var where []string
							for _, n := range v.Nodes {
								where = append(where, n.HTML)
							}
							t.Errorf("axe %s: %s (%d nodes): %s", v.ID, v.Help, len(v.Nodes), strings.Join(first(where, 3), " | "))
						}
						noErrors(t, errs)
					})
				}
			}
		}
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestHTMLValidity runs the Nu HTML Checker over every page of English and
// over a sample of the pages of every other language the site has: every
// 25th, and the sample pages of the other tests.
func TestHTMLValidity(t *testing.T) {
	jar := filepath.Join("node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("%v (run make e2e, which installs vnu-jar)", err)
	}
	var files []string
	for _, lang := range langs {
		var all []string
		filepath.WalkDir(filepath.Join(siteDir, lang), func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".html") {
				all = append(all, p)
			}
			return nil
		})
		if len(all) == 0 {
			t.Errorf("the site is built in %s, but %s has no pages", lang, filepath.Join(siteDir, lang))
		}
		if lang == "en" {
			files = append(files, all...)
			continue
		}
		sort.Strings(all)
		for i := 0; i < len(all); i += 25 {
			files = append(files, all[i])
		}
		for _, name := range slices.Sorted(maps.Keys(samplePages)) {
			p := filepath.Join(siteDir, filepath.FromSlash(samplePages[name](lang)), "index.html")
			if !slices.Contains(files, p) {
				files = append(files, p)
			}
		}
	}
	files = append(files, filepath.Join(siteDir, "index.html"), filepath.Join(siteDir, "404.html"))
	args := append([]string{"-jar", jar, "--errors-only", "--format", "text"}, files...)
	out, err := exec.Command("java", args...).CombinedOutput()
	if err != nil {
		t.Errorf("the Nu HTML Checker reports errors in %d files checked:\n%s", len(files), out)
	}
	t.Logf("checked %d pages", len(files))
}
