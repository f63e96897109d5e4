package codes

import (
	"encoding/csv"
	"os"
	"slices"
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
	set, err := Load(realData, []string{"en", "vi"})
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
