package codes

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The site's own data, checked for completeness.
const (
	realData = "../../data/codes.yaml"
	registry = "../../data/enhanced-registry.csv"
)

func loadReal(t *testing.T) *Set {
	t.Helper()
	set, err := Load(realData, []string{"../../i18n/en.yaml", "../../i18n/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestRegistryComplete checks that every enhanced status code of the IANA
// registry (kept in data/enhanced-registry.csv) has an entry, and that no
// entry is missing from the registry.
func TestRegistryComplete(t *testing.T) {
	f, err := os.Open(registry)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", registry, err)
	}
	var want []string
	for _, row := range rows[1:] {
		want = append(want, row[0])
	}
	set := loadReal(t)
	var got []string
	for _, e := range set.Enhanced {
		got = append(got, e.Code)
	}
	for _, code := range want {
		if !slices.Contains(got, code) {
			t.Errorf("enhanced code %s of the registry has no entry in %s", code, realData)
		}
	}
	for _, code := range got {
		if !slices.Contains(want, code) {
			t.Errorf("enhanced code %s of %s is not in the registry list %s", code, realData, registry)
		}
	}
	if len(want) < 81 {
		t.Errorf("the registry list has %d codes; X.0.0 to X.7.30 are 81", len(want))
	}
}

// TestEveryCodeCitesASection checks that each reply code names at least
// one RFC section, not just an RFC.
func TestEveryCodeCitesASection(t *testing.T) {
	for _, c := range loadReal(t).Codes {
		if !slices.ContainsFunc(c.References, func(r Reference) bool { return r.Section != "" }) {
			t.Errorf("code %d cites no RFC section", c.Code)
		}
	}
}

// TestNoLonePeriodAdvice guards against the most common wrong advice on
// the web: a message may hold a line with a single "."; the sending
// software dot-stuffs it (RFC 5321 §4.5.2), so no one should remove it.
func TestNoLonePeriodAdvice(t *testing.T) {
	data, err := os.ReadFile(realData)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ToLower(string(data))
	for _, bad := range []string{
		"remove the lone period", "remove the single period", "remove any line containing only a period",
		"avoid a line with a single", "avoid lines with a single", "delete the lone dot", "remove the lone dot",
	} {
		if strings.Contains(text, bad) {
			t.Errorf("%s advises %q; the client dot-stuffs such a line (RFC 5321 §4.5.2)", realData, bad)
		}
	}
}

// TestCuratedPairs checks that every pair readers confuse most has a
// hand-written note in English and in Vietnamese.
func TestCuratedPairs(t *testing.T) {
	set := loadReal(t)
	for _, pair := range [][2]int{
		{450, 550}, {451, 554}, {452, 552}, {221, 421}, {421, 521}, {500, 502}, {502, 504}, {550, 553},
		{521, 554}, {251, 551}, {455, 555}, {530, 535}, {534, 535}, {454, 535}, {250, 354},
	} {
		n := set.Note(pair[0], pair[1])
		if n == nil {
			t.Errorf("pair %d/%d has no curated note", pair[0], pair[1])
			continue
		}
		for _, lang := range []string{"en", "vi"} {
			if n.Text[lang] == "" {
				t.Errorf("pair %d/%d: the note has no %s text", pair[0], pair[1], lang)
			}
		}
	}
}

// TestTranscripts checks that every reply code shows a session transcript
// in which the code itself appears as a server reply.
func TestTranscripts(t *testing.T) {
	for _, c := range loadReal(t).Codes {
		if c.Transcript == "" {
			t.Errorf("code %d has no transcript", c.Code)
			continue
		}
		num := strconv.Itoa(c.Code)
		if !strings.Contains(c.Transcript, "S: "+num+" ") && !strings.Contains(c.Transcript, "S: "+num+"-") && !strings.HasSuffix(c.Transcript, "S: "+num) {
			t.Errorf("code %d: the transcript has no server line with %d", c.Code, c.Code)
		}
	}
}
