package build

import (
	"bytes"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/codes"
)

// Settings are the site-wide defaults kept in the repository (site.yaml).
type Settings struct {
	// BaseURL is the production URL of the site root, ending in "/".
	BaseURL string `yaml:"base_url"`
}

// LoadSettings reads the settings file.
func LoadSettings(file string) (Settings, error) {
	var s Settings
	src, err := os.ReadFile(file)
	if err != nil {
		return s, fmt.Errorf("%s: cannot read the settings: %w (set -config, or give -base-url)", file, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		line, col, msg := codes.YAMLErrorPos(src, err)
		return s, fmt.Errorf("%s:%d:%d: %s", file, line, col, msg)
	}
	if s.BaseURL == "" {
		return s, fmt.Errorf("%s: base_url is missing; set it to the site's production URL, like https://example.org/", file)
	}
	return s, nil
}
