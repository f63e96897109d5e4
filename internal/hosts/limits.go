package hosts

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
)

// Measure is what a limit counts.
type Measure int

// The measures of a site that hosts limit.
const (
	Files         Measure = iota // files in the site
	FileBytes                    // bytes of the largest file
	SiteBytes                    // bytes of every file together
	FolderEntries                // entries (files and folders) in the fullest folder
	HeaderRules                  // rules of the _headers file
)

// Limit is one limit of one host, as the host documents it.
type Limit struct {
	Host    string
	Measure Measure
	Max     int64
	Source  string // the host's page that states it
}

// Limits is every known limit of the hosts the README describes, from
// their documentation as of December 2026. Amazon S3 with CloudFront
// documents none that a site of this kind reaches.
var Limits = []Limit{
	{"Cloudflare Pages (free plan)", Files, 20_000, "https://developers.cloudflare.com/pages/platform/limits/"},
	{"Cloudflare Pages (paid plans)", Files, 100_000, "https://developers.cloudflare.com/pages/platform/limits/"},
	{"Cloudflare Pages", FileBytes, 25 << 20, "https://developers.cloudflare.com/pages/platform/limits/"},
	{"Cloudflare Pages", HeaderRules, 100, "https://developers.cloudflare.com/pages/configuration/headers/"},
	{"GitHub Pages", SiteBytes, 1_000_000_000, "https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits"},
	// Netlify states 54,000 files per directory; whether subfolders count
	// is not stated, so every entry of a folder is counted.
	{"Netlify", FolderEntries, 54_000, "https://docs.netlify.com/site-deploys/overview/"},
}

// Stats is what the limits measure of a built site.
type Stats struct {
	Files        int
	Bytes        int64
	Largest      string // the largest file, slash-separated below the root
	LargestBytes int64
	Fullest      string // the folder with the most entries, "" for the root
	FullestCount int
	HeaderRules  int // rules of the _headers file, 0 without one
}

// value is the stat a measure counts.
func (s Stats) value(m Measure) int64 {
	switch m {
	case Files:
		return int64(s.Files)
	case FileBytes:
		return s.LargestBytes
	case SiteBytes:
		return s.Bytes
	case FolderEntries:
		return int64(s.FullestCount)
	case HeaderRules:
		return int64(s.HeaderRules)
	}
	panic("hosts: unknown measure " + strconv.Itoa(int(m)))
}

// Excess is a limit a site goes over.
type Excess struct {
	Limit
	Got   int64
	Where string // the file or folder, for per-file and per-folder limits
}

// String says which host, which limit and by how much, like "Cloudflare
// Pages (free plan) takes at most 20,000 files per site; this site has
// 20,345 (https://...)".
func (e Excess) String() string {
	var what string
	switch e.Measure {
	case Files:
		what = fmt.Sprintf("takes at most %s files per site; this site has %s", Count(e.Max), Count(e.Got))
	case FileBytes:
		what = fmt.Sprintf("takes files of at most %s; %s has %s", Size(e.Max), e.Where, Size(e.Got))
	case SiteBytes:
		what = fmt.Sprintf("publishes sites of at most %s; this site has %s", Size(e.Max), Size(e.Got))
	case FolderEntries:
		where := e.Where + "/"
		if e.Where == "" {
			where = "the root folder"
		}
		what = fmt.Sprintf("takes at most %s files per folder; %s has %s entries", Count(e.Max), where, Count(e.Got))
	case HeaderRules:
		what = fmt.Sprintf("reads at most %s rules of _headers; this one has %s", Count(e.Max), Count(e.Got))
	}
	return e.Host + " " + what + " (" + e.Source + ")"
}

// Check returns the limits s goes over, in the order of Limits.
func Check(s Stats) []Excess {
	var out []Excess
	for _, l := range Limits {
		got := s.value(l.Measure)
		if got <= l.Max {
			continue
		}
		e := Excess{Limit: l, Got: got}
		switch l.Measure {
		case FileBytes:
			e.Where = s.Largest
		case FolderEntries:
			e.Where = s.Fullest
		}
		out = append(out, e)
	}
	return out
}

// MeasureFiles measures a site from its files: each path, slash-separated
// below the root, with its size, in any order; headers is its _headers
// file, whose rules it counts (nil without one). A folder's entries are
// its files and the folders in it.
func MeasureFiles(files iter.Seq2[string, int64], headers []byte) (Stats, error) {
	var s Stats
	// Each file is an entry of its folder, and each folder, once, of the
	// folder it is in: a folder is counted in its parent when its first
	// entry is. Ties go to the path first in order, so the result does not
	// depend on the order of the files.
	entries := map[string]int{} // folder -> entries in it
	for p, size := range files {
		s.Files++
		s.Bytes += size
		if size > s.LargestBytes || size == s.LargestBytes && p < s.Largest {
			s.Largest, s.LargestBytes = p, size
		}
		for e := p; e != ""; {
			dir := ""
			if i := strings.LastIndexByte(e, '/'); i >= 0 {
				dir = e[:i]
			}
			entries[dir]++
			if entries[dir] > 1 {
				break // dir was counted in its parent with its first entry
			}
			e = dir
		}
	}
	for d, n := range entries {
		if n > s.FullestCount || n == s.FullestCount && d < s.Fullest {
			s.Fullest, s.FullestCount = d, n
		}
	}
	if headers != nil {
		rules, err := Parse(headers)
		if err != nil {
			return s, err
		}
		s.HeaderRules = len(rules)
	}
	return s, nil
}

// Count writes n with thousands separated by commas: 20,000.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Size writes a number of bytes the way the hosts state their limits:
// in MiB up to a GB, then in GB (10^9 bytes), like "25 MiB" or "1.2 GB".
func Size(n int64) string {
	switch {
	case n >= 1_000_000_000:
		return decimal(float64(n)/1e9) + " GB"
	case n >= 1<<20:
		return decimal(float64(n)/(1<<20)) + " MiB"
	}
	return Count(n) + " bytes"
}

// decimal writes f with at most two decimals and none that is zero.
func decimal(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
