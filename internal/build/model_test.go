package build_test

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/compose"
	"smtpcodes/internal/i18n"
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
// a refusal for a transient code, a step no code of the page takes, a
// command both codes are said to answer that one of them does not (QUIT
// for a code whose ANY leaves it out). It also finds the true sentences the
// page must show, so that a change of wording cannot make the check pass by
// matching nothing.
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
	checked, found, lists := 0, 0, 0
	stages := map[string]*stageSentences{}
	for _, lang := range cat.Langs {
		stages[lang] = newStageSentences(t, cat, lang)
	}
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
		text := generatedText(pg.raw)
		// A false claim may be the start of a true one (Japanese splits
		// "5xx ..., except in one case" into two sentences): the text of
		// the true claims the page makes is not read for the false ones.
		said := text
		for _, c := range claims {
			if c.true {
				said = strings.ReplaceAll(said, render(p.Lang, c), " ")
			}
		}
		for _, c := range claims {
			if !c.true && strings.Contains(said, render(p.Lang, c)) {
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
		if p.Kind == site.Pair {
			n, problems := stages[p.Lang].check(text, p.A, p.B)
			for _, msg := range problems {
				e.Errorf("%s: %s", p.File(), msg)
			}
			if n == 0 {
				e.Errorf("%s: shows no sentence saying which commands the two codes answer", p.File())
			}
			lists += n
		}
		return true
	})
	if found == 0 || lists == 0 {
		t.Error("no page showed a sentence the model requires; the check matched nothing")
	}
	t.Logf("%d sentence claims checked, %d required sentences found, %d lists of commands read", checked, found, lists)
}

// answers reports whether the model of c has it answer stage s: a case
// names s, or s is a command and a case's ANY does not leave it out.
func answers(c *codes.Code, s string) bool {
	for _, k := range c.Model {
		if slices.Contains(k.To, s) {
			return true
		}
	}
	if s == "ANY" || slices.Contains(codes.Commandless, s) {
		return false
	}
	for _, k := range c.Model {
		if slices.Contains(k.To, "ANY") && !slices.Contains(k.Except, s) {
			return true
		}
	}
	return false
}

// stageList is what a rendered list of stages claims: the stages it names
// and, when it says "any (other) command but ...", the commands left out.
type stageList struct {
	stages []string
	except []string
}

// stageSentences reads the sentences of a pair page that say which
// commands the codes answer, in one language, from the catalog's texts.
type stageSentences struct {
	lang    string
	same    *regexp.Regexp
	differ  string // the text with {a}, {b} filled and the lists as placeholders
	phrases [][2]string
	anyBut  [][2]string // "any command but {except}" before and after the list
	anyWord []string
}

const hole = "\uE000"

// listOfStages matches the list a stage sentence is filled with: text of
// one sentence (no full stop), so that in a language whose sentences run
// on without spaces (Japanese) a match starts at the sentence's own
// opening words, not at the same words earlier on the page.
const listOfStages = "([^.。]+?)"

func newStageSentences(t *testing.T, cat *i18n.Catalog, lang string) *stageSentences {
	t.Helper()
	format := func(key string, args ...any) string {
		text, _, err := cat.Format(lang, key, args...)
		if err != nil {
			t.Fatalf("%s: %s: %v", lang, key, err)
		}
		return strings.Join(strings.Fields(text), " ")
	}
	quoted := func(s string) string {
		parts := strings.Split(s, hole)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		return strings.Join(parts, listOfStages)
	}
	ss := &stageSentences{
		lang: lang,
		same: regexp.MustCompile(quoted(format("stages_same", "commands", hole))),
		phrases: [][2]string{
			{format("command_connect"), "CONNECT"},
			{format("command_data_end"), "DATA-END"},
			{format("command_unprompted"), "UNPROMPTED"},
		},
	}
	for _, key := range []string{"command_any_other_but", "command_any_but"} {
		before, after, _ := strings.Cut(format(key, "except", hole), hole)
		ss.anyBut = append(ss.anyBut, [2]string{before, after})
	}
	ss.anyWord = []string{format("command_any_other"), format("command_any")}
	ss.differ = format("stages_differ", "a", "{a}", "b", "{b}", "commands_a", hole, "commands_b", hole)
	return ss
}

var commandWord = regexp.MustCompile(`\b[A-Z]+\b`)

// parse reads a rendered list of stages.
func (ss *stageSentences) parse(list string) stageList {
	var l stageList
	names := func(s string) []string {
		var out []string
		s = strings.ReplaceAll(s, "BDAT … LAST", " ")
		for _, w := range commandWord.FindAllString(s, -1) {
			if slices.Contains(codes.Stages, w) {
				out = append(out, w)
			}
		}
		return out
	}
	for _, p := range ss.anyBut {
		i := strings.Index(list, p[0])
		if i < 0 {
			continue
		}
		except, rest := list[i+len(p[0]):], ""
		if j := strings.Index(except, p[1]); p[1] != "" && j >= 0 {
			except, rest = except[:j], except[j+len(p[1]):]
		}
		l.except = names(except)
		if strings.Contains(except, "BDAT … LAST") {
			l.except = append(l.except, "BDAT-LAST")
		}
		list = list[:i] + " " + rest
		l.stages = append(l.stages, "ANY")
		break
	}
	if l.stages == nil {
		for _, w := range ss.anyWord {
			if strings.Contains(list, w) {
				list = strings.Replace(list, w, " ", 1)
				l.stages = append(l.stages, "ANY")
				break
			}
		}
	}
	for _, p := range ss.phrases {
		if strings.Contains(list, p[0]) {
			list = strings.ReplaceAll(list, p[0], " ")
			l.stages = append(l.stages, p[1])
		}
	}
	if strings.Contains(list, "BDAT … LAST") {
		l.stages = append(l.stages, "BDAT-LAST")
	}
	l.stages = append(l.stages, names(list)...)
	return l
}

// holds reports why the list is not true of code c, "" when it is: every
// stage it names is one c answers, and "any command but ..." leaves out
// at least what the ANY of c leaves out.
func holds(l stageList, c *codes.Code) string {
	for _, s := range l.stages {
		if s != "ANY" && !answers(c, s) {
			return fmt.Sprintf("%d does not answer %s", c.Code, s)
		}
	}
	if !slices.Contains(l.stages, "ANY") {
		return ""
	}
	k := slices.IndexFunc(c.Model, func(k codes.Case) bool { return slices.Contains(k.To, "ANY") })
	if k < 0 {
		return fmt.Sprintf("%d does not answer any command", c.Code)
	}
	for _, s := range c.Model[k].Except {
		if !slices.Contains(l.except, s) {
			return fmt.Sprintf("%d does not answer %s (its ANY leaves it out)", c.Code, s)
		}
	}
	return ""
}

// check reads the sentences of a pair page's text that say which commands
// a and b answer, and returns how many it read and what in them the models
// contradict.
func (ss *stageSentences) check(text string, a, b *codes.Code) (int, []string) {
	var problems []string
	n := 0
	for _, m := range ss.same.FindAllStringSubmatch(text, -1) {
		n++
		l := ss.parse(m[1])
		for _, c := range []*codes.Code{a, b} {
			if why := holds(l, c); why != "" {
				problems = append(problems, fmt.Sprintf("says %q, but %s", m[0], why))
			}
		}
	}
	differ := strings.NewReplacer("{a}", fmt.Sprint(a.Code), "{b}", fmt.Sprint(b.Code)).Replace(ss.differ)
	parts := strings.Split(differ, hole)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	for _, m := range regexp.MustCompile(strings.Join(parts, listOfStages)).FindAllStringSubmatch(text, -1) {
		n++
		for i, c := range []*codes.Code{a, b} {
			if why := holds(ss.parse(m[i+1]), c); why != "" {
				problems = append(problems, fmt.Sprintf("says %q, but %s", m[0], why))
			}
		}
		for _, s := range codes.Stages {
			if s != "UNPROMPTED" && answers(a, s) && answers(b, s) {
				problems = append(problems, fmt.Sprintf("says %q, but both answer %s", m[0], s))
				break
			}
		}
	}
	return n, problems
}

// generatedText is the visible text of a page, white space folded,
// without the texts written by hand (class "prose"), which may say in
// their own words what a generated sentence says of other codes.
func generatedText(raw []byte) string {
	z := html.NewTokenizer(bytes.NewReader(raw))
	var b strings.Builder
	skip := 0
	prose := 0 // depth inside an element of class prose, 0 outside
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return ""
			}
			return strings.Join(strings.Fields(b.String()), " ")
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if a := atom.Lookup(name); a == atom.Script || a == atom.Style {
				skip++
			}
			if prose > 0 && atom.Lookup(name) == atom.Div {
				prose++
			}
			for hasAttr && prose == 0 {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "class" && slices.Contains(strings.Fields(string(v)), "prose") {
					prose = 1
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); (a == atom.Script || a == atom.Style) && skip > 0 {
				skip--
			}
			if prose > 0 && atom.Lookup(name) == atom.Div {
				prose--
			}
		case html.TextToken:
			if skip == 0 && prose == 0 {
				b.Write(z.Text())
			}
		}
	}
}
