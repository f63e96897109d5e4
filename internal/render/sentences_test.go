package render

import (
	"fmt"
	"html"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/site"
)

// TestSentences keeps one golden file per language listing every distinct
// generated sentence of the real site (the lead and differences of pair
// pages, the digits and next steps of code pages, with their labels), each
// under its i18n key with the number of pages that carry it. A reviewer
// reads each variant once, and every change to a pattern, to the model or
// to the choice of sentences shows in the diff. Refresh with -update.
func TestSentences(t *testing.T) {
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		t.Fatal(err)
	}
	set, err := codes.Load("../../data/codes.yaml", []string{"../../i18n/en.yaml", "../../i18n/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{TemplateDir: "../../templates", Codes: set, Catalog: cat, BaseURL: "https://example.org/", Assets: testAssets})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range cat.Langs {
		t.Run(lang, func(t *testing.T) {
			got := sentenceList(t, r, set, lang)
			file := filepath.Join("testdata", "sentences", lang+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/render -run TestSentences -update)", err)
			}
			if got != string(want) {
				t.Errorf("generated sentences of %s differ from %s; review the diff after go test ./internal/render -run TestSentences -update", lang, file)
			}
		})
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain is the text a reader sees of rendered HTML.
func plain(h template.HTML) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(string(h), ""))), " ")
}

// codeArgs are the placeholders filled with reply or enhanced codes. The
// golden file shows them as placeholders and lists the codes each variant
// is filled with, so that a variant is read once for all its codes.
var codeArgs = []string{"code", "a", "b"}

type variant struct {
	pages int
	fills map[string]bool // "552" or "452/552"
}

func sentenceList(t *testing.T, r *Renderer, set *codes.Set, lang string) string {
	funcs := r.funcs(lang)
	say := funcs["say"].(func(compose.Sentence) (template.HTML, error))
	cmds := funcs["commands"].(func(compose.Stages) (template.HTML, error))
	variants := map[string]map[string]*variant{} // key -> text -> variant
	var onPage map[[2]string]bool
	add := func(key string, h template.HTML, err error, fill string) {
		if err != nil {
			t.Fatal(err)
		}
		text := plain(h)
		if variants[key] == nil {
			variants[key] = map[string]*variant{}
		}
		v := variants[key][text]
		if v == nil {
			v = &variant{fills: map[string]bool{}}
			variants[key][text] = v
		}
		if fill != "" {
			v.fills[fill] = true
		}
		if k := [2]string{key, text}; !onPage[k] {
			onPage[k] = true
			v.pages++
		}
	}
	sentences := func(ss []compose.Sentence) {
		for _, s := range ss {
			args := slices.Clone(s.Args)
			var fill []string
			for i := 0; i+1 < len(args); i += 2 {
				if name := args[i].(string); slices.Contains(codeArgs, name) {
					fill = append(fill, fmt.Sprint(args[i+1]))
					args[i+1] = "{" + name + "}"
				}
			}
			h, err := say(compose.Sentence{Key: s.Key, Args: args})
			add(s.Key, h, err, strings.Join(fill, "/"))
		}
	}
	steps := func(v *CodeView) {
		code := fmt.Sprint(v.Code)
		for _, s := range v.Steps {
			h, err := r.t(lang, s.Key)
			add(s.Key, h, err, code)
			c, err := cmds(s.To)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case s.Reason != "":
				reason, err := r.t(lang, s.Reason)
				if err != nil {
					t.Fatal(err)
				}
				h, err = r.t(lang, "steps_label_when", "commands", c, "reason", reason)
				add("steps_label_when", h, err, code)
			case s.Other:
				h, err = r.t(lang, "steps_label_other", "commands", c)
				add("steps_label_other", h, err, code)
			default:
				add("steps_label", c, nil, code)
			}
		}
	}
	site.Plan(set, []string{lang}, func(p site.Page) bool {
		if p.Kind != site.Code && p.Kind != site.Pair && p.Kind != site.EnhancedPair {
			return true
		}
		onPage = map[[2]string]bool{}
		d, err := r.data(r.inputs(p))
		if err != nil {
			t.Fatal(err)
		}
		switch p.Kind {
		case site.Code:
			sentences(d.A.Digits)
			steps(d.A)
		case site.Pair:
			sentences(d.Lead)
			sentences(d.Differences)
			steps(d.A)
			steps(d.B)
		case site.EnhancedPair:
			sentences(d.Lead)
		}
		return true
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# Every generated sentence of the %s code and pair pages, under its i18n key: each\n", lang)
	fmt.Fprintf(&b, "# variant once, with the number of pages that carry it and the codes it is filled with\n")
	fmt.Fprintf(&b, "# (a step sentence: the codes whose model has the step). steps_label is the label of a step\n")
	fmt.Fprintf(&b, "# without a reason, the commands of the case. Refresh: go test ./internal/render -run TestSentences -update\n")
	keys := make([]string, 0, len(variants))
	for k := range variants {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "\n## %s\n", k)
		texts := make([]string, 0, len(variants[k]))
		for s := range variants[k] {
			texts = append(texts, s)
		}
		slices.Sort(texts)
		for _, s := range texts {
			v := variants[k][s]
			fmt.Fprintf(&b, "%s\n    %d pages", s, v.pages)
			fills := make([]string, 0, len(v.fills))
			for f := range v.fills {
				fills = append(fills, f)
			}
			slices.Sort(fills)
			switch {
			case len(fills) == 0:
			case len(fills) <= 60:
				fmt.Fprintf(&b, "; %s", strings.Join(fills, " "))
			default:
				fmt.Fprintf(&b, "; %d fillings, %s ... %s", len(fills), strings.Join(fills[:30], " "), strings.Join(fills[len(fills)-10:], " "))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
