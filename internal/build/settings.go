package build

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/hosts"
	"smtpcodes/internal/site"
	"smtpcodes/internal/yamlfile"
)

// Settings are the site-wide defaults kept in the repository (site.yaml).
//
// The file is read like the code data (package yamlfile): one document of
// UTF-8 text, a mapping whose keys are all known (a misspelled key is an
// error with a suggestion), every problem reported as file:line:col.
type Settings struct {
	// BaseURL is the production URL of the site root, ending in "/",
	// checked by CheckBaseURL.
	BaseURL string
	// Pairs is which pair pages the site has (pairs: all, the default,
	// or related); see site.Pairs.
	Pairs site.Pairs
	// HSTS is the value of the Strict-Transport-Security header the
	// site's _headers sends, as hosts.ParseHSTS writes it; "" (no hsts
	// key, the default) sends none.
	HSTS string
}

// settingsKeys are the keys of site.yaml.
var settingsKeys = []string{"base_url", "pairs", "hsts"}

// LoadSettings reads the settings file.
func LoadSettings(file string) (Settings, error) {
	src, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Settings{}, fmt.Errorf("%s: the settings file is missing; set -config to it, or give -base-url", file)
	case err != nil:
		return Settings{}, fmt.Errorf("%w (or set -config to another settings file, or give -base-url)", diag.Fault(err, false))
	}
	return ParseSettings(file, src)
}

// ParseSettings validates src as the contents of the settings file.
func ParseSettings(file string, src []byte) (Settings, error) {
	var s Settings
	var errs diag.List
	root, ok := yamlfile.Decode(file, src, &errs)
	switch {
	case !ok:
		return s, errs.Err()
	case root == nil:
		errs.Add(file, 0, 0, "the file is empty; set base_url to the site's production URL, like base_url: https://example.org/")
		return s, errs.Err()
	case root.Kind != yaml.MappingNode:
		errs.Add(file, root.Line, root.Column, "the settings must be a mapping of keys, like base_url: https://example.org/")
		return s, errs.Err()
	}
	// A control character in the text is reported already.
	badText := errs.Len() > 0
	misspelled := false
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if prev, dup := seen[k.Value]; dup {
			errs.Add(file, k.Line, k.Column, "key %q appears twice (first at line %d); keep one", k.Value, prev.Line)
			continue
		}
		seen[k.Value] = k
		if !slices.Contains(settingsKeys, k.Value) {
			errs.Add(file, k.Line, k.Column, "unknown key %q%s", k.Value, diag.DidYouMean(k.Value, settingsKeys))
			misspelled = misspelled || diag.Suggest(k.Value, settingsKeys) == "base_url"
			continue
		}
		if k.Value == "pairs" {
			errs.Merge(parsePairs(file, v, &s))
			continue
		}
		if k.Value == "hsts" {
			errs.Merge(parseHSTS(file, v, &s))
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			errs.Add(file, v.Line, v.Column, "base_url must be text, like https://example.org/, not %s", yamlfile.Kind(v))
			continue
		}
		if badText {
			continue
		}
		if err := CheckBaseURL(v.Value); err != nil {
			errs.Add(file, v.Line, v.Column, "base_url %q: %v", v.Value, err)
			continue
		}
		s.BaseURL = v.Value
	}
	if seen["base_url"] == nil && !misspelled {
		errs.Add(file, root.Line, root.Column, "base_url is missing; set it to the site's production URL, like base_url: https://example.org/")
	}
	if err := errs.Err(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// parsePairs reads the value of pairs into s.
func parsePairs(file string, v *yaml.Node, s *Settings) *diag.List {
	var errs diag.List
	choices := strings.Join(site.PairsNames[:len(site.PairsNames)-1], ", ") + " or " + site.PairsNames[len(site.PairsNames)-1]
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		errs.Add(file, v.Line, v.Column, "pairs must be %s, not %s", choices, yamlfile.Kind(v))
		return &errs
	}
	p, ok := site.ParsePairs(v.Value)
	if !ok {
		hint := ""
		if m := diag.Suggest(v.Value, site.PairsNames); m != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", m)
		}
		errs.Add(file, v.Line, v.Column, "pairs %q is not a choice; write %s%s", v.Value, choices, hint)
		return &errs
	}
	s.Pairs = p
	return &errs
}

// parseHSTS reads the value of hsts into s.
func parseHSTS(file string, v *yaml.Node, s *Settings) *diag.List {
	var errs diag.List
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		errs.Add(file, v.Line, v.Column, "hsts must be the value of the Strict-Transport-Security header as text, like hsts: max-age=31536000; for no such header, leave hsts out")
		return &errs
	}
	h, err := hosts.ParseHSTS(v.Value)
	if err != nil {
		errs.Add(file, v.Line, v.Column, "hsts %q: %v", v.Value, err)
		return &errs
	}
	s.HSTS = h
	return &errs
}

// PairsSetting is the pairs setting of the settings file: AllPairs when
// the file does not exist (a build given -base-url needs none).
func PairsSetting(file string) (site.Pairs, error) {
	s, err := HostSettings(file)
	return s.Pairs, err
}

// HostSettings is the settings file's settings, or the defaults (every
// pair, no HSTS) when the file does not exist (a build given -base-url
// needs none).
func HostSettings(file string) (Settings, error) {
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return Settings{Pairs: site.AllPairs}, nil
	}
	return LoadSettings(file)
}

// BaseURL is the base URL of a build: flagValue, the -base-url flag, when
// it is set, and otherwise base_url of the settings file. Either is checked
// by CheckBaseURL, and the error names where the value came from: the flag,
// or the settings file's line and column.
func BaseURL(flagValue, settingsFile string) (string, error) {
	if flagValue != "" {
		if err := CheckBaseURL(flagValue); err != nil {
			return "", fmt.Errorf("-base-url %q: %w", flagValue, err)
		}
		return flagValue, nil
	}
	s, err := LoadSettings(settingsFile)
	if err != nil {
		return "", err
	}
	return s.BaseURL, nil
}

const baseURLExample = "like https://example.org/ or https://example.org/docs/smtp/"

var (
	hostLabelRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)
	ipv6RE      = regexp.MustCompile(`^[0-9A-Fa-f:.]+$`)
	// A path segment: unreserved characters, sub-delimiters but the
	// quote, ":" and "@", or percent escapes (RFC 3986 §3.3).
	segmentRE = regexp.MustCompile(`^([A-Za-z0-9._~!$&()*+,;=:@-]|%[0-9A-Fa-f]{2})+$`)
)

// CheckBaseURL reports whether raw can be the base URL of the site: an
// absolute http or https URL with a host, no user info, query or fragment,
// and a path that ends in "/". Every page links to its scripts, styles
// and other pages through it, so a protocol-relative //host, another
// scheme, markup or spaces would send readers, or the pages' own scripts,
// elsewhere. The error says what is wrong and what to write instead.
func CheckBaseURL(raw string) error {
	if raw == "" {
		return errors.New("is empty; give the site's production URL, " + baseURLExample)
	}
	for i, r := range raw {
		switch {
		case unicode.IsSpace(r):
			return fmt.Errorf("has a space at character %d; remove it (a path that needs one writes it %%20)", i+1)
		case unicode.IsControl(r):
			return fmt.Errorf("has control character %U; remove it", r)
		case strings.ContainsRune("<>\"'`\\{}|^", r):
			return fmt.Errorf("has %q, which has no place in the URL of a site; remove it, %s", string(r), baseURLExample)
		case r > unicode.MaxASCII:
			return fmt.Errorf("has the non-ASCII character %q; write the host in its xn-- form and escape the path (%%C3%%A9 for é), %s", string(r), baseURLExample)
		}
	}
	if strings.HasPrefix(raw, "//") {
		return fmt.Errorf("is protocol-relative, so every page would load its scripts and styles from whatever host it names; write the scheme: %q", "https:"+raw)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" {
		return errors.New("is not an absolute URL; start it with https:// and end it with /, " + baseURLExample)
	}
	switch {
	case scheme == "http" || scheme == "https":
	case strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"):
		return fmt.Errorf("has its scheme in capitals; write %q", strings.ToLower(scheme)+"://"+rest)
	default:
		return fmt.Errorf("has the scheme %q; a site is served over http or https, so write https://, %s", scheme, baseURLExample)
	}
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return fmt.Errorf("does not parse as a URL (%v); write it %s", err, baseURLExample)
	}
	// What the URL should be, for the messages below.
	fixed := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if !strings.HasSuffix(fixed.Path, "/") {
		fixed.Path += "/"
	}
	switch {
	case u.User != nil:
		return fmt.Errorf("has user info (%q); a public site takes none, so write %q", u.User.String()+"@", fixed.String())
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Errorf("has a query (%q); the base URL is the site's root, so write %q", "?"+u.RawQuery, fixed.String())
	case strings.Contains(raw, "#"):
		return fmt.Errorf("has a fragment (%q); the base URL is the site's root, so write %q", "#"+u.EscapedFragment(), fixed.String())
	case u.Host == "":
		return errors.New("has no host; name the host after the scheme, " + baseURLExample)
	}
	if err := checkHost(u); err != nil {
		return err
	}
	p := u.EscapedPath()
	switch {
	case p == "":
		return fmt.Errorf("must end in \"/\"; write %q", raw+"/")
	case !strings.HasSuffix(p, "/"):
		return fmt.Errorf("must end in \"/\", or the last part of its path would be dropped from every link; write %q", raw+"/")
	}
	if p != "/" {
		for _, seg := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/"), "/") {
			switch {
			case seg == "":
				return fmt.Errorf("has an empty path segment (\"//\"); write the path with single slashes, %s", baseURLExample)
			case seg == "." || seg == "..":
				return fmt.Errorf("has the path segment %q; write the path as it is served, %s", seg, baseURLExample)
			case !segmentRE.MatchString(seg):
				return fmt.Errorf("has the path segment %q with a character a URL path must escape; escape it (%%20 for a space), %s", seg, baseURLExample)
			}
		}
	}
	return nil
}

// checkHost checks the host name and port of u: a DNS name of letters,
// digits and hyphens, an IPv4 address or a bracketed IPv6 address.
func checkHost(u *url.URL) error {
	host := u.Hostname()
	if port := u.Port(); port != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("has the port %q; a port is a number from 1 to 65535, or leave it out", port)
		}
	}
	if strings.HasPrefix(u.Host, "[") {
		if !ipv6RE.MatchString(host) {
			return fmt.Errorf("has the host %q, which is not an IPv6 address; %s", u.Host, baseURLExample)
		}
		return nil
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if len(label) > 63 || !hostLabelRE.MatchString(label) {
			return fmt.Errorf("has the host %q, which is not a host name (letters, digits and hyphens between dots); write it %s", host, baseURLExample)
		}
	}
	return nil
}
