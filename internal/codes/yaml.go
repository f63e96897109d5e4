package codes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"smtpcodes/internal/diag"
)

// Every input file of the site (the code data, the language files and
// site.yaml) is read through DecodeYAML, so each is held to the same rules
// and every problem gets a line and column:
//
//   - the bytes are UTF-8 text: no invalid sequence, no NUL byte and no
//     control character but tab, line feed and carriage return (checked
//     before yaml.v3 sees the bytes, because its own errors name no line);
//   - the YAML is well formed; a syntax error is reported once, at the
//     place to fix (an unclosed quote where it opens, a tab in the
//     indentation as a tab), and nothing else of the file is checked, so
//     no follow-on errors hide it;
//   - the file holds one YAML document: a second one after "---" would be
//     silently ignored;
//   - no decoded text holds a control character but tab and newline, so an
//     escape such as "\x01" cannot reach a page as a raw byte.

// maxByteErrors bounds the byte-level errors reported for one file: a
// binary or UTF-16 file would otherwise yield one per byte.
const maxByteErrors = 10

// DecodeYAML checks and decodes src, the contents of file, recording every
// problem in errs. It returns the root node of the file's one document, or
// nil when the file holds no document. ok is false when the file could not
// be decoded (bad bytes, a syntax error, a runaway quote); then nothing
// more should be checked, so that no follow-on errors are reported. Control
// characters in decoded text are recorded but leave ok true, since the rest
// of the file can still be checked.
func DecodeYAML(file string, src []byte, errs *diag.List) (root *yaml.Node, ok bool) {
	if !checkBytes(file, src, errs) {
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true // no document at all: an empty file
		}
		line, col, msg := YAMLErrorPos(src, err)
		errs.Add(file, line, col, "malformed YAML: %s", msg)
		return nil, false
	}
	lines := strings.Split(string(src), "\n")
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case err == nil:
		line := max(second.Line, 1)
		errs.Add(file, line, 1, "%s", secondDocument(lines, line))
		return nil, false
	case !errors.Is(err, io.EOF):
		// The second document is malformed too; what matters is that it
		// is there at all.
		line := secondMarker(lines, &doc)
		errs.Add(file, line, 1, "%s", secondDocument(lines, line))
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	root = doc.Content[0]
	if q, found := runawayQuote(lines, root); found {
		errs.Add(file, q.line, q.col, "malformed YAML: the quote %c that opens here closes only on line %d, so the lines between are taken as text; close the quote on this line%s", q.quote, q.endLine, quoteHint(q.quote))
		return nil, false
	}
	checkStrings(file, root, errs)
	return root, true
}

// secondDocument describes the second document that starts at line.
func secondDocument(lines []string, line int) string {
	marker := `the "---" line`
	if line >= 1 && line <= len(lines) && strings.HasPrefix(lines[line-1], "...") {
		marker = `the "..." line`
	}
	return fmt.Sprintf("a second YAML document starts here, and a file holds only one; remove %s and merge what follows into the document above", marker)
}

// secondMarker is the line of the document marker that starts a second
// document after doc, or the line after doc's root when none is found.
func secondMarker(lines []string, doc *yaml.Node) int {
	start := 1
	if len(doc.Content) > 0 {
		start = doc.Content[0].Line
	}
	for i := start; i < len(lines); i++ { // lines[i] is line i+1
		if l := lines[i]; l == "---" || l == "..." || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "---\t") {
			return i + 1
		}
	}
	return start
}

func quoteHint(q byte) string {
	if q == '"' {
		return ` (to put a " inside the text, write \")`
	}
	return ` (to put a ' inside the text, write '')`
}

// allowedRaw reports whether r may appear as a raw character of an input
// file: tab, the line breaks and every character but the C0 and C1
// controls, DEL, U+FFFE and U+FFFF. That is YAML 1.2's printable set (§5.1)
// less NEL, which YAML allows but no page should hold.
func allowedRaw(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || r >= 0x7f && r < 0xa0:
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	}
	return true
}

// checkBytes reports invalid UTF-8, NUL bytes and control characters with
// their line and column (columns count characters, as yaml.v3's do). It
// returns false when it found any.
func checkBytes(file string, src []byte, errs *diag.List) bool {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		errs.Add(file, 1, 1, "the file is UTF-16 text; save it as UTF-8")
		return false
	}
	found, lastLine := 0, 0
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		var problem string
		switch {
		case r == utf8.RuneError && size == 1:
			problem = fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", src[i])
		case r == 0:
			problem = "a NUL byte; remove it (a file with NUL bytes is binary or UTF-16, not UTF-8 text)"
		case !allowedRaw(r):
			problem = fmt.Sprintf("control character %U; remove it (of the control characters, only tab and line breaks may appear)", r)
		}
		if problem != "" && line != lastLine { // one error a line is enough
			found++
			lastLine = line
			if found > maxByteErrors {
				errs.Add(file, line, col, "more bytes like those above follow; is this file UTF-8 text?")
				return false
			}
			errs.Add(file, line, col, "%s", problem)
		}
		switch {
		case r == '\n', r == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			line, col = line+1, 1
		case r == '\r':
			// The \n that follows ends the line.
		default:
			col++
		}
		i += size
	}
	return found == 0
}

// checkStrings reports decoded text that holds a control character other
// than tab and newline: escapes such as "\x01", "\0" or "\e" in a double
// quoted value decode to raw bytes that would reach the pages.
func checkStrings(file string, n *yaml.Node, errs *diag.List) {
	if n.Kind == yaml.ScalarNode {
		for _, r := range n.Value {
			if r != '\t' && r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0) {
				errs.Add(file, n.Line, n.Column, "the text holds control character %U, written as an escape; remove it (only tab and newline may appear in text)", r)
				break
			}
		}
	}
	for _, c := range n.Content {
		checkStrings(file, c, errs)
	}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// YAMLErrorPos turns a yaml.v3 syntax error into a position and a message
// that says what to fix. yaml.v3 reports only a line, and for an unclosed
// quote or bracket the line where the enclosing mapping starts, so the
// source is searched for the quote that does not close and for a tab in the
// indentation; otherwise the column given is that of the line's first
// non-blank character, the closest place we can point at.
func YAMLErrorPos(src []byte, err error) (line, col int, msg string) {
	msg = err.Error()
	lines := strings.Split(string(src), "\n")
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if q, ok := unclosedQuote(lines); ok {
			return q.line, q.col, q.message()
		}
		return 0, 0, msg + " (check indentation and quoting)"
	}
	line, _ = strconv.Atoi(m[1])
	msg = m[2]
	tabbed := strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token")
	if tabbed {
		// yaml.v3 reports the line before the offending tab; point at the tab.
		for i := max(line-1, 0); i < len(lines) && i <= line+1; i++ {
			if j := strings.IndexByte(lines[i], '\t'); j >= 0 && strings.TrimLeft(lines[i][:j], " -") == "" {
				return i + 1, utf8.RuneCountInString(lines[i][:j]) + 1, "a tab indents this line; YAML indentation takes spaces only, so replace the tab with spaces"
			}
		}
	}
	if q, ok := unclosedQuote(lines); ok {
		return q.line, q.col, q.message()
	}
	// At the end of the input yaml.v3 may name the line after the last one.
	for line > 1 && (line > len(lines) || strings.TrimSpace(lines[line-1]) == "") {
		line--
	}
	col = 1
	if line >= 1 && line <= len(lines) {
		text := lines[line-1]
		col = len(text) - len(strings.TrimLeft(text, " \t")) + 1
		if strings.Contains(msg, "cannot start any token") {
			if c, ch, ok := badTokenStart(text); ok {
				return line, c, fmt.Sprintf("a value cannot start with %q; put the text in quotes", ch)
			}
		}
	}
	return line, col, msg + " (check indentation and quoting)"
}

// badTokenStart finds, in a line yaml.v3 refused with "found character
// that cannot start any token", the value that starts with a reserved
// character (` or @, YAML 1.2 §5.3).
func badTokenStart(text string) (col int, ch string, ok bool) {
	for i := 0; i < len(text); i++ {
		if (text[i] == '`' || text[i] == '@') && (i == 0 || text[i-1] == ' ' || text[i-1] == '[' || text[i-1] == ',') {
			return utf8.RuneCountInString(text[:i]) + 1, text[i : i+1], true
		}
	}
	return 0, "", false
}

// quoted is a quoted scalar found in the source: where it opens and the
// line where it closes (0 when it never closes), and whether what follows
// the closing quote could follow a value.
type quoted struct {
	line, col int // 1-based; col counts characters
	quote     byte
	endLine   int
	cleanEnd  bool
}

// unclosedQuote finds the first quote that never closes, or that closes
// on a later line followed by more text: the quote to fix.
func unclosedQuote(lines []string) (quoted, bool) {
	for _, q := range quotedScalars(lines) {
		if q.endLine == 0 || q.endLine > q.line && !q.cleanEnd {
			return q, true
		}
	}
	return quoted{}, false
}

// message says what is wrong with the quote unclosedQuote found.
func (q quoted) message() string {
	if q.endLine == 0 {
		return fmt.Sprintf("the quote %c that opens here is never closed; end the text with %c on this line%s", q.quote, q.quote, quoteHint(q.quote))
	}
	return fmt.Sprintf("the quote %c that opens here closes only on line %d, where more text follows it; close the quote on this line%s", q.quote, q.endLine, quoteHint(q.quote))
}

var fieldLineRE = regexp.MustCompile(`^(\s*)(- )?[A-Za-z_][A-Za-z0-9_-]*:( |$)`)

// runawayQuote finds a quoted value of the decoded document that runs over
// lines looking like fields of the same or an outer mapping (a line
// "  model: ..." no deeper than the line that opens the quote): the sign
// of a quote left open that closed only at some later quote, so the lines
// between became text. Such a file decodes, but into the wrong thing.
func runawayQuote(lines []string, root *yaml.Node) (quoted, bool) {
	var candidates []quoted
	for _, q := range quotedScalars(lines) {
		if q.endLine <= q.line {
			continue
		}
		open := lines[q.line-1]
		indent := len(open) - len(strings.TrimLeft(open, " "))
		for l := q.line + 1; l <= q.endLine; l++ {
			if m := fieldLineRE.FindStringSubmatch(lines[l-1]); m != nil && len(m[1]) <= indent {
				candidates = append(candidates, q)
				break
			}
		}
	}
	if len(candidates) == 0 {
		return quoted{}, false
	}
	at := map[[2]int]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && (n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle) {
			at[[2]int{n.Line, n.Column}] = true
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	for _, q := range candidates {
		if at[[2]int{q.line, q.col}] {
			return q, true
		}
	}
	return quoted{}, false
}

// quotedScalars lists the quoted scalars of the source, found by a small
// scan that knows comments, block scalars, plain scalars (whose quotes,
// as in "it's", open nothing) and flow collections. It is a heuristic for
// error messages, run on files yaml.v3 refused or that hold a quoted value
// over several lines, never a parser.
func quotedScalars(lines []string) []quoted {
	var out []quoted
	blockIndent := -1 // inside a block scalar: the indentation of its parent line
	flow := 0
	for li := 0; li < len(lines); li++ {
		text := strings.TrimRight(lines[li], "\r")
		indent := len(text) - len(strings.TrimLeft(text, " "))
		if blockIndent >= 0 {
			if strings.TrimSpace(text) == "" || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...") {
			continue
		}
		for i := indent; i < len(text); {
			c := text[i]
			switch {
			case c == ' ' || c == '\t':
				i++
			case c == '#':
				i = len(text)
			case c == '"' || c == '\'':
				q := quoted{line: li + 1, col: utf8.RuneCountInString(text[:i]) + 1, quote: c}
				l, j, closed := closeQuote(lines, li, i+1, c)
				if !closed {
					out = append(out, q)
					return out
				}
				q.endLine = l + 1
				rest := strings.TrimSpace(strings.TrimRight(lines[l], "\r")[j+1:])
				q.cleanEnd = rest == "" || rest[0] == '#' || rest[0] == ':' || flow > 0 && strings.ContainsRune(",]}", rune(rest[0]))
				out = append(out, q)
				if l != li {
					li, text = l, strings.TrimRight(lines[l], "\r")
				}
				i = j + 1
			case c == '[' || c == '{':
				flow++
				i++
			case c == ']' || c == '}':
				flow = max(flow-1, 0)
				i++
			case c == ',':
				i++
			case (c == '-' || c == '?' || c == ':') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'):
				i++
			case (c == '|' || c == '>') && flow == 0:
				blockIndent = indent
				i = len(text)
			case c == '&' || c == '*' || c == '!':
				for i < len(text) && text[i] != ' ' {
					i++
				}
			default:
				// A plain scalar: up to ": ", " #" or, in a flow, a flow
				// indicator.
				for i < len(text) {
					d := text[i]
					if d == ':' && (i+1 == len(text) || text[i+1] == ' ') ||
						d == '#' && text[i-1] == ' ' ||
						flow > 0 && strings.IndexByte(",[]{}", d) >= 0 {
						break
					}
					i++
				}
				if i < len(text) && text[i] == ':' {
					i++
				}
			}
		}
	}
	return out
}

// closeQuote finds the quote q that closes a scalar opened before
// lines[li][from]: its line and byte index.
func closeQuote(lines []string, li, from int, q byte) (line, at int, ok bool) {
	for l := li; l < len(lines); l++ {
		text := lines[l]
		start := 0
		if l == li {
			start = from
		} else if strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...") {
			return 0, 0, false // a document marker ends every scalar
		}
		for j := start; j < len(text); j++ {
			switch {
			case q == '"' && text[j] == '\\':
				j++
			case q == '\'' && text[j] == '\'' && j+1 < len(text) && text[j+1] == '\'':
				j++
			case text[j] == q:
				return l, j, true
			}
		}
	}
	return 0, 0, false
}
