// Command run is the build benchmark behind `make bench`.
//
// For each size it writes synthetic inputs with bench/synth, builds them
// with the real templates by running the gen binary, and measures wall time
// and peak memory (the child's maximum resident set size). It then runs the
// write-only floor, this same program in -floor mode, which does nothing but
// create the same folders and write files of the same sizes, so the ratio of
// the two is read from one run on one machine. Last it times a rebuild with
// nothing changed and rebuilds after one code's text changed, and counts the
// files each one wrote: the first such rebuild after a build into an empty
// folder, which has no spare tree to start from (internal/output), and the
// median of the next ones, which have.
//
// Before the synthetic sites it measures the preview (preview.go): gen
// -serve on a copy of the real inputs, and the time from saving a one-field
// edit of i18n/en.yaml to the reloaded page, the median of -edits edits.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	gen := flag.String("gen", "", "the gen binary to measure")
	synth := flag.String("synth", "", "the synth binary")
	sizes := flag.String("sizes", "30x2,120x2,200x2,120x8", "comma-separated CODESxLANGUAGES; empty measures the preview alone")
	where := flag.String("where", "disk", "what the work folder is on, for the table (disk, memory)")
	repeat := flag.Int("repeat", 5, "full builds and floor runs per size, taken alternately; the table shows the median of each")
	work := flag.String("work", "", "scratch folder (default: a new temporary folder)")
	floor := flag.String("floor", "", "floor mode: write the files listed in this file (path and size per line)")
	dst := flag.String("dst", "", "floor mode: the folder to write into")
	inputs := flag.String("inputs", ".", "the real site's inputs (data/, i18n/, templates/, static/, site.yaml), copied for the preview's save-to-reload time; empty skips it")
	edits := flag.Int("edits", 5, "edits of the real data whose save-to-reload times give the median")
	flag.Parse()
	if *floor != "" {
		if err := writeFloor(*floor, *dst); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	if *gen == "" || *synth == "" && *sizes != "" {
		fmt.Fprintln(os.Stderr, "usage: run -gen BIN -synth BIN [-sizes 30x2,200x2] [-inputs DIR] [-work DIR]")
		os.Exit(2)
	}
	if err := bench(*gen, *synth, *sizes, *work, *where, max(*repeat, 1), *inputs, max(*edits, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type measure struct {
	wall time.Duration
	rss  int64 // KiB
	out  string
}

func runCmd(name string, args ...string) (measure, error) {
	cmd := exec.Command(name, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start), out: out.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rss = ru.Maxrss
	}
	if err != nil {
		return m, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return m, nil
}

func bench(gen, synth, sizes, work, where string, repeat int, inputs string, edits int) error {
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "smtpcodes-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("machine: %s/%s, %d CPUs, %s; output on %s (%s); median of %d builds and %d floor runs\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), where, work, repeat, repeat)
	// The preview first, before the synthetic sites fill the disk.
	if inputs != "" {
		syncDisk()
		r, err := measureReload(gen, inputs, filepath.Join(work, "preview"), edits)
		if err != nil {
			return err
		}
		fmt.Printf("%s\n\n", r)
	}
	if sizes == "" {
		return nil // the preview alone
	}
	fmt.Println("| codes x langs | pages | MB | build s | pages/s | peak RSS MB | floor s | floor RSS MB | build/floor | unchanged rebuild s | % of build | files written | one code changed, first: s | % of build | then: s | % of build | files written |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, size := range strings.Split(sizes, ",") {
		n, l, ok := strings.Cut(size, "x")
		if !ok {
			return fmt.Errorf("size %q is not CODESxLANGUAGES", size)
		}
		dir := filepath.Join(work, size)
		os.RemoveAll(dir)
		if _, err := runCmd(synth, "-codes", n, "-langs", l, "-out", dir); err != nil {
			return err
		}
		out := filepath.Join(dir, "public")
		genArgs := []string{"-data", filepath.Join(dir, "data", "codes.yaml"), "-i18n", filepath.Join(dir, "i18n"), "-out", out}
		list := filepath.Join(dir, "files.txt")
		// Builds and floor runs alternate, each into a folder of its own, and
		// the median of each counts: the disk of a shared machine is noisy. Nothing is
		// deleted until all have run: ext4 skips inodes freed in the last
		// minute when it creates files, so a run that follows a deletion of
		// 40,000 files would pay for it.
		var full, fl measure
		var fullWalls, floorWalls []time.Duration
		var pages int
		var bytes int64
		for i := range repeat {
			runOut := filepath.Join(dir, fmt.Sprintf("public-%d", i))
			args := []string{"-data", filepath.Join(dir, "data", "codes.yaml"), "-i18n", filepath.Join(dir, "i18n"), "-out", runOut}
			syncDisk()
			m, err := runCmd(gen, args...)
			if err != nil {
				return err
			}
			if i == 0 {
				if pages, bytes, err = listFiles(runOut, list); err != nil {
					return err
				}
			}
			syncDisk()
			f, err := runCmd(self, "-floor", list, "-dst", filepath.Join(dir, fmt.Sprintf("floor-%d", i)))
			if err != nil {
				return err
			}
			fullWalls, floorWalls = append(fullWalls, m.wall), append(floorWalls, f.wall)
			full.rss, fl.rss = max(full.rss, m.rss), max(fl.rss, f.rss)
		}
		full.wall, fl.wall = median(fullWalls), median(floorWalls)
		// The rebuilds below work on the first build's output.
		if err := os.Rename(filepath.Join(dir, "public-0"), out); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(dir, ".public-0.manifest"), filepath.Join(dir, ".public.manifest")); err != nil {
			return err
		}
		syncDisk()
		again, err := runCmd(gen, genArgs...)
		if err != nil {
			return err
		}
		if err := touchOneCode(filepath.Join(dir, "i18n", "en.yaml")); err != nil {
			return err
		}
		syncDisk()
		one, err := runCmd(gen, genArgs...)
		if err != nil {
			return err
		}
		var thens []time.Duration
		var then measure
		for range repeat {
			if err := touchOneCode(filepath.Join(dir, "i18n", "en.yaml")); err != nil {
				return err
			}
			syncDisk()
			if then, err = runCmd(gen, genArgs...); err != nil {
				return err
			}
			thens = append(thens, then.wall)
		}
		steady := median(thens)
		fmt.Printf("| %s | %d | %.0f | %.2f | %.0f | %.0f | %.2f | %.0f | %.2f | %.2f | %.0f%% | %d | %.2f | %.0f%% | %.2f | %.1f%% | %d |\n",
			size, pages, float64(bytes)/1e6, full.wall.Seconds(), float64(pages)/full.wall.Seconds(), float64(full.rss)/1024,
			fl.wall.Seconds(), float64(fl.rss)/1024, full.wall.Seconds()/fl.wall.Seconds(),
			again.wall.Seconds(), 100*again.wall.Seconds()/full.wall.Seconds(), written(again.out),
			one.wall.Seconds(), 100*one.wall.Seconds()/full.wall.Seconds(),
			steady.Seconds(), 100*steady.Seconds()/full.wall.Seconds(), written(then.out))
		// The folders stay until the end (see above): deleting them now
		// would slow the next size down.
	}
	return nil
}

// writtenRE is the counts of gen's summary line, "gen: P pages (N files,
// 94.99 MiB, M unchanged)".
var writtenRE = regexp.MustCompile(`gen: \d+ pages \((\d+) files, (?:[^,()]*, )?(\d+) unchanged\)`)

// written reads "N files, ..., M unchanged" from gen's summary line: the
// files the build wrote.
func written(summary string) int {
	m := writtenRE.FindStringSubmatch(summary)
	if m == nil {
		return -1
	}
	files, _ := strconv.Atoi(m[1])
	unchanged, _ := strconv.Atoi(m[2])
	return files - unchanged
}

// touchOneCode changes the English description of the first code, in the
// English language file (bench/synth writes the texts of the codes there,
// under codes:, as the real site has them).
func touchOneCode(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(data)
	i := strings.Index(s, "\n    description: |\n")
	if i < 0 {
		return fmt.Errorf("%s: no description to change", path)
	}
	i += len("\n    description: |\n")
	s = s[:i] + "      Changed for the benchmark.\n\n" + s[i:]
	return os.WriteFile(path, []byte(s), 0o644)
}

func listFiles(root, list string) (pages int, total int64, err error) {
	f, err := os.Create(list)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(w, "%s\t%d\n", rel, fi.Size())
		total += fi.Size()
		if strings.HasSuffix(p, ".html") {
			pages++
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return pages, total, w.Flush()
}

// writeFloor is the least a generator must do: create every folder once
// and write every file with its size, from one goroutine per CPU.
func writeFloor(list, dst string) error {
	data, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	type file struct {
		path string
		size int
	}
	var files []file
	dirs := map[string]bool{}
	maxSize := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		p, s, _ := strings.Cut(line, "\t")
		size, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		files = append(files, file{filepath.Join(dst, p), size})
		dirs[filepath.Dir(filepath.Join(dst, p))] = true
		maxSize = max(maxSize, size)
	}
	for d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	buf := make([]byte, maxSize)
	for i := range buf {
		buf[i] = 'x'
	}
	workers := runtime.NumCPU()
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := w; i < len(files); i += workers {
				if err := os.WriteFile(files[i].path, buf[:files[i].size], 0o644); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// syncDisk flushes dirty pages so that one measurement does not pay for the
// writes of the one before.
func syncDisk() { syscall.Sync() }

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "model name") {
			if _, v, ok := strings.Cut(line, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}
