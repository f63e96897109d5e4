package build_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"smtpcodes/internal/build"
)

// BenchmarkCrawl times the whole-site checks (parse every page, resolve
// every link) over a synthetic site, 200 codes in 2 languages (40,206
// pages) unless SMTPCODES_BENCH_CODES says otherwise. Run it with
//
//	go test -run '^$' -bench Crawl -benchtime 1x ./internal/build/
func BenchmarkCrawl(b *testing.B) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("SMTPCODES_BENCH_CODES")); err == nil {
		n = v
	}
	dir := b.TempDir()
	synth := exec.Command("go", "run", "../../bench/synth", "-codes", strconv.Itoa(n), "-langs", "2", "-en", "../../i18n/en.yaml", "-out", dir)
	if out, err := synth.CombinedOutput(); err != nil {
		b.Fatalf("synth: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "public")
	_, err := build.Run(build.Config{
		DataFile: filepath.Join(dir, "data", "codes.yaml"), TemplateDir: "../../templates",
		I18nDir: filepath.Join(dir, "i18n"), StaticDir: "../../static", OutDir: out, BaseURL: baseURL,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, err := crawl(out, baseURL)
		if err != nil {
			b.Fatal(err)
		}
		checkLinks(newErrs(b), s)
	}
	b.ReportMetric(float64(len(mustGlob(b, out))), "pages")
}

func mustGlob(b *testing.B, dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && filepath.Ext(p) == ".html" {
			files = append(files, p)
		}
		return nil
	})
	return files
}
