package build_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/site"
)

// claim is a generated sentence filled with codes, and whether the reply
// models of those codes make it true. The claims are written here from the
// meaning of each sentence, apart from the code that picks sentences
// (internal/compose), so that a wrong choice there shows as a false
// sentence on a page.
type claim struct {
	key  string
	args []any
	true bool
}

// codeClaims are the sentences that name one code.
func codeClaims(c *codes.Code) []claim {
	var out []claim
	for _, f := range codes.Fates {
		out = append(out, claim{"fate_" + string(f), []any{"code", c.Code}, c.Fate() == f})
	}
	for n := 2; n <= 5; n++ {
		out = append(out, claim{"class_sentence_" + string(rune('0'+n)), []any{"code", c.Code}, int(c.Class()) == n && plainClass(c)})
	}
	// A 5xx with a case to be treated as temporary (552 for too many
	// recipients) must say so where its class is read, and a 2xx that did
	// not verify the address it answers (252) must not claim success.
	out = append(out,
		claim{"class_sentence_5_transient", []any{"code", c.Code}, c.Transient()},
		claim{"class_sentence_2_unverified", []any{"code", c.Code}, c.Has(codes.Unverified)})
	return out
}

// plainClass reports whether what the first digit says holds for every
// case of the code.
func plainClass(c *codes.Code) bool {
	return !c.Transient() && !c.Has(codes.Unverified)
}

// pairClaims are the sentences that name both codes of a pair, a first.
func pairClaims(a, b *codes.Code) []claim {
	var out []claim
	for _, f := range codes.Fates {
		if f == codes.Ends {
			continue // only 221 ends a session, so no pair shares it
		}
		out = append(out, claim{"fate_both_" + string(f), []any{"a", a.Code, "b", b.Code}, a.Fate() == f && b.Fate() == f})
	}
	for n := 2; n <= 5; n++ {
		out = append(out, claim{"lead_both_" + string(rune('0'+n)), []any{"a", a.Code, "b", b.Code}, int(a.Class()) == n && int(b.Class()) == n && plainClass(a) && plainClass(b)})
	}
	return out
}

// stepClaims are the sentences saying what the client does next, true of
// a page when one of its codes takes that step.
func stepClaims(cs ...*codes.Code) []claim {
	var out []claim
	for step := range codes.Steps {
		cases := []codes.Case{{Then: step}}
		if step == codes.Correct {
			cases = nil
			for how := range codes.Hows {
				cases = append(cases, codes.Case{Then: step, How: how})
			}
		}
		for _, k := range cases {
			holds := false
			for _, c := range cs {
				for _, m := range c.Model {
					holds = holds || m.Then == k.Then && m.How == k.How
				}
			}
			out = append(out, claim{compose.StepKey(k), nil, holds})
		}
	}
	return out
}

// TestSentencesTrueToModel reads every code page and pair page in every
// language and fails on a generated sentence that contradicts the reply
// model of a code it names: a bounce said of a code whose client corrects
// and repeats the command, a next step after a code that ends the session,
// a refusal for a transient code, a step no code of the page takes. It also
// finds the true sentences the page must show, so that a change of wording
// cannot make the check pass by matching nothing.
func TestSentencesTrueToModel(t *testing.T) {
	s := builtSite(t)
	cat, set := inputs(t)
	e := newErrs(t)
	render := func(lang string, c claim) string {
		text, _, err := cat.Format(lang, c.key, c.args...)
		if err != nil {
			t.Fatalf("%s: %s: %v", lang, c.key, err)
		}
		return strings.Join(strings.Fields(text), " ")
	}
	checked, found := 0, 0
	site.Plan(set, cat.Langs, func(p site.Page) bool {
		var claims, must []claim
		switch p.Kind {
		case site.Code:
			claims = append(codeClaims(p.A), stepClaims(p.A)...)
			for _, k := range p.A.Model {
				must = append(must, claim{key: compose.StepKey(k)})
			}
			for _, c := range codeClaims(p.A) {
				if c.true && strings.HasPrefix(c.key, "class_sentence_") {
					must = append(must, c)
				}
			}
		case site.Pair:
			claims = slices.Concat(codeClaims(p.A), codeClaims(p.B), pairClaims(p.A, p.B), stepClaims(p.A, p.B))
			if fa, fb := p.A.Fate(), p.B.Fate(); fa != "" && fb != "" && fa != fb {
				must = append(must, claim{key: "fate_" + string(fa), args: []any{"code", p.A.Code}})
			}
		default:
			return true
		}
		pg := s.pages[p.File()]
		if pg == nil {
			e.Errorf("%s: page missing", p.File())
			return true
		}
		text := pageText(pg.raw)
		for _, c := range claims {
			if !c.true && strings.Contains(text, render(p.Lang, c)) {
				e.Errorf("%s: says %q (%s), which the reply model of its codes contradicts", p.File(), render(p.Lang, c), c.key)
			}
			checked++
		}
		for _, c := range must {
			if !strings.Contains(text, render(p.Lang, c)) {
				e.Errorf("%s: lacks %q (%s), which its codes' reply model says", p.File(), render(p.Lang, c), c.key)
			}
			found++
		}
		return true
	})
	if found == 0 {
		t.Error("no page showed a sentence the model requires; the check matched nothing")
	}
	t.Logf("%d sentence claims checked, %d required sentences found", checked, found)
}

// pageText is the visible text of a page, white space folded.
func pageText(raw []byte) string {
	z := html.NewTokenizer(bytes.NewReader(raw))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return ""
			}
			return strings.Join(strings.Fields(b.String()), " ")
		case html.StartTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == atom.Script || a == atom.Style {
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); (a == atom.Script || a == atom.Style) && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}
