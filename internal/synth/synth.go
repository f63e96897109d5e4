// Package synth writes deterministic synthetic inputs for timing and
// testing builds: DIR/data/codes.yaml with N codes whose text fields have
// the length and Markdown shape of the real entries, and DIR/i18n/ with L
// languages (the real English catalog, and L-1 made-up languages with the
// same keys and placeholders). bench/synth is its command line; the
// benchmark of make bench and the test of the hosts' limits use it.
package synth

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/l10n"
)

// Options are what Write writes.
type Options struct {
	Codes int    // reply codes, 2 to MaxCodes
	Langs int    // languages, English included, 1 to MaxLangs
	Out   string // the folder to write data/ and i18n/ into
	// En is the English catalog to start from (the site's i18n/en.yaml):
	// its UI strings are kept, its texts of the real codes replaced.
	En   string
	Seed uint64 // the same seed writes the same bytes
}

// MaxCodes is the number of valid codes to pick from: first digit 2-5,
// second digit 0-5.
const MaxCodes = 240

// MaxLangs is English and every made-up language.
const MaxLangs = len(tags) + 1

// tags are the made-up languages after English; real tags, so the
// generator's checks on file names pass.
var tags = [...]string{"vi", "de", "fr", "es", "pt", "it", "nl", "pl", "sv", "da", "fi", "cs", "ro", "hu", "tr", "id", "ms", "sk", "sl"}

var words = strings.Fields(`mail server client message recipient sender mailbox
domain queue retry reply command session connection transaction storage quota
policy relay address header body delivery bounce report status temporary
permanent error the a of to and in is for that when it with as by on not this
be are from or an will can its which after before again later sends receives
accepts rejects returns keeps tries gives answers waits reads checks`)

// Write writes the synthetic inputs of o: o.Out/data/codes.yaml and
// o.Out/i18n/LANG.yaml, one per language.
func Write(o Options) error {
	n, langs, out, enFile, seed := o.Codes, o.Langs, o.Out, o.En, o.Seed
	if n < 2 || n > MaxCodes {
		return fmt.Errorf("%d codes: give 2 to %d", n, MaxCodes)
	}
	if langs < 1 || langs > MaxLangs {
		return fmt.Errorf("%d languages: give 1 to %d", langs, MaxLangs)
	}
	if out == "" {
		return errors.New("no output folder")
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	enSrc, err := os.ReadFile(enFile)
	if err != nil {
		return err
	}
	// The UI strings of the English file; its texts of the real codes are
	// replaced by synthetic ones.
	var enDoc map[string]any
	if err := yaml.Unmarshal(enSrc, &enDoc); err != nil {
		return fmt.Errorf("%s: %w", enFile, err)
	}
	en := map[string]string{}
	for k, v := range enDoc {
		if s, ok := v.(string); ok {
			en[k] = s
		}
	}
	langList := append([]string{"en"}, tags[:langs-1]...)
	if err := os.MkdirAll(filepath.Join(out, "i18n"), 0o755); err != nil {
		return err
	}
	catalogs := map[string]map[string]string{}
	for _, lang := range langList {
		cat := en
		if lang != "en" {
			cat = translate(en, lang)
		}
		catalogs[lang] = cat
	}
	// Pick n distinct valid codes: first digit 2-5, second digit 0-5.
	var valid []int
	for c := 200; c < 600; c++ {
		if c/10%10 <= 5 {
			valid = append(valid, c-200)
		}
	}
	r.Shuffle(len(valid), func(i, j int) { valid[i], valid[j] = valid[j], valid[i] })
	all := valid[:n]
	sort.Ints(all)
	texts := map[string]*strings.Builder{}
	for _, lang := range langList {
		texts[lang] = &strings.Builder{}
		texts[lang].WriteString("codes:\n")
	}
	english := map[string]string{}   // path -> English text
	sources := map[string][]string{} // lang -> paths it translates
	var b strings.Builder
	b.WriteString("# Synthetic data written by bench/synth; do not edit.\nrfcs:\n  5321: Simple Mail Transfer Protocol\n  1870: SMTP Service Extension for Message Size Declaration\ncodes:\n")
	for _, v := range all {
		code := 200 + v
		fmt.Fprintf(&b, "  - code: %d\n    reply_text: %q\n    model:\n      - to: [%s]\n        then: %s\n", code, sentence(r, 6), synthStep[code/100][0], synthStep[code/100][1])
		fmt.Fprintf(&b, "    references:\n      - {rfc: 5321, section: \"4.2.%d\"}\n      - {rfc: 1870, section: \"6\"}\n", r.IntN(4)+1)
		related := map[int]bool{}
		for len(related) < 3 {
			if o := 200 + all[r.IntN(n)]; o != code {
				related[o] = true
			}
			if n < 4 {
				break
			}
		}
		rel := make([]int, 0, len(related))
		for o := range related {
			rel = append(rel, o)
		}
		sort.Ints(rel)
		fmt.Fprintf(&b, "    related: %s\n", strings.ReplaceAll(fmt.Sprint(rel), " ", ", "))
		for _, lang := range langList {
			t := texts[lang]
			fmt.Fprintf(t, "  %d:\n", code)
			field := func(name, value string, block bool) {
				if block {
					fmt.Fprintf(t, "    %s: |\n%s", name, indent(value, "      "))
					value = strings.TrimSpace(value)
				} else {
					fmt.Fprintf(t, "    %s: %q\n", name, value)
				}
				if lang == "en" {
					english[l10n.CodePath(code, name)] = value
				} else {
					sources[lang] = append(sources[lang], l10n.CodePath(code, name))
				}
			}
			field("title", title(r), false)
			field("summary", sentence(r, 18), false)
			for _, f := range []string{"description", "when", "fix_sender", "fix_admin"} {
				field(f, markdown(r, 120), true)
			}
			for _, f := range []string{"server", "client"} {
				field(f, sentence(r, 30)+"\n", true)
			}
		}
	}
	// Each language file: its UI strings, its texts and, but for English,
	// the sources of its translations, as if all were current.
	for _, lang := range langList {
		data, err := yaml.Marshal(catalogs[lang])
		if err != nil {
			return err
		}
		data = append(data, texts[lang].String()...)
		if lang != "en" {
			recorded := map[string]string{}
			for k, v := range en {
				if k != "lang_name" && k != "lang_locale" {
					recorded[l10n.UIPath(k)] = l10n.Hash(v)
				}
			}
			for _, path := range sources[lang] {
				recorded[path] = l10n.Hash(english[path])
			}
			data = l10n.Rewrite(data, recorded)
		}
		if err := os.WriteFile(filepath.Join(out, "i18n", lang+".yaml"), data, 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(out, "data"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "data", "codes.yaml"), []byte(b.String()), 0o644)
}

var placeholderRE = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// translate makes a catalog for lang: every text marked with the tag, the
// placeholders kept.
func translate(en map[string]string, lang string) map[string]string {
	out := make(map[string]string, len(en))
	for k, v := range en {
		out[k] = "[" + lang + "] " + v
	}
	out["lang_name"] = "Language " + strings.ToUpper(lang)
	out["lang_locale"] = lang + "_" + strings.ToUpper(lang)
	return out
}

func title(r *rand.Rand) string {
	n := 2 + r.IntN(3)
	ws := make([]string, n)
	for i := range ws {
		w := words[r.IntN(len(words))]
		ws[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(ws, " ")
}

// synthStep is a step that fits each class, for the synthetic models.
var synthStep = map[int][2]string{2: {"MAIL, RCPT", "next"}, 3: {"AUTH", "auth-step"}, 4: {"MAIL, RCPT", "retry"}, 5: {"MAIL, RCPT", "bounce"}}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n/2+r.IntN(n))
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
		if r.IntN(12) == 0 {
			ws[i] = "`" + strings.ToUpper(ws[i]) + "`"
		}
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// markdown is about n words: paragraphs and now and then a list, like the
// real entries.
func markdown(r *rand.Rand, n int) string {
	var b strings.Builder
	for written := 0; written < n; {
		if r.IntN(3) == 0 {
			for i := 0; i < 3; i++ {
				s := sentence(r, 10)
				b.WriteString("- " + s + "\n")
				written += strings.Count(s, " ") + 1
			}
			b.WriteString("\n")
			continue
		}
		s := sentence(r, 16) + " " + sentence(r, 16)
		b.WriteString(s + "\n\n")
		written += strings.Count(s, " ") + 1
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
