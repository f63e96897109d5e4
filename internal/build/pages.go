package build

// Writing a build: the pages, rendered by a pool of workers while the
// planner streams the sitemap, and the files of the list besides them.

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"smtpcodes/internal/output"
	"smtpcodes/internal/render"
	"smtpcodes/internal/site"
)

// write writes every file of list into tree: the pages, rendered with a
// pool of workers unless the previous output has them under the same key,
// the files of the sitemap's URLs, streamed as the pages are planned
// unless carried over, and the other files. It
// stops early, with context.Cause(ctx), when ctx is done.
func write(ctx context.Context, cfg Config, tree *output.Tree, r *render.Renderer, in *Inputs, list *files) (*Result, error) {
	res := &Result{Langs: in.Catalog.Langs}
	for i := range list.others {
		f := &list.others[i]
		if !tree.Reuse(f.File, f.key) {
			if err := tree.Write(f.File, f.key, f.data); err != nil {
				return nil, err
			}
		}
		if f.make != nil {
			f.data = nil // written: the pages need the memory more
		}
	}
	cfg.Cache.stage(tree)
	n, err := writePages(ctx, cfg, tree, r, in, list, &res.rendered, newSitemapWriter(tree, r, list.sitemap))
	if err != nil {
		return nil, err
	}
	res.Pages = n
	res.Files, res.Unchanged = tree.Written()+tree.Linked(), tree.Linked()
	if want := list.count(); res.Files != want {
		// A file written but not listed would keep the next build from
		// ever finding the output current.
		return nil, fmt.Errorf("internal error: the build wrote %d files but lists %d; list every file in outputs (internal/build/files.go)", res.Files, want)
	}
	return res, nil
}

// writePages renders every page into tree with cfg.Workers workers and
// adds each to the sitemap, counting the pages done in done. It returns
// the number of pages.
func writePages(ctx context.Context, cfg Config, tree *output.Tree, r *render.Renderer, in *Inputs, list *files, done *atomic.Int64, sm *sitemapWriter) (int, error) {
	stopProgress := progress(cfg.Progress, len(list.pages), done)
	defer stopProgress()
	type job struct {
		n    int
		page site.Page
		file string // page.File()
		key  output.Key
		lang *sync.WaitGroup // the pages of the job's language not done yet
	}
	// Jobs go to the workers in batches: a channel send per page costs
	// as much as checking that a page is carried over.
	const batchSize = 32
	jobs := make(chan []job, cfg.Workers*2)
	var (
		mu     sync.Mutex
		errAt  = -1
		failed atomic.Bool
		wg     sync.WaitGroup
		first  error
	)
	fail := func(n int, err error) {
		mu.Lock()
		defer mu.Unlock()
		failed.Store(true)
		// Report the failure of the earliest page in plan order, so the
		// message does not depend on scheduling.
		if errAt < 0 || n < errAt {
			first, errAt = err, n
		}
	}
	for range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			page := func(j job) error {
				if ctx.Err() != nil || tree.Reuse(j.file, j.key) {
					return ctx.Err() // drain: the plan stops at the next page
				}
				var err error
				if buf, err = r.AppendPage(buf[:0], j.page); err != nil {
					return err
				}
				return tree.Write(j.file, j.key, buf)
			}
			for batch := range jobs {
				for _, j := range batch {
					switch err := page(j); {
					case err == nil:
						done.Add(1)
					case ctx.Err() == nil:
						fail(j.n, err)
					}
					j.lang.Done()
				}
			}
		}()
	}
	// The plan yields one language's pages after another's: once the last
	// page of a language is rendered, the renderer lets go of what it
	// keeps for that language's pages.
	lang, langPages := "", &sync.WaitGroup{}
	var released sync.WaitGroup
	release := func() {
		if lang == "" {
			return
		}
		released.Add(1)
		go func(lang string, pages *sync.WaitGroup) {
			defer released.Done()
			pages.Wait()
			r.Release(lang)
		}(lang, langPages)
	}
	n := 0
	batch := make([]job, 0, batchSize)
	send := func() {
		if len(batch) > 0 {
			jobs <- batch
			batch = make([]job, 0, batchSize)
		}
	}
	site.PlanWith(in.Codes, in.Catalog.Langs, cfg.Pairs, func(p site.Page) bool {
		if failed.Load() || ctx.Err() != nil {
			return false
		}
		// Folders are made here, in plan order and ahead of the page that
		// needs them, while the workers render: the disk's wait for a
		// mkdir overlaps the rendering of earlier pages.
		file := p.File()
		if err := tree.Mkdir(file); err != nil {
			fail(n, err)
			return false
		}
		if p.Lang != lang {
			send()
			release()
			lang, langPages = p.Lang, &sync.WaitGroup{}
		}
		langPages.Add(1)
		if n >= len(list.pages) {
			fail(n, fmt.Errorf("internal error: the build writes more pages than the %d it planned", len(list.pages)))
			return false
		}
		if batch = append(batch, job{n: n, page: p, file: file, key: list.pages[n], lang: langPages}); len(batch) == batchSize {
			send()
		}
		n++
		if inSitemap(r, p) {
			if err := sm.add(p); err != nil {
				fail(n, err)
				return false
			}
		}
		return true
	})
	send()
	close(jobs)
	wg.Wait()
	released.Wait()
	// A plan stopped early leaves the sitemap short: only a finished one
	// must have filled every file planned.
	if err := sm.close(); err != nil && first == nil && ctx.Err() == nil {
		first = err
	}
	if first != nil {
		return 0, first
	}
	if ctx.Err() != nil {
		return 0, context.Cause(ctx)
	}
	return n, nil
}

// progress prints "rendered N/M pages" over itself on w while a build that
// has run for over a second goes on. It returns the function that stops it.
func progress(w io.Writer, total int, done *atomic.Int64) func() {
	if w == nil {
		return func() {}
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.NewTimer(time.Second)
		defer start.Stop()
		select {
		case <-stop:
			return
		case <-start.C:
		}
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(w, "\rgen: %d/%d pages", done.Load(), total)
			select {
			case <-stop:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(stop)
		<-finished
	}
}
