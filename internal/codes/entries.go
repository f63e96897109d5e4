package codes

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
	"smtpcodes/internal/yamlfile"
)

// The entries of the data file: the list of RFCs, the reply codes with
// their references, transcripts and provider replies, and the enhanced
// status codes (the schema is the package doc).

// document reads the root mapping of the data file: the RFCs, the reply
// codes and the enhanced codes. It returns nil when the file has no codes.
func (p *parser) document(root *yaml.Node) *Set {
	top := p.fields(root, "the file", []string{"rfcs", "codes", "enhanced"}, func(k *yaml.Node) bool {
		if k.Value != "pairs" {
			return false
		}
		p.errorf(k, "pair notes are texts: write each under pairs: in the language files (i18n/en.yaml and the others), as 450/550: followed by the note")
		return true
	})
	rfcs := map[int]string{}
	if n, ok := top["rfcs"]; ok {
		rfcs = p.rfcs(n)
	} else {
		p.errorf(root, "missing required field \"rfcs\" (a mapping of RFC number to title)")
	}
	codesNode, ok := top["codes"]
	if !ok {
		p.errorf(root, "missing required field \"codes\" (the list of reply codes)")
		return nil
	}
	var entries []*Code
	seen := map[int]*Code{}
	relatedNodes := map[*Code][]*yaml.Node{}
	for _, n := range p.list(codesNode, "codes") {
		c, related := p.entry(n, rfcs)
		if c == nil {
			continue
		}
		if prev, dup := seen[c.Code]; dup {
			p.errs.Add(p.file, c.Line, c.Col, "code %d is defined twice, at line %d and line %d; merge the two entries", c.Code, prev.Line, c.Line)
			continue
		}
		seen[c.Code] = c
		entries = append(entries, c)
		relatedNodes[c] = related
	}
	for _, c := range entries {
		for i, r := range c.Related {
			n := relatedNodes[c][i]
			switch {
			case r == c.Code:
				p.errorf(n, "code %d: lists itself as related; remove it", c.Code)
			case seen[r] == nil:
				p.errorf(n, "code %d: related code %d is not defined in this file; add an entry for %d or remove it from related", c.Code, r, r)
			}
		}
	}
	set := New(rfcs, entries)
	if n, ok := top["enhanced"]; ok {
		set.Enhanced = p.enhancedList(n, rfcs, seen)
	}
	return set
}

// rfcs reads the mapping of RFC number to title.
func (p *parser) rfcs(n *yaml.Node) map[int]string {
	out := map[int]string{}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rfcs must be a mapping of RFC number to title, not %s", yamlfile.Kind(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		num, ok := p.integer(k, "an RFC number")
		if !ok {
			continue
		}
		title, ok := p.str(v, fmt.Sprintf("the title of RFC %d", num))
		if !ok {
			continue
		}
		if _, dup := out[num]; dup {
			p.errorf(k, "RFC %d is listed twice; keep one", num)
		}
		out[num] = title
	}
	return out
}

// codeFields are the fields of a reply code entry.
var codeFields = []string{"code", "reply_text", "model", "about", "references", "related", "transcript", "provider_replies"}

// entry parses one code entry. It returns the value nodes of related so
// that dangling codes can be reported at their own position.
func (p *parser) entry(n *yaml.Node, rfcs map[int]string) (*Code, []*yaml.Node) {
	before := p.errs.Len()
	what := entryName(n, "code", func(s string) bool {
		num, err := strconv.Atoi(s)
		return err == nil && strconv.Itoa(num) == s
	})
	f := p.fields(n, what, codeFields, func(k *yaml.Node) bool {
		if k.Value != "commands" {
			return false
		}
		p.errorf(k, "%s: commands is now part of the model: replace it with model cases, each naming the stages it answers (to) and what the client does next (then)", what)
		return true
	})
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	c := &Code{Line: n.Line, Col: n.Column, Text: map[string]Text{}}
	required := []string{"code", "reply_text", "model", "references"}
	if f["commands"] != nil {
		required = []string{"code", "reply_text", "references"} // the model is asked for at commands
	}
	p.required(n, what, f, required)
	// The model and the provider replies are checked against the code
	// only once the code is valid, so that one wrong number is reported
	// once; valid is 0 until then.
	valid := 0
	if v, ok := f["code"]; ok {
		c.Code, valid = p.replyCode(v, what)
	}
	if v, ok := f["reply_text"]; ok {
		c.ReplyText = p.replyText(v, what)
	}
	if v, ok := f["about"]; ok {
		c.About = p.about(v, what)
	}
	if v, ok := f["model"]; ok {
		c.Model = p.model(v, what, valid)
	}
	if v, ok := f["references"]; ok {
		c.References = p.references(v, what, rfcs, false)
	}
	if v, ok := f["transcript"]; ok {
		c.Transcript = p.transcript(v, what)
	}
	if v, ok := f["provider_replies"]; ok {
		c.ProviderReplies = p.providerReplies(v, what, valid)
	}
	var related []*yaml.Node
	if v, ok := f["related"]; ok {
		c.Related, related = p.related(v, what)
	}
	if p.errs.Len() > before && c.Code == 0 {
		// Without a valid number the entry cannot be named or related to.
		return nil, nil
	}
	return c, related
}

// entryName names the entry n in messages by its code, found before the
// other fields so that every message can name it: kind and the code as
// written when canonical says it is spelt as it should be, else quoted,
// as it may hold any text; kind and "entry" when n has no code.
func entryName(n *yaml.Node, kind string, canonical func(string) bool) string {
	what := kind + " entry"
	if n.Kind != yaml.MappingNode {
		return what
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := n.Content[i+1]; n.Content[i].Value == "code" && v.Kind == yaml.ScalarNode {
			what = fmt.Sprintf("%s %q", kind, v.Value)
			if canonical(v.Value) {
				what = kind + " " + v.Value
			}
		}
	}
	return what
}

// required reports each of names that the fields f of the entry n lack.
func (p *parser) required(n *yaml.Node, what string, f map[string]*yaml.Node, names []string) {
	for _, name := range names {
		if _, ok := f[name]; !ok {
			p.errorf(n, "%s: missing required field %q", what, name)
		}
	}
}

// replyCode parses the code of a reply code entry: its number, 0 when it
// is not a number, and the number again if it is a reply code, else 0.
func (p *parser) replyCode(v *yaml.Node, what string) (num, valid int) {
	num, ok := p.integer(v, what+": code")
	if !ok {
		return 0, 0
	}
	switch {
	case num < 200 || num > 599:
		p.errorf(v, "code %d: not an SMTP reply code; a reply code has three digits and its first digit is 2, 3, 4 or 5 (RFC 5321 §4.2)", num)
	case num/10%10 > 5:
		p.errorf(v, "code %d: not an SMTP reply code; its second digit must be 0 to 5 (RFC 5321 §4.2.1)", num)
	default:
		return num, num
	}
	return num, 0
}

// replyText parses the RFC's reply text of a code.
func (p *parser) replyText(v *yaml.Node, what string) string {
	s, ok := p.str(v, what+": reply_text")
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" {
		p.errorf(v, "%s: reply_text is empty; give the RFC's reply text", what)
	}
	return s
}

// about parses what a code is about where its category does not fit.
func (p *parser) about(v *yaml.Node, what string) string {
	s, ok := p.str(v, what+": about")
	if !ok {
		return ""
	}
	if !slices.Contains(Abouts, s) {
		p.errorf(v, "%s: unknown subject %q%s; about takes %s", what, s, diag.DidYouMean(s, Abouts), strings.Join(Abouts, ", "))
	}
	return s
}

// transcript parses a session transcript: every line a client (C:) or a
// server (S:) line.
func (p *parser) transcript(v *yaml.Node, what string) string {
	s, ok := p.str(v, what+": transcript")
	if !ok {
		return ""
	}
	s = strings.TrimRight(s, "\n")
	for i, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "C: ") && !strings.HasPrefix(line, "S: ") && line != "C:" && line != "S:" {
			// Each line of a | block is a line of the source, which
			// starts after the |; in any other style the lines
			// are not the source's, so the value is pointed at.
			at, col := v.Line, v.Column
			if v.Style == yaml.LiteralStyle {
				at = v.Line + 1 + i
				col = p.indentCol(at)
			}
			p.errs.Add(p.file, at, col, "%s: transcript line %q must start with \"C: \" (client) or \"S: \" (server)", what, line)
		}
	}
	return s
}

// related parses the related codes of an entry, with their nodes; whether
// each is defined is checked once every entry is read.
func (p *parser) related(v *yaml.Node, what string) ([]int, []*yaml.Node) {
	var nums []int
	var nodes []*yaml.Node
	for _, item := range p.list(v, what+": related") {
		if num, ok := p.integer(item, what+": a related code"); ok {
			nums = append(nums, num)
			nodes = append(nodes, item)
		}
	}
	return nums, nodes
}

var providerReplyFields = []string{"provider", "reply", "source"}

// providerReplies parses the reply texts providers document for code.
func (p *parser) providerReplies(v *yaml.Node, what string, code int) []ProviderReply {
	var out []ProviderReply
	for _, item := range p.list(v, what+": provider_replies") {
		rf := p.fields(item, what+": provider reply", providerReplyFields, nil)
		if item.Kind != yaml.MappingNode {
			continue
		}
		var r ProviderReply
		ok := true
		for _, field := range []struct {
			name string
			dst  *string
		}{{"provider", &r.Provider}, {"reply", &r.Reply}, {"source", &r.Source}} {
			fv, present := rf[field.name]
			if !present {
				p.errorf(item, "%s: provider reply is missing required field %q", what, field.name)
				ok = false
				continue
			}
			s, isStr := p.str(fv, what+": provider reply "+field.name)
			s = strings.TrimSpace(s)
			if !isStr || s == "" {
				if isStr {
					p.errorf(fv, "%s: provider reply %s is empty", what, field.name)
				}
				ok = false
				continue
			}
			*field.dst = s
		}
		if !ok {
			continue
		}
		if num := strconv.Itoa(code); code != 0 && !strings.HasPrefix(r.Reply, num+" ") && !strings.HasPrefix(r.Reply, num+"-") {
			p.errorf(rf["reply"], "%s: provider reply %q must start with the code %s, as the server sends it", what, r.Reply, num)
			continue
		}
		if !strings.HasPrefix(r.Source, "https://") || strings.ContainsAny(r.Source, " \t") {
			p.errorf(rf["source"], "%s: provider reply source %q must be the https:// address of the provider's page that documents the reply", what, r.Source)
			continue
		}
		out = append(out, r)
	}
	return out
}

// sectionRE matches a section number: 4.2.3, or an appendix, A or D.1.
var sectionRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$|^[A-Z](\.[0-9]+)*$`)

// references parses a list of {rfc, section} citations.
func (p *parser) references(v *yaml.Node, what string, rfcs map[int]string, allowEmpty bool) []Reference {
	var out []Reference
	items := p.list(v, what+": references")
	if v.Kind == yaml.SequenceNode && len(items) == 0 && !allowEmpty {
		p.errorf(v, "%s: references is empty; cite at least one RFC section", what)
	}
	for _, item := range items {
		rf := p.fields(item, what+": reference", []string{"rfc", "section"}, nil)
		var ref Reference
		if rv, ok := rf["rfc"]; ok {
			if num, ok := p.integer(rv, what+": rfc"); ok {
				if _, known := rfcs[num]; !known {
					p.errorf(rv, "%s: RFC %d is not listed under rfcs; add its title there", what, num)
				}
				ref.RFC = num
			}
		} else if item.Kind == yaml.MappingNode {
			p.errorf(item, "%s: reference is missing required field \"rfc\"", what)
		}
		if sv, ok := rf["section"]; ok {
			if s, ok := p.str(sv, what+": section"); ok {
				if !sectionRE.MatchString(s) {
					p.errorf(sv, "%s: section %q is not a section number like \"4.2.3\"", what, s)
				}
				ref.Section = s
			}
		}
		out = append(out, ref)
	}
	return out
}

// enhancedRE matches an enhanced code written with or without the class
// digit and with any number of digits; enhancedCode checks the rest, so the
// message can give the canonical form.
var enhancedRE = regexp.MustCompile(`^([Xx245])\.([0-9]+)\.([0-9]+)$`)

// enhancedCode parses s, an enhanced status code written X.subject.detail
// (RFC 3463 §2: subject 0 to 7, detail 0 to 999, no leading zeros, so that
// one code has one spelling and one page).
func enhancedCode(s string) (subject, detail int, problem string) {
	m := enhancedRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, fmt.Sprintf("%q is not an enhanced status code; write it as X.subject.detail with a subject from 0 to 7, like X.2.2 (RFC 3463 §2)", s)
	}
	subject, errS := strconv.Atoi(m[2])
	detail, errD := strconv.Atoi(m[3])
	if errS != nil || errD != nil || subject > 7 || detail > 999 {
		return 0, 0, fmt.Sprintf("%q is not an enhanced status code; its subject is 0 to 7 and its detail 0 to 999, like X.2.2 (RFC 3463 §2)", s)
	}
	canon := fmt.Sprintf("X.%d.%d", subject, detail)
	switch {
	case m[1] != "X" && m[1] != "x":
		return 0, 0, fmt.Sprintf("%q names one class; write %q, with X for the class: use lists the classes it is used in", s, canon)
	case s != canon:
		return 0, 0, fmt.Sprintf("%q is not written the canonical way; write %q (a capital X and no leading zeros)", s, canon)
	}
	return subject, detail, ""
}

// enhancedList reads the enhanced codes, each once, sorted by subject and
// detail (the registry's order).
func (p *parser) enhancedList(n *yaml.Node, rfcs map[int]string, basic map[int]*Code) []*Enhanced {
	var out []*Enhanced
	seen := map[string]*Enhanced{}
	for _, item := range p.list(n, "enhanced") {
		e := p.enhanced(item, rfcs, basic)
		if e == nil {
			continue
		}
		if prev, dup := seen[e.Code]; dup {
			p.errs.Add(p.file, e.Line, e.Col, "enhanced code %s is defined twice, at line %d and line %d; merge the two entries", e.Code, prev.Line, e.Line)
			continue
		}
		seen[e.Code] = e
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Enhanced) int {
		if a.Subject != b.Subject {
			return a.Subject - b.Subject
		}
		return a.Detail - b.Detail
	})
	return out
}

// enhanced parses one enhanced code entry; it returns nil when the entry
// has no valid code.
func (p *parser) enhanced(n *yaml.Node, rfcs map[int]string, basic map[int]*Code) *Enhanced {
	what := entryName(n, "enhanced code", func(s string) bool {
		_, _, problem := enhancedCode(s)
		return problem == ""
	})
	f := p.fields(n, what, []string{"code", "basic", "use", "references"}, nil)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	e := &Enhanced{Line: n.Line, Col: n.Column, Text: map[string]Text{}}
	p.required(n, what, f, []string{"code", "use", "references"})
	if v, ok := f["code"]; ok {
		e.Code, e.Subject, e.Detail = p.enhancedCodeField(v, what)
	}
	if v, ok := f["basic"]; ok {
		e.Basic = p.basic(v, what, basic)
	}
	if v, ok := f["use"]; ok {
		e.Use = p.use(v, what)
	}
	if v, ok := f["references"]; ok {
		// A code registered from an Internet-Draft (X.7.28) cites no RFC.
		e.References = p.references(v, what, rfcs, true)
	}
	if e.Code == "" {
		return nil
	}
	return e
}

// enhancedCodeField parses the code of an enhanced code entry; code is ""
// when it is not one.
func (p *parser) enhancedCodeField(v *yaml.Node, what string) (code string, subject, detail int) {
	s, ok := p.str(v, what+": code")
	if !ok {
		return "", 0, 0
	}
	subject, detail, problem := enhancedCode(s)
	if problem != "" {
		p.errorf(v, "%s: %s", what, problem)
		return "", 0, 0
	}
	return s, subject, detail
}

// basic parses the reply codes an enhanced code comes with, each defined
// under codes.
func (p *parser) basic(v *yaml.Node, what string, defined map[int]*Code) []int {
	var out []int
	for _, item := range p.list(v, what+": basic") {
		if num, ok := p.integer(item, what+": a basic code"); ok {
			if defined[num] == nil {
				p.errorf(item, "%s: basic code %d is not defined under codes; add it there or remove it here", what, num)
			}
			out = append(out, num)
		}
	}
	return out
}

// use parses the classes in which an enhanced code makes sense.
func (p *parser) use(v *yaml.Node, what string) []Class {
	items := p.list(v, what+": use")
	if v.Kind == yaml.SequenceNode && len(items) == 0 {
		p.errorf(v, "%s: use is empty; list the classes (2, 4, 5) in which the code makes sense", what)
	}
	var out []Class
	for _, item := range items {
		if num, ok := p.integer(item, what+": a class"); ok {
			if num != 2 && num != 4 && num != 5 {
				p.errorf(item, "%s: class %d: an enhanced status code's class is 2, 4 or 5 (RFC 3463 §3.1)", what, num)
			}
			out = append(out, Class(num))
		}
	}
	return out
}
