package codes

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
)

// The reply model: what a reply does to the session.
//
// The class (first digit) says only whether a request worked, failed for
// now or failed for good. What the client does next depends on the command
// the reply answers and sometimes on its reason: a 5xx to AUTH makes a
// client try another mechanism, not return a message; a 552 to RCPT for too
// many recipients is to be treated like 452 (RFC 5321 §4.5.3.1.10). Each
// entry's model lists the cases in which the reply is sent and, for each,
// the client's next step, so that every sentence the site generates about
// a code can be taken from its model instead of its first digit.
//
//	model:
//	  - to: [RCPT]                  # the stages it answers (see Stages)
//	    when: too-many-recipients   # optional: the reason that makes this case
//	    then: split                 # the client's next step (see Steps)
//	  - to: [RCPT]
//	    then: bounce-recipient
//	  - to: [MAIL, DATA-END]
//	    then: bounce
//	  - to: [BDAT, BDAT-LAST]
//	    then: bounce-chunk
//	  - to: [AUTH]
//	    then: correct
//	    how: mechanism              # with correct only: how the client corrects it
//	  - to: [ANY]
//	    except: [QUIT]              # with ANY only: the commands it does not answer
//	    then: no-repeat
//
// A stage may appear in several cases of one code only if each of them but
// one names a distinct reason with when; the case without when applies
// otherwise. ANY stands for every command that no other case of the code
// names, less those its except lists (RFC 3207 §4.1 and RFC 7504 §3 keep
// QUIT out of "every command"). Each step fits only some classes and
// stages (Steps says which), and the loader rejects a model that
// contradicts the code's class.

// Stages lists the values allowed in a case's to, in session order, the
// order in which sentences list them: the commands, CONNECT for the
// greeting when a connection opens, DATA-END for the reply to the end of
// the message text, BDAT for a chunk of a message sent with CHUNKING before
// the last one and BDAT-LAST for the last one (BDAT with LAST), which ends
// the message like DATA-END (RFC 3030 §2), ANY for a reply that may answer
// any command, and UNPROMPTED for a reply the server sends without waiting
// for a command (RFC 5321 §3.8).
var Stages = []string{
	"CONNECT", "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "DATA-END", "BDAT", "BDAT-LAST",
	"RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "ANY", "UNPROMPTED",
}

// Commandless lists the stages that are not commands: a reply at one of
// them answers no command, so "any command" does not include them.
var Commandless = []string{"CONNECT", "DATA-END", "UNPROMPTED"}

// Chunks are the stages of a BDAT chunk. After a 4xx or 5xx to a chunk the
// transaction has failed, its state is indeterminate and the client must
// send RSET before any other command (RFC 3030 §2), so a failure case that
// names a chunk takes a step made for chunks (one whose Stages are Chunks).
var Chunks = []string{"BDAT", "BDAT-LAST"}

// Step is what the client does after a reply.
type Step string

// The steps.
const (
	Next            Step = "next"             // goes on with the next command
	Unverified      Step = "unverified"       // the address was not verified, but mail for it is accepted (252)
	StartTLS        Step = "tls"              // starts the TLS handshake (220 to STARTTLS)
	Accepted        Step = "accepted"         // the server took the message; next message or QUIT
	End             Step = "end"              // the session is over (221)
	SendData        Step = "data"             // sends the message text (354)
	AuthStep        Step = "auth-step"        // sends the next step of the login (334)
	Correct         Step = "correct"          // changes the command as How says and sends it again
	Retry           Step = "retry"            // keeps the message and tries again later
	RetryRecipient  Step = "retry-recipient"  // tries that recipient again later, goes on with the others
	Split           Step = "split"            // no more recipients in this transaction: the rest in a new one
	RetryLogin      Step = "retry-login"      // tries to log in later without asking for a new password
	Reconnect       Step = "reconnect"        // the server closes; the client keeps the message and reconnects later
	WithoutTLS      Step = "without-tls"      // goes on unencrypted only where its policy allows
	Bounce          Step = "bounce"           // returns the message to its sender
	BounceRecipient Step = "bounce-recipient" // reports that recipient to the sender, goes on with the others
	NoRepeat        Step = "no-repeat"        // does not send the command again unchanged; nothing more is certain
	OtherHost       Step = "other-host"       // refused at the greeting: other MX hosts, else the message is returned
	RetryChunk      Step = "retry-chunk"      // a chunk failed for now: no more chunks, RSET, the message tried again later
	BounceChunk     Step = "bounce-chunk"     // a chunk failed for good: no more chunks, RSET, the message returned
	Reset           Step = "reset"            // a chunk out of sequence: the state is unknown, RSET before anything else
)

// StepRule says where a step can occur.
type StepRule struct {
	Classes []Class  // the classes of reply it follows
	Stages  []string // the only stages it follows; nil for any
	Fate    Fate     // what it means for the mail
}

// Steps lists every step with the classes and stages it fits.
var Steps = map[Step]StepRule{
	Next:            {Classes: []Class{PositiveCompletion}, Fate: Proceeds},
	Unverified:      {Classes: []Class{PositiveCompletion}, Stages: []string{"VRFY", "EXPN"}, Fate: Proceeds},
	StartTLS:        {Classes: []Class{PositiveCompletion}, Stages: []string{"STARTTLS"}, Fate: Proceeds},
	Accepted:        {Classes: []Class{PositiveCompletion}, Stages: []string{"DATA-END", "BDAT-LAST"}, Fate: Proceeds},
	End:             {Classes: []Class{PositiveCompletion}, Stages: []string{"QUIT"}, Fate: Ends},
	SendData:        {Classes: []Class{PositiveIntermediate}, Stages: []string{"DATA"}, Fate: Proceeds},
	AuthStep:        {Classes: []Class{PositiveIntermediate}, Stages: []string{"AUTH"}, Fate: Proceeds},
	Correct:         {Classes: []Class{TransientNegative, PermanentNegative}, Fate: Fixes},
	Retry:           {Classes: []Class{TransientNegative}, Fate: Later},
	RetryRecipient:  {Classes: []Class{TransientNegative}, Stages: []string{"RCPT"}, Fate: Later},
	Split:           {Classes: []Class{TransientNegative}, Stages: []string{"RCPT"}, Fate: Later},
	RetryLogin:      {Classes: []Class{TransientNegative}, Stages: []string{"AUTH"}, Fate: Later},
	Reconnect:       {Classes: []Class{TransientNegative}, Fate: Later},
	WithoutTLS:      {Classes: []Class{TransientNegative, PermanentNegative}, Stages: []string{"STARTTLS"}},
	Bounce:          {Classes: []Class{PermanentNegative}, Fate: Refused},
	BounceRecipient: {Classes: []Class{PermanentNegative}, Stages: []string{"RCPT"}, Fate: Refused},
	NoRepeat:        {Classes: []Class{PermanentNegative}, Fate: Unchanged},
	OtherHost:       {Classes: []Class{PermanentNegative}, Stages: []string{"CONNECT"}},
	RetryChunk:      {Classes: []Class{TransientNegative}, Stages: Chunks, Fate: Later},
	BounceChunk:     {Classes: []Class{PermanentNegative}, Stages: Chunks, Fate: Refused},
	Reset:           {Classes: []Class{PermanentNegative}, Stages: Chunks, Fate: Unchanged},
}

// How says how a client corrects a command after a Correct step.
type How string

// The ways to correct a command.
const (
	FallBackToHELO How = "helo"          // EHLO was not understood: HELO instead (RFC 5321 §3.2)
	TLSFirst       How = "starttls"      // start TLS, then repeat (RFC 3207, RFC 4954 §6 for 538)
	EHLOThenTLS    How = "ehlo-starttls" // HELO refused until TLS: EHLO, STARTTLS, EHLO again (RFC 3207 §4, §4.2)
	LoginOrTLS     How = "login-or-tls"  // log in or start TLS, as the server requires (RFC 4954 §6, RFC 3207)
	Mechanism      How = "mechanism"     // another SASL mechanism (RFC 4954 §4, §6)
	Credentials    How = "credentials"   // new credentials from the user (RFC 4954 §6)
	Transition     How = "transition"    // log in once with PLAIN so the mechanism works (RFC 4954 §6)
	DoWithout      How = "without"       // stop using the command and go on (RFC 5321 §4.2.4)
)

// Hows lists the ways to correct a command, each with the stages it fits
// (nil for any). Starting TLS or logging in and then repeating the command
// fits only the commands of a session that began with EHLO: after HELO the
// client has seen no extensions and must send EHLO first (RFC 3207 §4.2).
var Hows = map[How][]string{
	FallBackToHELO: {"EHLO"},
	TLSFirst:       {"AUTH", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP"},
	EHLOThenTLS:    {"HELO"},
	LoginOrTLS:     {"MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN", "HELP"},
	Mechanism:      {"AUTH"},
	Credentials:    {"AUTH"},
	Transition:     {"AUTH"},
	DoWithout:      {"VRFY", "EXPN", "HELP"},
}

// Abouts lists the values of a code's about: what a reply is about where
// the category of its second digit (RFC 5321 §4.2.1) does not fit, as for
// 454, whose 5 says "mail system" though it answers AUTH and STARTTLS.
var Abouts = []string{"security"}

// Reasons lists the values allowed in a case's when.
var Reasons = []string{TooManyRecipients}

// TooManyRecipients is the reason of a 452 or 552 to RCPT when the server
// takes no more recipients in the transaction (RFC 5321 §4.5.3.1.10): the
// client sends the message to those accepted and the rest in a new
// transaction. RFC 5321 tells clients to treat such a 552 as temporary,
// like 452, so a case for it takes the steps of a 4xx reply.
const TooManyRecipients = "too-many-recipients"

// Fate is what a step means for the mail, the one fact comparisons of two
// codes may rest on.
type Fate string

// The fates, in the order comparisons list them.
const (
	Proceeds  Fate = "proceeds"  // the session goes on
	Ends      Fate = "ends"      // the session is over, at the client's request
	Fixes     Fate = "fixes"     // the client must change something and send the command again
	Later     Fate = "later"     // the client tries again later
	Refused   Fate = "refused"   // the mail is not delivered to the recipients concerned; the sender gets a bounce
	Unchanged Fate = "unchanged" // the client does not repeat the command unchanged; no more is certain
)

// Fates lists the fates in order.
var Fates = []Fate{Proceeds, Ends, Fixes, Later, Refused, Unchanged}

// Case is one situation in which a code is sent, and the client's next step.
type Case struct {
	To     []string `json:"to"`               // stages
	Except []string `json:"except,omitempty"` // with ANY only: the commands ANY leaves out
	When   string   `json:"when,omitempty"`   // reason; "" for any
	Then   Step     `json:"then"`
	How    How      `json:"how,omitempty"` // with Correct only
	// Line and Col locate the case in its file; they are not part of what
	// a page shows.
	Line int `json:"-"`
	Col  int `json:"-"`
}

// Fate is what the case means for the mail; "" where no fate is certain.
func (c Case) Fate() Fate { return Steps[c.Then].Fate }

// Stages returns every stage the code answers, in the order its model
// first names them.
func (c *Code) Stages() []string {
	var out []string
	for _, k := range c.Model {
		for _, s := range k.To {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Fate returns the fate every case of the code shares, or "" when the cases
// differ or one has none: then no sentence may speak of the code as a whole.
func (c *Code) Fate() Fate {
	var f Fate
	for i, k := range c.Model {
		if i == 0 {
			f = k.Fate()
		} else if k.Fate() != f {
			return ""
		}
	}
	return f
}

// Transient reports whether some case of a 5xx code is to be treated as a
// 4xx (RFC 5321 §4.5.3.1.10), so that what its class says does not hold
// for every case.
func (c *Code) Transient() bool {
	return slices.ContainsFunc(c.Model, func(k Case) bool { return effective(c.Class(), k.When) != c.Class() })
}

// Has reports whether some case of the code takes step s.
func (c *Code) Has(s Step) bool {
	return slices.ContainsFunc(c.Model, func(k Case) bool { return k.Then == s })
}

var caseFields = []string{"to", "except", "when", "then", "how"}

// model parses and checks a code's model against its class.
func (p *parser) model(v *yaml.Node, what string, code int) []Case {
	var out []Case
	items := p.list(v, what+": model")
	if v.Kind == yaml.SequenceNode && len(items) == 0 {
		p.errorf(v, "%s: model is empty; give at least one case: the stages it answers (to) and what the client does next (then)", what)
	}
	class := Class(code / 100)
	type key struct{ stage, when string }
	seen := map[key]*yaml.Node{}
	excepts := map[string]*yaml.Node{} // stage -> its node in an except
	for _, item := range items {
		f := p.fields(item, what+": model case", caseFields, nil)
		if item.Kind != yaml.MappingNode {
			continue
		}
		k := Case{Line: item.Line, Col: item.Column}
		ok := true
		for _, req := range []string{"to", "then"} {
			if _, present := f[req]; !present {
				p.errorf(item, "%s: model case is missing required field %q", what, req)
				ok = false
			}
		}
		if n, present := f["when"]; present {
			if s, isStr := p.str(n, what+": when"); isStr {
				if !slices.Contains(Reasons, s) {
					p.errorf(n, "%s: unknown reason %q%s", what, s, diag.DidYouMean(s, Reasons))
					continue
				}
				k.When = s
			}
		}
		var rule StepRule
		if n, present := f["then"]; present {
			if s, isStr := p.str(n, what+": then"); isStr {
				r, known := Steps[Step(s)]
				switch {
				case !known:
					p.errorf(n, "%s: unknown step %q%s; the steps are %s", what, s, diag.DidYouMean(s, stepNames()), strings.Join(stepNames(), ", "))
					ok = false
				case code != 0 && !slices.Contains(r.Classes, effective(class, k.When)):
					p.errorf(n, "%s: step %q cannot follow a %dxx reply; it follows %s (RFC 5321 §4.2.1)", what, s, class, classList(r.Classes))
					ok = false
				}
				k.Then, rule = Step(s), r
			}
		}
		if n, present := f["how"]; present {
			if s, isStr := p.str(n, what+": how"); isStr {
				if _, known := Hows[How(s)]; !known {
					p.errorf(n, "%s: unknown way to correct %q%s; the ways are %s", what, s, diag.DidYouMean(s, howNames()), strings.Join(howNames(), ", "))
					ok = false
				} else if k.Then != Correct && k.Then != "" {
					p.errorf(n, "%s: how goes only with then: correct; remove it or change the step", what)
					ok = false
				}
				k.How = How(s)
			}
		} else if k.Then == Correct {
			p.errorf(item, "%s: then: correct needs how: the way the client corrects the command (%s)", what, strings.Join(howNames(), ", "))
			ok = false
		}
		if n, present := f["to"]; present {
			stages := p.list(n, what+": to")
			if n.Kind == yaml.SequenceNode && len(stages) == 0 {
				p.errorf(n, "%s: to is empty; name the stages this case answers", what)
				ok = false
			}
			for _, sn := range stages {
				s, isStr := p.str(sn, what+": a stage")
				if !isStr {
					ok = false
					continue
				}
				if !slices.Contains(Stages, s) {
					p.errorf(sn, "%s: unknown stage %q%s", what, s, diag.DidYouMean(s, Stages))
					ok = false
					continue
				}
				if rule.Stages != nil && !slices.Contains(rule.Stages, s) {
					p.errorf(sn, "%s: step %q cannot follow %s; it follows only %s", what, k.Then, s, strings.Join(rule.Stages, ", "))
					ok = false
				} else if c := effective(class, k.When); rule.Stages == nil && k.Then != "" && c >= TransientNegative && slices.Contains(Chunks, s) {
					p.errorf(sn, "%s: step %q cannot follow a %dxx to %s: the transaction has failed and the client must send RSET before any other command (RFC 3030 §2); use %s", what, k.Then, c, s, strings.Join(chunkSteps(c), " or "))
					ok = false
				}
				if allowed := Hows[k.How]; k.How != "" && allowed != nil && !slices.Contains(allowed, s) {
					p.errorf(sn, "%s: a client cannot correct %s by %q; that way fits only %s%s", what, s, k.How, strings.Join(allowed, ", "), howsFor(s))
					ok = false
				}
				if prev, dup := seen[key{s, k.When}]; dup {
					p.errorf(sn, "%s: stage %s has two cases for the same reason (the other at line %d); give one of them a distinct when", what, s, prev.Line)
					ok = false
				}
				seen[key{s, k.When}] = sn
				k.To = append(k.To, s)
			}
		}
		if n, present := f["except"]; present {
			if !p.except(n, what, &k, excepts) {
				ok = false
			}
		}
		if ok {
			out = append(out, k)
		}
	}
	// ANY covers only the commands no case names, so an exception that a
	// case names says nothing.
	for s, n := range excepts {
		line := 0
		for kk, prev := range seen {
			if kk.stage == s && (line == 0 || prev.Line < line) {
				line = prev.Line
			}
		}
		if line != 0 {
			p.errorf(n, "%s: %s is in the to of the case at line %d, so ANY does not cover it anyway; remove it from except", what, s, line)
		}
	}
	// A reason narrows a stage's default case, so the default must exist.
	for kk, n := range seen {
		if kk.when != "" && seen[key{kk.stage, ""}] == nil {
			p.errorf(n, "%s: stage %s has a case only for when: %s; add a case for %s without when, for every other reason", what, kk.stage, kk.when, kk.stage)
		}
	}
	return out
}

// except parses a case's except: the commands its ANY does not answer,
// each noted in excepts for the check against the other cases.
func (p *parser) except(n *yaml.Node, what string, k *Case, excepts map[string]*yaml.Node) bool {
	ok := true
	items := p.list(n, what+": except")
	if n.Kind != yaml.SequenceNode {
		return false
	}
	if !slices.Contains(k.To, "ANY") {
		p.errorf(n, "%s: except goes only with ANY in to: it names the commands ANY does not answer; add ANY to to or remove except", what)
		ok = false
	}
	if len(items) == 0 {
		p.errorf(n, "%s: except is empty; name the commands ANY does not answer, or remove it", what)
		return false
	}
	for _, en := range items {
		s, isStr := p.str(en, what+": an exception")
		switch {
		case !isStr:
			ok = false
		case !slices.Contains(Stages, s):
			p.errorf(en, "%s: unknown stage %q%s", what, s, diag.DidYouMean(s, Stages))
			ok = false
		case s == "ANY" || slices.Contains(Commandless, s):
			p.errorf(en, "%s: %s is not a command, and except names only commands that ANY would answer", what, s)
			ok = false
		case slices.Contains(k.Except, s):
			p.errorf(en, "%s: %s appears twice in except; keep one", what, s)
			ok = false
		default:
			k.Except = append(k.Except, s)
			excepts[s] = en
		}
	}
	return ok
}

// howsFor names the ways to correct that fit stage s, as a hint after a
// way that does not fit it ("" when there are none).
func howsFor(s string) string {
	var out []string
	for _, name := range howNames() {
		if slices.Contains(Hows[How(name)], s) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return ""
	}
	if len(out) == 1 {
		return fmt.Sprintf("; the way that fits %s is %s", s, out[0])
	}
	return fmt.Sprintf("; the ways that fit %s are %s", s, strings.Join(out, ", "))
}

// chunkSteps are the steps made for a failed chunk that follow a reply of
// class c.
func chunkSteps(c Class) []string {
	var out []string
	for _, name := range stepNames() {
		if r := Steps[Step(name)]; slices.Equal(r.Stages, Chunks) && slices.Contains(r.Classes, c) {
			out = append(out, name)
		}
	}
	return out
}

// effective is the class whose steps a case takes: a 5xx for too many
// recipients is treated as a 4xx (RFC 5321 §4.5.3.1.10).
func effective(class Class, when string) Class {
	if when == TooManyRecipients && class == PermanentNegative {
		return TransientNegative
	}
	return class
}

func stepNames() []string { return sortedNames(Steps) }

func howNames() []string { return sortedNames(Hows) }

// sortedNames lists a map's keys in order, for messages that name the
// allowed values.
func sortedNames[K ~string, V any](m map[K]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, string(k))
	}
	slices.Sort(out)
	return out
}

func classList(cs []Class) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%dxx", c)
	}
	return strings.Join(parts, " or ")
}
