package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smtpcodes/internal/build"
	"smtpcodes/internal/site"
)

func TestCheckBaseURL(t *testing.T) {
	for _, ok := range []string{
		"https://example.org/",
		"http://example.org/",
		"https://example.org/docs/smtp/",
		"https://example.org:8443/",
		"http://127.0.0.1:8080/",
		"http://[::1]:8080/a/",
		"https://xn--bcher-kva.example/",
		"https://example.org/a%20b/",
		"https://example.org./",
	} {
		if err := build.CheckBaseURL(ok); err != nil {
			t.Errorf("CheckBaseURL(%q) = %v; want nil", ok, err)
		}
	}
	for _, tc := range []struct {
		raw, want string
	}{
		{"", "is empty; give the site's production URL, like https://example.org/ or https://example.org/docs/smtp/"},
		{"//other.host/", `is protocol-relative, so every page would load its scripts and styles from whatever host it names; write the scheme: "https://other.host/"`},
		{"javascript://example.org/%0aalert(1)//", `has the scheme "javascript"; a site is served over http or https, so write https://, like https://example.org/ or https://example.org/docs/smtp/`},
		{"ftp://example.org/", `has the scheme "ftp"; a site is served over http or https`},
		{"HTTPS://example.org/", `has its scheme in capitals; write "https://example.org/"`},
		{"example.org/", "is not an absolute URL; start it with https:// and end it with /"},
		{"https://example.org", `must end in "/"; write "https://example.org/"`},
		{"https://example.org/docs", `must end in "/", or the last part of its path would be dropped from every link; write "https://example.org/docs/"`},
		{"https://example.org/?a=b", `has a query ("?a=b"); the base URL is the site's root, so write "https://example.org/"`},
		{"https://example.org/docs/?", `has a query ("?"); the base URL is the site's root, so write "https://example.org/docs/"`},
		{"https://example.org/#top", `has a fragment ("#top"); the base URL is the site's root, so write "https://example.org/"`},
		{"https://user:secret@example.org/", `has user info ("user:secret@"); a public site takes none, so write "https://example.org/"`},
		{"https://example.org/my docs/", "has a space at character 23; remove it (a path that needs one writes it %20)"},
		{"https://example.org/\x01/", "has control character U+0001; remove it"},
		{`https://example.org/"><script>/`, `has "\"", which has no place in the URL of a site`},
		{"https://example.org/<b>/", `has "<", which has no place in the URL of a site`},
		{"https://exa_mple.org/", `has the host "exa_mple.org", which is not a host name`},
		{"https:///docs/", "has no host; name the host after the scheme"},
		{"https://example.org:0/", `has the port "0"; a port is a number from 1 to 65535`},
		{"https://example.org:/", `has the port ""; a port is a number from 1 to 65535`},
		{"https://example.org//docs/", `has an empty path segment ("//")`},
		{"https://example.org/a/../", `has the path segment ".."`},
		{"https://exämple.org/", `has the non-ASCII character "ä"; write the host in its xn-- form`},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			err := build.CheckBaseURL(tc.raw)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("CheckBaseURL(%q) = %v; want %s", tc.raw, err, tc.want)
			}
		})
	}
}

func TestParseSettings(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"unknown key", "base_urll: https://example.org/\n", `site.yaml:1:1: unknown key "base_urll" (did you mean "base_url"?)`},
		{"missing", "title: SMTP\n", `site.yaml:1:1: base_url is missing; set it to the site's production URL, like base_url: https://example.org/` + "\n" +
			`site.yaml:1:1: unknown key "title" (known: base_url, pairs, hsts)`},
		{"bad base URL", "# settings\nbase_url:   ftp://example.org/\n", `site.yaml:2:13: base_url "ftp://example.org/": has the scheme "ftp"; a site is served over http or https, so write https://, like https://example.org/ or https://example.org/docs/smtp/`},
		{"protocol-relative", "base_url: //other.host/\n", `site.yaml:1:11: base_url "//other.host/": is protocol-relative, so every page would load its scripts and styles from whatever host it names; write the scheme: "https://other.host/"`},
		{"not text", "base_url: [https://example.org/]\n", "site.yaml:1:11: base_url must be text, like https://example.org/, not a list"},
		{"twice", "base_url: https://example.org/\nbase_url: https://example.com/\n", `site.yaml:2:1: key "base_url" appears twice (first at line 1); keep one`},
		{"empty", "# nothing yet\n", "site.yaml: the file is empty; set base_url to the site's production URL, like base_url: https://example.org/"},
		{"not a mapping", "- https://example.org/\n", "site.yaml:1:1: the settings must be a mapping of keys, like base_url: https://example.org/"},
		{"malformed", "base_url: \"https://example.org/\n", `site.yaml:1:11: malformed YAML: the quote " that opens here is never closed; end the text with " on this line (to put a " inside the text, write \")`},
		{"tab", "base_url:\n\thttps://example.org/\n", "site.yaml:2:1: malformed YAML: a tab indents this line; YAML indentation takes spaces only, so replace the tab with spaces"},
		{"second document", "base_url: https://example.org/\n---\nbase_url: https://example.com/\n", `site.yaml:2:1: a second YAML document starts here, and a file holds only one; remove the "---" line and merge what follows into the document above`},
		{"NUL byte", "base_url: https://example.org/\x00\n", "site.yaml:1:31: a NUL byte; remove it (a file with NUL bytes is binary or UTF-16, not UTF-8 text)"},
		{"pairs misspelt", "base_url: https://example.org/\npairs: relatd\n", `site.yaml:2:8: pairs "relatd" is not a choice; write all or related (did you mean "related"?)`},
		{"pairs not text", "base_url: https://example.org/\npairs: [all]\n", "site.yaml:2:8: pairs must be all or related, not a list"},
		{"hsts not text", "base_url: https://example.org/\nhsts: true\n", "site.yaml:2:7: hsts must be the value of the Strict-Transport-Security header as text, like hsts: max-age=31536000; for no such header, leave hsts out"},
		{"hsts without max-age", "base_url: https://example.org/\nhsts: includeSubDomains\n", `site.yaml:2:7: hsts "includeSubDomains": has no max-age, which the header needs; like max-age=31536000 or max-age=31536000; includeSubDomains`},
		{"hsts misspelt", "base_url: https://example.org/\nhsts: max-age=300; includesubdomain\n", `site.yaml:2:7: hsts "max-age=300; includesubdomain": has the directive "includesubdomain" (did you mean "includeSubDomains"?); write max-age, includeSubDomains or preload, like max-age=31536000 or max-age=31536000; includeSubDomains`},
		{"escaped control character", "base_url: \"https://example.org/\\x01\"\n", "site.yaml:1:11: the text holds control character U+0001, written as an escape; remove it (only tab and newline may appear in text)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build.ParseSettings("site.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("ParseSettings(%q) error =\n%v\nwant\n%s", tc.src, err, tc.want)
			}
		})
	}
	s, err := build.ParseSettings("site.yaml", []byte("# comment\nbase_url: https://example.org/docs/\n"))
	if err != nil || s.BaseURL != "https://example.org/docs/" || s.Pairs != site.AllPairs {
		t.Errorf("ParseSettings(good) = %+v, %v; want base URL https://example.org/docs/ and every pair", s, err)
	}
	s, err = build.ParseSettings("site.yaml", []byte("base_url: https://example.org/\npairs: related\n"))
	if err != nil || s.Pairs != site.RelatedPairs {
		t.Errorf("ParseSettings(pairs: related) = %+v, %v; want site.RelatedPairs", s, err)
	}
	if s.HSTS != "" {
		t.Errorf("ParseSettings(no hsts) = %+v; want no HSTS, the default", s)
	}
	s, err = build.ParseSettings("site.yaml", []byte("base_url: https://example.org/\nhsts: max-age=31536000;includesubdomains\n"))
	if want := "max-age=31536000; includeSubDomains"; err != nil || s.HSTS != want {
		t.Errorf("ParseSettings(hsts) = %+v, %v; want HSTS %q", s, err, want)
	}
}

// TestPairsSetting reads pairs from the settings file, and takes every
// pair when there is no settings file (a build given -base-url needs none).
func TestPairsSetting(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site.yaml")
	if err := os.WriteFile(file, []byte("base_url: https://example.org/\npairs: related\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		want site.Pairs
	}{
		{file, site.RelatedPairs},
		{filepath.Join(dir, "none.yaml"), site.AllPairs},
		{"../../site.yaml", site.AllPairs},
	} {
		if got, err := build.PairsSetting(tc.file); err != nil || got != tc.want {
			t.Errorf("PairsSetting(%s) = %v, %v; want %v", tc.file, got, err, tc.want)
		}
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("base_url: https://example.org/\npairs: some\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := build.PairsSetting(bad); err == nil || !strings.HasPrefix(err.Error(), bad+":2:8: pairs \"some\"") {
		t.Errorf("PairsSetting(%s) error = %v; want it at 2:8", bad, err)
	}
}

// TestHostSettings reads the settings a build takes from the settings
// file, and takes the defaults when there is none.
func TestHostSettings(t *testing.T) {
	file := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(file, []byte("base_url: https://example.org/\nhsts: max-age=600\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := build.HostSettings(file); err != nil || s.HSTS != "max-age=600" || s.Pairs != site.AllPairs {
		t.Errorf("HostSettings(%s) = %+v, %v; want HSTS max-age=600 and every pair", file, s, err)
	}
	none := filepath.Join(filepath.Dir(file), "none.yaml")
	if s, err := build.HostSettings(none); err != nil || s != (build.Settings{Pairs: site.AllPairs}) {
		t.Errorf("HostSettings(%s) = %+v, %v; want the defaults", none, s, err)
	}
}

// TestBaseURLSource checks that the error names where the base URL came
// from: the flag, or the settings file with line and column.
func TestBaseURLSource(t *testing.T) {
	file := filepath.Join(t.TempDir(), "site.yaml")
	if err := os.WriteFile(file, []byte("base_url: https://example.org/?x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, flag, want string
	}{
		{"flag", "https://example.org/#x", `-base-url "https://example.org/#x": has a fragment ("#x"); the base URL is the site's root, so write "https://example.org/"`},
		{"settings file", "", file + `:1:11: base_url "https://example.org/?x": has a query ("?x"); the base URL is the site's root, so write "https://example.org/"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := build.BaseURL(tc.flag, file)
			if err == nil || err.Error() != tc.want {
				t.Errorf("BaseURL(%q, %s) error =\n%v\nwant\n%s", tc.flag, file, err, tc.want)
			}
		})
	}
	got, err := build.BaseURL("https://example.org/docs/", file)
	if err != nil || got != "https://example.org/docs/" {
		t.Errorf("BaseURL(good flag) = %q, %v; want the flag's value (the settings file unread)", got, err)
	}
	got, err = build.BaseURL("", "../../site.yaml")
	if err != nil || got == "" {
		t.Errorf("BaseURL(\"\", site.yaml) = %q, %v; want the repository's base URL", got, err)
	}
}
