package hosts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"smtpcodes/internal/diag"
)

// HSTSHeader is the name of the header that makes browsers reach a host
// over HTTPS only (RFC 6797). A site sends it only when its settings ask
// for it: a browser that has seen it refuses plain HTTP to the whole host,
// whatever the path, for max-age seconds, so a domain that later loses
// HTTPS, or is handed to someone else, stays unreachable to those readers
// until then.
const HSTSHeader = "Strict-Transport-Security"

// preloadMinAge is the least max-age hstspreload.org accepts with the
// preload directive, one year.
const preloadMinAge = 31536000

// ParseHSTS checks v as the value of a Strict-Transport-Security header
// (RFC 6797 §6.1): a required max-age in seconds, then optionally
// includeSubDomains and preload, separated by ";", names in any case, each
// at most once. It returns the value written the one way the build sends
// it ("max-age=31536000; includeSubDomains"). preload asks browsers to
// ship the host in their lists, which hstspreload.org accepts only with
// includeSubDomains and a max-age of a year or more, so preload without
// them is refused. An error says what to write instead.
func ParseHSTS(v string) (string, error) {
	const example = "like max-age=31536000 or max-age=31536000; includeSubDomains"
	age := int64(-1)
	var sub, preload bool
	seen := map[string]bool{}
	for d := range strings.SplitSeq(v, ";") {
		d = strings.TrimSpace(d)
		if d == "" {
			continue // RFC 6797 §6.1 allows empty directives
		}
		name, value, hasValue := strings.Cut(d, "=")
		name = strings.TrimSpace(name)
		value = strings.TrimSpace(value)
		key := strings.ToLower(name)
		if seen[key] {
			return "", fmt.Errorf("has %q twice; a directive appears once (RFC 6797 §6.1)", name)
		}
		seen[key] = true
		switch key {
		case "max-age":
			n, err := strconv.ParseInt(value, 10, 64)
			if !hasValue || err != nil || n < 0 || strings.HasPrefix(value, "+") {
				return "", fmt.Errorf("has max-age %q; give it a number of seconds, %s", value, example)
			}
			age = n
		case "includesubdomains", "preload":
			if hasValue {
				return "", fmt.Errorf("gives %q a value; it takes none, %s", name, example)
			}
			sub = sub || key == "includesubdomains"
			preload = preload || key == "preload"
		default:
			hint := ""
			if m := diag.Suggest(name, directives); m != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", m)
			}
			return "", fmt.Errorf("has the directive %q%s; write max-age, includeSubDomains or preload, %s", name, hint, example)
		}
	}
	switch {
	case age < 0:
		return "", errors.New("has no max-age, which the header needs; " + example)
	case preload && (!sub || age < preloadMinAge):
		return "", fmt.Errorf("has preload, which hstspreload.org accepts only with includeSubDomains and a max-age of at least %d (a year); add them, or leave preload out", preloadMinAge)
	}
	out := "max-age=" + strconv.FormatInt(age, 10)
	if sub {
		out += "; includeSubDomains"
	}
	if preload {
		out += "; preload"
	}
	return out, nil
}

// directives are the directives of Strict-Transport-Security that
// ParseHSTS knows.
var directives = []string{"max-age", "includeSubDomains", "preload"}
