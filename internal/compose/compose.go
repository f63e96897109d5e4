// Package compose chooses the generated sentences of code and pair pages.
//
// A generated sentence appears on hundreds of pages in every language, so
// it may say only what is true of every code it is filled with. Each
// sentence here is picked from the codes' reply model (codes.Case), never
// from the class digit alone: a claim about what happens to the mail is
// made only when every case of a code's model agrees on it (codes.Fate),
// and where they differ the page says less. The package returns i18n keys
// with their placeholder values; the renderer fills them in each language.
package compose

import (
	"slices"
	"strconv"
	"strings"

	"smtpcodes/internal/codes"
)

// Sentence is one i18n key with its placeholder values, as name, value
// pairs in the form the renderer's t takes.
type Sentence struct {
	Key  string
	Args []any
}

// Stages is a placeholder value the renderer shows as a list of stages:
// "MAIL, RCPT and any other command but QUIT".
type Stages struct {
	Names  []string // in session order (codes.Stages)
	Except []string // the commands ANY leaves out, in session order
	// Others is set when other cases of the code name commands, so that
	// ANY reads "any other command" even in a list of its own.
	Others bool
}

// Term is a placeholder value the renderer shows as the text of an i18n key.
type Term string

func say(key string, args ...any) Sentence { return Sentence{Key: key, Args: args} }

// StepKey is the i18n key of the sentence that says what the client does
// in case k: "step_retry_recipient", "step_correct_helo".
func StepKey(k codes.Case) string {
	key := "step_" + string(k.Then)
	if k.Then == codes.Correct {
		key += "_" + string(k.How)
	}
	return strings.ReplaceAll(key, "-", "_")
}

// ReasonKey is the i18n key naming a case's reason, "" for none.
func ReasonKey(k codes.Case) string {
	if k.When == "" {
		return ""
	}
	return "when_" + strings.ReplaceAll(k.When, "-", "_")
}

// Class is the sentence that reads a code's first digit: for a 5xx with a
// case to be treated as temporary, one that says so, and for a 2xx that
// did not verify the address it answers (252), one that says that.
func Class(c *codes.Code) Sentence {
	if key := classVariant(c); key != "" {
		return say(key, "code", c.Code)
	}
	return say("class_sentence_"+itoa(int(c.Class())), "code", c.Code)
}

// classVariant is the key of a code's own class sentence, "" where the
// class sentence of its first digit holds.
func classVariant(c *codes.Code) string {
	switch {
	case c.Transient():
		return "class_sentence_5_transient"
	case c.Has(codes.Unverified):
		return "class_sentence_2_unverified"
	}
	return ""
}

// Fate says what the code means for the mail, if every case of its model
// agrees; ok is false otherwise.
func Fate(c *codes.Code) (s Sentence, ok bool) {
	f := c.Fate()
	if f == "" {
		return Sentence{}, false
	}
	return say("fate_"+string(f), "code", c.Code), true
}

// Digits is what a code page says under "What the digits tell you": the
// class and the category. The commands it answers head its next steps.
func Digits(c *codes.Code) []Sentence {
	category := say("category_sentence_" + itoa(c.Category()))
	if c.About != "" {
		category = say("category_sentence_about_"+c.About, "digit", c.Category(), "category", Term("category_name_"+itoa(c.Category())))
	}
	return []Sentence{Class(c), category}
}

// Lead is the opening of a pair page: what the two classes mean and, where
// the models allow it, what each code means for the mail. a is the lower
// code.
func Lead(a, b *codes.Code) []Sentence {
	var out []Sentence
	if a.Class() == b.Class() && classVariant(a) == "" && classVariant(b) == "" {
		out = append(out, say("lead_both_"+itoa(int(a.Class())), "a", a.Code, "b", b.Code), say("pair_lead_same"))
	} else {
		out = append(out, Class(a), Class(b))
	}
	fa, fb := a.Fate(), b.Fate()
	switch {
	case fa != "" && fa == fb:
		out = append(out, say("fate_both_"+string(fa), "a", a.Code, "b", b.Code))
	case fa != fb:
		for _, c := range []*codes.Code{a, b} {
			if s, ok := Fate(c); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// CaseStages are the stages of case i of code c as the head of its next
// step: in session order, with the commands its ANY leaves out, and ANY as
// "any other command" when another case of c names commands.
func CaseStages(c *codes.Code, i int) Stages {
	k := c.Model[i]
	out := Stages{Names: sorted(k.To), Except: sorted(k.Except)}
	for j, o := range c.Model {
		if j != i && slices.ContainsFunc(o.To, isCommand) {
			out.Others = true
		}
	}
	return out
}

// Differences are the bullets under a pair page's table: which commands
// each code answers and the second digits. What the client does after
// each is in the table, case by case.
func Differences(a, b *codes.Code) []Sentence {
	var out []Sentence
	sa, sb := commandStages(a), commandStages(b)
	var shared Stages
	for _, st := range sa.Names {
		if slices.Contains(sb.Names, st) {
			shared.Names = append(shared.Names, st)
		}
	}
	anyA, anyB := slices.Contains(sa.Names, "ANY"), slices.Contains(sb.Names, "ANY")
	switch {
	case anyA && anyB:
		// Two codes that may answer any command share that, less what
		// either leaves out, and the stages without a command that both
		// name (the greeting).
		shared.Names = slices.DeleteFunc(shared.Names, func(st string) bool { return isCommand(st) })
		shared.Names = append(shared.Names, "ANY")
		shared.Except = sorted(append(slices.Clone(sa.Except), sb.Except...))
	case anyA || anyB:
		// A code that may answer any command shares every command of the
		// other but those its ANY leaves out.
		wide, other := sa, sb
		if anyB {
			wide, other = sb, sa
		}
		for _, st := range other.Names {
			if isCommand(st) && !slices.Contains(wide.Except, st) && !slices.Contains(shared.Names, st) {
				shared.Names = append(shared.Names, st)
			}
		}
	}
	shared.Names = sorted(shared.Names)
	if len(shared.Names) > 0 {
		out = append(out, say("stages_same", "commands", shared))
	} else {
		out = append(out, say("stages_differ", "a", a.Code, "b", b.Code, "commands_a", sa, "commands_b", sb))
	}
	// A code whose second digit's category does not fit (about) is not
	// compared by category: its own page says what it is about.
	switch {
	case a.About != "" || b.About != "":
	case a.Category() == b.Category():
		out = append(out, say("same_category", "digit", a.Category(), "category", Term("category_name_"+itoa(a.Category()))))
	default:
		out = append(out, say("diff_category", "a", a.Code, "b", b.Code,
			"digit_a", a.Category(), "digit_b", b.Category(),
			"category_a", Term("category_name_"+itoa(a.Category())), "category_b", Term("category_name_"+itoa(b.Category()))))
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// commandStages are the stages a code answers in session order, without
// UNPROMPTED: a reply sent without a command answers none, so sentences
// about the commands a code answers leave it out (its next steps still
// name it). Except holds the commands its ANY leaves out.
func commandStages(c *codes.Code) Stages {
	var out Stages
	for _, s := range c.Stages() {
		if s != "UNPROMPTED" {
			out.Names = append(out.Names, s)
		}
	}
	for _, k := range c.Model {
		out.Except = append(out.Except, k.Except...)
	}
	out.Names, out.Except = sorted(out.Names), sorted(out.Except)
	return out
}

// isCommand reports whether a stage is a command that ANY stands for.
func isCommand(st string) bool { return st != "ANY" && !slices.Contains(codes.Commandless, st) }

// sorted returns the stages in session order, each once.
func sorted(stages []string) []string {
	out := slices.Clone(stages)
	slices.SortFunc(out, func(x, y string) int { return slices.Index(codes.Stages, x) - slices.Index(codes.Stages, y) })
	return slices.Compact(out)
}

// EnhancedLead opens the comparison of two enhanced status codes: they
// share a subject, or the subject tells them apart.
func EnhancedLead(e, f *codes.Enhanced) []Sentence {
	if e.Subject == f.Subject {
		return []Sentence{say("enh_same_subject", "a", e.Code, "b", f.Code, "subject_name", Term("subject_name_"+itoa(e.Subject)))}
	}
	return []Sentence{say("enh_diff_subject", "a", e.Code, "b", f.Code,
		"subject_a", Term("subject_name_"+itoa(e.Subject)), "subject_b", Term("subject_name_"+itoa(f.Subject)))}
}
