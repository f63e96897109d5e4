// Package yamlfile reads the YAML input files of the site.
//
// Every input file (the code data, the language files and site.yaml) is
// read through Decode, so each is held to the same rules and every problem
// gets a line and column:
//
//   - the bytes are UTF-8 text: no invalid sequence, no NUL byte and no
//     control character but tab, line feed and carriage return (checked
//     before yaml.v3 sees the bytes, because its own errors name no line);
//   - lines end in LF or CRLF: YAML also ends a line at a lone CR, which
//     most editors and tools do not, so the lines a message names would
//     not be the reader's;
//   - the YAML is well formed; a syntax error is reported once, at the
//     place to fix (an unclosed quote where it opens, a tab in the
//     indentation as a tab), and nothing else of the file is checked, so
//     no follow-on errors hide it;
//   - the file holds one YAML document: a second one after "---" would be
//     silently ignored; a document with no content (a lone "---") is an
//     empty file;
//   - no decoded text holds a control character but tab and newline, so an
//     escape such as "\x01" cannot reach a page as a raw byte.
//
// What the file must hold is its loader's business (packages codes, i18n
// and build); Kind names a node's type for their messages.
package yamlfile

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

// maxByteErrors bounds the byte-level errors reported for one file: a
// binary or UTF-16 file would otherwise yield one per byte.
const maxByteErrors = 10

// Decode checks and decodes src, the contents of file, recording every
// problem in errs. It returns the root node of the file's one document, or
// nil when the file holds no document or one with no content. ok is false
// when the file could not be decoded (bad bytes, a syntax error, a runaway
// quote); then nothing more should be checked, so that no follow-on errors
// are reported. Control characters in decoded text are recorded but leave
// ok true, since the rest of the file can still be checked.
func Decode(file string, src []byte, errs *diag.List) (root *yaml.Node, ok bool) {
	if !checkBytes(file, src, errs) {
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true // no document at all: an empty file
		}
		line, col, msg := errorPos(src, err)
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
		// is there at all. Without a marker, text follows the first
		// document's value, as in 'a'b: a syntax error.
		if line, found := secondMarker(lines, &doc); found {
			errs.Add(file, line, 1, "%s", secondDocument(lines, line))
			return nil, false
		}
		line, col, msg := errorPos(src, err)
		errs.Add(file, line, col, "malformed YAML: %s", msg)
		return nil, false
	}
	if len(doc.Content) == 0 || noContent(doc.Content[0]) {
		return nil, true
	}
	root = doc.Content[0]
	atEnd(root, lines)
	if q, found := runawayQuote(lines, root); found {
		errs.Add(file, q.line, q.col, "malformed YAML: the quote %c that opens here closes only on line %d, so the lines between are taken as text; close the quote on this line%s", q.quote, q.endLine, quoteHint(q.quote))
		return nil, false
	}
	checkStrings(file, root, errs)
	return root, true
}

// Kind names a node's type the way a data author thinks of it, for
// messages such as "must be text, not a list".
func Kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "nothing"
	case "!!float":
		return "a decimal number"
	case "!!timestamp":
		return "a date"
	case "!!binary":
		return "binary data"
	case "!!str", "":
		return "text"
	}
	return fmt.Sprintf("a value tagged %q", n.Tag) // a tag may decode to any text
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
// document after doc; found is false when there is none.
func secondMarker(lines []string, doc *yaml.Node) (line int, found bool) {
	start := 1
	if len(doc.Content) > 0 {
		start = doc.Content[0].Line
	}
	for i := start; i < len(lines); i++ { // lines[i] is line i+1
		if l := strings.TrimRight(lines[i], "\r"); l == "---" || l == "..." || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "---\t") {
			return i + 1, true
		}
	}
	return 0, false
}

// noContent reports whether n is the node of a document with no content,
// like the one of a file holding only "---": yaml.v3 gives it an empty
// null scalar on the line after the marker, which may not exist.
func noContent(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "" && n.Style == 0 && n.Anchor == ""
}

// atEnd moves the nodes that yaml.v3 places after the end of the source to
// its end: an empty value with nothing after it, as the value of a key
// "?" on the last line, is put at the start of the line after the last,
// which a file that does not end in a line break does not have.
func atEnd(n *yaml.Node, lines []string) {
	if last := len(lines); n.Line > last {
		n.Line, n.Column = last, utf8.RuneCountInString(strings.TrimRight(lines[last-1], "\r"))+1
	}
	for _, c := range n.Content {
		atEnd(c, lines)
	}
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

// checkBytes reports invalid UTF-8, NUL bytes, control characters and the
// first lone carriage return with their line and column (lines end as in
// YAML, §5.4, at LF, CRLF or a lone CR; columns count characters, as
// yaml.v3's do). It returns false when it found any.
func checkBytes(file string, src []byte, errs *diag.List) bool {
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
		errs.Add(file, 1, 1, "the file is UTF-16 text; save it as UTF-8")
		return false
	}
	return plainText(src) || checkChars(file, src, errs)
}

// checkChars is checkBytes, character by character.
func checkChars(file string, src []byte, errs *diag.List) bool {
	found, lastLine := 0, 0
	line, col := 1, 1
	loneCR := false // reported once: the fix is the file's line endings
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		var problem string
		cr := r == '\r' && (i+1 == len(src) || src[i+1] != '\n')
		switch {
		case cr && !loneCR:
			// The rest of the loader, and the reader's editor, end lines
			// at LF only.
			loneCR = true
			problem = "a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings"
		case r == utf8.RuneError && size == 1:
			problem = fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", src[i])
		case r == 0:
			problem = "a NUL byte; remove it (a file with NUL bytes is binary or UTF-16, not UTF-8 text)"
		case !allowedRaw(r):
			problem = fmt.Sprintf("control character %U; remove it (of the control characters, only tab and line breaks may appear)", r)
		}
		if problem != "" && (line != lastLine || cr) { // one error a line is enough
			found++
			lastLine = line
			if found > maxByteErrors {
				errs.Add(file, line, col, "more bytes like those above follow; is this file UTF-8 text?")
				return false
			}
			errs.Add(file, line, col, "%s", problem)
		}
		switch {
		case r == '\n', cr:
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

// plainText reports whether src holds none of what checkBytes reports, in
// one pass over its bytes rather than its characters: valid UTF-8 with no
// control character but tab and line breaks, no lone carriage return, no
// DEL, no C1 control (C2 80 to C2 9F) and no U+FFFE or U+FFFF (EF BF BE,
// EF BF BF). A language file is a megabyte of text, read at every build.
func plainText(src []byte) bool {
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c >= 0x20 && c < 0x7f || c == '\t' || c == '\n' || c >= 0x80 && c != 0xc2 && c != 0xef:
		case c == '\r':
			if i+1 == len(src) || src[i+1] != '\n' {
				return false
			}
		case c == 0xc2:
			if i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] < 0xa0 {
				return false
			}
		case c == 0xef:
			if i+2 < len(src) && src[i+1] == 0xbf && (src[i+2] == 0xbe || src[i+2] == 0xbf) {
				return false
			}
		default:
			return false // another control character, or DEL
		}
	}
	return utf8.Valid(src)
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

// parserErrors are the messages of yaml.v3's parser, as against its
// scanner. Its positions count lines from 0, and it adds 1 to a scanner
// error's line only, so for these it names the line before the one that
// starts the enclosing mapping or list.
var parserErrors = map[string]bool{
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

// tagErrors are the messages of yaml.v3 about a tag ("!name") it cannot read.
var tagErrors = map[string]bool{
	"did not find expected whitespace or line break": true,
	"did not find the expected '>'":                  true,
	"did not find expected tag URI":                  true,
	"did not find URI escaped octet":                 true,
	"found an incorrect leading UTF-8 octet":         true,
	"found an incorrect trailing UTF-8 octet":        true,
	"did not find expected '!'":                      true,
	"found undefined tag handle":                     true,
}

// errorPos turns a yaml.v3 syntax error into a position and a message
// that says what to fix. yaml.v3 reports at most a line: none for an error
// on the first line, for an alias to no anchor or for too deep a nesting;
// for a parser error the line before the enclosing mapping or list; for an
// unclosed quote or bracket the line where the enclosing mapping starts.
// So where it names no line, or a parser error's, the line is the first
// one such that the lines up to it fail with the same message; the source
// is searched for the quote that does not close, for a tab in the
// indentation and for the token of the line that yaml.v3 could not read
// (a directive, tag, anchor, alias or reserved character); otherwise the
// column given is that of the line's first non-blank character, the
// closest place we can point at.
func errorPos(src []byte, err error) (line, col int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	lines := strings.Split(string(src), "\n")
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if line == 0 || parserErrors[msg] {
		line = failingLine(lines, msg)
	}
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
	line = max(line, 1)
	text := strings.TrimRight(lines[line-1], "\r")
	col = len(text) - len(strings.TrimLeft(text, " \t")) + 1
	if c, fix, ok := tokenFix(text, msg); ok {
		if c == 0 {
			c = col
		}
		return line, c, fix
	}
	return line, col, msg + " (check indentation and quoting)"
}

// failingLine is the first line such that the source up to it fails to
// decode with msg and the source before it does not: the line yaml.v3
// stopped on, for an error that does not name it. It is 1 when the whole
// source does not fail with msg.
func failingLine(lines []string, msg string) int {
	fails := func(n int) bool {
		src := strings.Join(lines[:n], "\n")
		dec := yaml.NewDecoder(strings.NewReader(src))
		for { // every document: the error may be in the second
			var doc yaml.Node
			err := dec.Decode(&doc)
			if err == nil {
				continue
			}
			got := strings.TrimPrefix(err.Error(), "yaml: ")
			if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
				got = m[2]
			}
			return got == msg
		}
	}
	lo, hi := 0, len(lines) // the lines up to lo do not fail with msg, those up to hi do
	if !fails(hi) {
		return 1
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// tokenFix finds the token that yaml.v3 could not read in text, the line
// where it failed with msg, and says how to fix it; ok is false when msg
// is not about a token it knows, and col is 0 when the token is not found.
func tokenFix(text, msg string) (col int, fix string, ok bool) {
	switch {
	case strings.HasPrefix(text, "%"):
		// At the start of a line "%" opens a directive (YAML 1.2 §6.8),
		// wherever the line is.
		return 1, `YAML reads a line that starts with "%" as a directive, and a data file needs none; remove the line or, if it is text, indent it or put it in quotes`, true
	case strings.Contains(msg, "cannot start any token"):
		if c, ch, ok := tokenStart(text, "`@"); ok {
			return c, fmt.Sprintf("a value cannot start with %q; put the text in quotes", ch), true
		}
	case tagErrors[msg]:
		c, _, _ := tokenStart(text, "!")
		return c, `YAML reads a value that starts with "!" as a tag, and cannot read this one; put the text in quotes`, true
	case msg == "did not find expected alphabetic or numeric character":
		c, ch, _ := tokenStart(text, "&*")
		what := `"&" as an anchor`
		if ch == "*" {
			what = `"*" as an alias`
		}
		return c, fmt.Sprintf("YAML reads a value that starts with %s, and this one has no name of letters and digits; put the text in quotes", what), true
	case strings.HasPrefix(msg, "unknown anchor '") && strings.HasSuffix(msg, "' referenced"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		return aliasCol(text, name), fmt.Sprintf(`YAML reads a value that starts with "*" as an alias, and no anchor %q comes before it; put the text in quotes`, "&"+name), true
	case strings.HasPrefix(msg, "exceeded max depth of "):
		c, _, _ := tokenStart(text, "[{")
		return c, fmt.Sprintf("lists or mappings nest more than %s deep here; close the brackets, or put the text in quotes", strings.TrimPrefix(msg, "exceeded max depth of ")), true
	case msg == "did not find expected <document start>":
		return 0, "text follows the end of the file's one value; remove it, or put the whole value in quotes", true
	}
	return 0, "", false
}

// tokenStart finds, in a line yaml.v3 refused, the first value that starts
// with one of chars: its column and character.
func tokenStart(text, chars string) (col int, ch string, ok bool) {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte(chars, text[i]) >= 0 && (i == 0 || strings.IndexByte(" \t[{,", text[i-1]) >= 0) {
			return utf8.RuneCountInString(text[:i]) + 1, text[i : i+1], true
		}
	}
	return 0, "", false
}

// aliasCol is the column of the alias *name in text, or 0.
func aliasCol(text, name string) int {
	for i := 0; i < len(text); i++ {
		rest := text[i:]
		if !strings.HasPrefix(rest, "*"+name) || i > 0 && strings.IndexByte(" \t[{,", text[i-1]) < 0 {
			continue
		}
		if end := 1 + len(name); end == len(rest) || !isAnchorChar(rest[end]) {
			return utf8.RuneCountInString(text[:i]) + 1
		}
	}
	return 0
}

// isAnchorChar reports whether c may be part of an anchor's name in yaml.v3.
func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
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
