package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"smtpcodes/internal/serve"
)

// reloadTarget is the save-to-reload time the README promises for the
// preview (issue 13).
const reloadTarget = 500 * time.Millisecond

// reload is the preview's save-to-reload time on the real site: each edit's
// time from saving i18n/en.yaml to the reloaded page, and the rebuild's own
// time as gen reports it.
type reload struct {
	code  string          // the code whose summary was edited
	page  string          // the URL path of its page
	times []time.Duration // save to reloaded page, one per edit
	build []time.Duration // the rebuild, from gen's summary line
}

func (r reload) median() time.Duration { return median(r.times) }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// String is the line make bench prints.
func (r reload) String() string {
	var each []string
	for _, d := range r.times {
		each = append(each, fmt.Sprintf("%.3f", d.Seconds()))
	}
	verdict := "met"
	if r.median() >= reloadTarget {
		verdict = "NOT met"
	}
	// What is not the rebuild: noticing the save, the event, the GET.
	var rest []time.Duration
	for i, d := range r.times {
		rest = append(rest, d-r.build[i])
	}
	return fmt.Sprintf("preview save-to-reload (real data, the summary of %s in i18n/en.yaml, %s): median of %d edits %.3f s (each: %s s; the rebuild as gen reports it, median %.3f s; the rest, median %.3f s); target %.1f s: %s",
		r.code, r.page, len(r.times), r.median().Seconds(), strings.Join(each, ", "), median(r.build).Seconds(), median(rest).Seconds(), reloadTarget.Seconds(), verdict)
}

// previewInputs are what gen reads with its default flags, copied from the
// repository for the preview to watch.
var previewInputs = []string{"data", "i18n", "templates", "static", "site.yaml"}

// measureReload copies the real inputs from repo into dir, starts gen
// -serve on them with the output in dir, waits for the first build and
// opens the build events as a page's script does. Then, edits times, it
// saves i18n/en.yaml with one more word in the summary of its first code,
// and times until the event of the new build has arrived and a GET of the
// code's English page returns the new text.
func measureReload(gen, repo, dir string, edits int) (reload, error) {
	var res reload
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	for _, in := range previewInputs {
		src, dst := filepath.Join(repo, in), filepath.Join(dir, in)
		fi, err := os.Stat(src)
		if err != nil {
			return res, fmt.Errorf("the real inputs: %w", err)
		}
		if fi.IsDir() {
			err = os.CopyFS(dst, os.DirFS(src))
		} else {
			err = copyFile(src, dst)
		}
		if err != nil {
			return res, err
		}
	}
	enFile := filepath.Join(dir, "i18n", "en.yaml")
	orig, err := os.ReadFile(enFile)
	if err != nil {
		return res, err
	}
	if res.code, err = firstCode(orig); err != nil {
		return res, fmt.Errorf("%s: %w", enFile, err)
	}
	if _, err := editSummary(orig, res.code, "x"); err != nil {
		return res, fmt.Errorf("%s: %w", enFile, err)
	}

	addr, err := freeAddr()
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	cmd := exec.Command(gen, "-serve", addr, "-out", "public")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return res, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}()
	fail := func(format string, args ...any) (reload, error) {
		return res, fmt.Errorf("preview: "+format+"\ngen's output:\n%s", append(args, out.String())...)
	}

	// serve.Run builds before it listens: once the server answers, the
	// first build is done.
	base := "http://" + addr
	client := &http.Client{Timeout: 10 * time.Second}
	for deadline := time.Now().Add(2 * time.Minute); ; {
		resp, err := client.Get(base + "/")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-exited:
			exited <- err // for the deferred stop
			return fail("gen ended before it served: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fail("no answer on %s after 2 minutes", addr)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "public", "en", "smtp", res.code+"-*", "index.html"))
	pages = slices.DeleteFunc(pages, func(p string) bool { return strings.Contains(p, "-vs-") })
	if len(pages) != 1 {
		return fail("%d English pages of %s (%q); want one", len(pages), res.code, pages)
	}
	rel, _ := filepath.Rel(filepath.Join(dir, "public"), filepath.Dir(pages[0]))
	res.page = siteBase(dir) + filepath.ToSlash(rel) + "/"

	events, err := openEvents(ctx, base)
	if err != nil {
		return fail("%v", err)
	}
	first, err := events.next(30 * time.Second)
	if err != nil {
		return fail("the first build event: %v", err)
	}
	if len(first.Errors) > 0 {
		return fail("the first build failed: %s", strings.Join(first.Errors, "\n"))
	}
	last := first.Build
	tmp := filepath.Join(dir, ".en.yaml.saving")
	for i := range edits {
		word := fmt.Sprintf("Reloadmark%dx%d", i+1, time.Now().UnixNano())
		text, _ := editSummary(orig, res.code, word)
		if err := os.WriteFile(tmp, text, 0o644); err != nil {
			return res, err
		}
		builds := out.count(summaryRE)
		// Saved as editors do it, in one step: the watcher never sees a
		// half-written file.
		start := time.Now()
		if err := os.Rename(tmp, enFile); err != nil {
			return res, err
		}
		st, err := events.next(30 * time.Second)
		if err != nil {
			return fail("edit %d: %v", i+1, err)
		}
		if st.Build == last {
			return fail("edit %d: the event repeats build %s", i+1, last)
		}
		if len(st.Errors) > 0 {
			return fail("edit %d: the rebuild failed: %s", i+1, strings.Join(st.Errors, "\n"))
		}
		last = st.Build
		resp, err := client.Get(base + res.page)
		if err != nil {
			return fail("edit %d: %v", i+1, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fail("edit %d: GET %s: %v", i+1, res.page, err)
		}
		d := time.Since(start)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(word)) {
			return fail("edit %d: GET %s after the build event: status %d, new text there: %v", i+1, res.page, resp.StatusCode, bytes.Contains(body, []byte(word)))
		}
		res.times = append(res.times, d)
		// gen printed its summary before it sent the event; our copy of
		// its output may lag a moment behind.
		for wait := time.Now().Add(time.Second); out.count(summaryRE) == builds && time.Now().Before(wait); {
			time.Sleep(5 * time.Millisecond)
		}
		if n := out.count(summaryRE) - builds; n != 1 {
			return fail("edit %d: %d builds for one save", i+1, n)
		}
		res.build = append(res.build, out.lastBuild())
	}
	return res, nil
}

// siteBase is the path of the site below the host, from base_url of
// site.yaml in dir ("/" when it has none).
func siteBase(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if err != nil {
		return "/"
	}
	m := regexp.MustCompile(`(?m)^base_url:\s*"?https?://[^/"\s]+(/[^"\s]*)?`).FindSubmatch(data)
	if m == nil || len(m[1]) == 0 {
		return "/"
	}
	p := string(m[1])
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// firstCode is the first code under codes: in a language file.
func firstCode(src []byte) (string, error) {
	_, rest, ok := strings.Cut(string(src), "\ncodes:\n")
	if !ok {
		return "", fmt.Errorf("no codes:")
	}
	m := regexp.MustCompile(`(?m)^  (\d{3}):\s*$`).FindStringSubmatch(rest)
	if m == nil {
		return "", fmt.Errorf("no code under codes:")
	}
	return m[1], nil
}

// editSummary returns src with word added to the first line of the summary
// of code (a block scalar, "summary: |").
func editSummary(src []byte, code, word string) ([]byte, error) {
	s := string(src)
	i := strings.Index(s, "\ncodes:\n")
	if i < 0 {
		return nil, fmt.Errorf("no codes:")
	}
	j := strings.Index(s[i:], "\n  "+code+":\n")
	if j < 0 {
		return nil, fmt.Errorf("no code %s under codes:", code)
	}
	start := i + j + len("\n  "+code+":\n")
	end := len(s)
	if k := regexp.MustCompile(`(?m)^  \S`).FindStringIndex(s[start:]); k != nil {
		end = start + k[0]
	}
	const key = "    summary: |\n"
	k := strings.Index(s[start:end], key)
	if k < 0 {
		return nil, fmt.Errorf("code %s has no summary written as a block (summary: |)", code)
	}
	lineEnd := strings.IndexByte(s[start+k+len(key):], '\n')
	if lineEnd < 0 {
		return nil, fmt.Errorf("code %s: the summary has no line", code)
	}
	at := start + k + len(key) + lineEnd
	return []byte(s[:at] + " " + word + "." + s[at:]), nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// freeAddr is a port of 127.0.0.1 that nothing listens on: gen -serve logs
// and links the address it is given, so it gets a real port.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// eventStream reads the preview's build events, as reload.js does.
type eventStream struct {
	states chan serve.State
	errs   chan error
}

func openEvents(ctx context.Context, base string) (*eventStream, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+serve.Prefix+"events", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %sevents: %s", serve.Prefix, resp.Status)
	}
	e := &eventStream{states: make(chan serve.State, 16), errs: make(chan error, 1)}
	go func() {
		defer resp.Body.Close()
		r := bufio.NewReader(resp.Body)
		var name, data string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				e.errs <- fmt.Errorf("the event stream ended: %v", err)
				return
			}
			line = strings.TrimRight(line, "\r\n")
			switch {
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				data += strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "":
				if name == "build" {
					var st serve.State
					if err := json.Unmarshal([]byte(data), &st); err != nil {
						e.errs <- fmt.Errorf("event %q: %v", data, err)
						return
					}
					e.states <- st
				}
				name, data = "", ""
			}
		}
	}()
	return e, nil
}

// next waits for the next build event.
func (e *eventStream) next(timeout time.Duration) (serve.State, error) {
	select {
	case st := <-e.states:
		return st, nil
	case err := <-e.errs:
		return serve.State{}, err
	case <-time.After(timeout):
		return serve.State{}, fmt.Errorf("no build event in %s", timeout)
	}
}

// summaryRE is gen's summary line of a good build, with its duration.
var summaryRE = regexp.MustCompile(`(?m)^gen: \d+ pages .*; ([0-9.]+)s$`)

// syncBuffer collects gen's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) count(re *regexp.Regexp) int { return len(re.FindAllStringIndex(s.String(), -1)) }

// lastBuild is the duration of the latest good build gen reported.
func (s *syncBuffer) lastBuild() time.Duration {
	all := summaryRE.FindAllStringSubmatch(s.String(), -1)
	if len(all) == 0 {
		return 0
	}
	f, _ := strconv.ParseFloat(all[len(all)-1][1], 64)
	return time.Duration(f * float64(time.Second))
}
