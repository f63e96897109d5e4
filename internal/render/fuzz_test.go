package render

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/diag"
)

// FuzzMarkdown writes arbitrary text as a Markdown field of a code (the
// English description), as a literal block (block) or a double-quoted
// value, loads the file and, where the loader accepts it, renders the
// field as the pages do. The rendered HTML must
//
//   - hold only the elements and attributes goldmark makes of Markdown, no
//     comment (goldmark's "raw HTML omitted") and no link to a javascript:,
//     vbscript:, file: or data: address: no raw HTML from the input, so no
//     "<script" unless escaped;
//   - show every letter and digit of the field, in its text or attributes,
//     less what is markup (see markup): nothing is dropped silently.
//
// Where the loader refuses the field, every error must be positioned in the
// file, and one about raw HTML or a link must point at the "<", "[" or "!"
// that starts it. The seeds are below and in testdata/fuzz/FuzzMarkdown
// (fields of the real data). `make fuzz` runs it for FUZZTIME.
func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"The command **succeeded**.",
		"After `MAIL FROM`, `RCPT TO` and the end of data.",
		"It ends with <CRLF>.<CRLF>, as `<CRLF>.<CRLF>` shows.",
		"After DATA, answered by <b>354</b>.",
		"<div>A block of HTML</div>",
		"<script>alert(1)</script>",
		"`<script>alert(1)</script>`",
		"&lt;script&gt; &amp; &#65; &#x42;",
		"[RFC 5321](https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3 \"RFC 5321\")",
		"[click](javascript:alert(1))",
		"<https://example.org/a?b=c> and <postmaster@example.org>",
		"![an image](data:image/png;base64,AAAA)",
		"1. First\n2. Second\n\n- a\n- b\n\n> quoted\n\n# Heading\n\n---\n",
		"```\nS: 552 5.2.2 Mailbox full\n```\n\n    indented code",
		"Line one  \nline two\\\nline three",
		"    <b>indented</b>\n\n<b>not indented</b>",
		"    <b>code in the file, HTML once trimmed</b>",
		"\\<b> is escaped, and so is \\`",
		"See [the RFC][rfc] and [RFC 5321].\n\n[rfc]: https://www.rfc-editor.org/rfc/rfc5321\n[RFC 5321]: <https://www.rfc-editor.org/rfc/rfc5321> \"RFC 5321\"",
		"[unused]: https://example.org/",
		"~~~ text with words\ncode\n~~~",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	md := goldmark.New() // as New makes it
	f.Fuzz(func(t *testing.T, s string, block bool) {
		src := fieldFile(s, block)
		set, err := codes.Parse(codes.Source{Path: "codes.yaml", Data: []byte(fieldData)}, codes.Source{Path: "en.yaml", Data: src})
		if err != nil {
			checkDiag(t, src, err)
			return
		}
		field, _ := set.Codes[0].Get(codes.DefaultLang, codes.Description)
		h, err := renderMarkdown(md, field)
		if err != nil {
			t.Fatalf("renderMarkdown(%q): %v", field, err)
		}
		checkHTML(t, field, string(h))
	})
}

// fieldData is the data of one code, whose texts fieldFile writes.
const fieldData = `rfcs:
  5321: Simple Mail Transfer Protocol
codes:
  - code: 250
    reply_text: Requested mail action okay, completed
    model: [{to: [MAIL], then: next}]
    references: [{rfc: 5321, section: "4.2.3"}]
`

// fieldFile is the English texts of fieldData's code, whose description is
// s, written as a literal block or as a double-quoted value.
func fieldFile(s string, block bool) []byte {
	var b strings.Builder
	b.WriteString(`codes:
  250:
    title: Okay
    summary: The server carried out the command.
`)
	if block && !strings.Contains(s, "\r") {
		// |2+: the text indented by 2 more than its key, every line kept.
		// (A carriage return would end the line in YAML.)
		b.WriteString("    description: |2+\n")
		for _, line := range strings.Split(s, "\n") {
			if line != "" {
				b.WriteString("      " + line)
			}
			b.WriteString("\n")
		}
	} else {
		// A JSON string is a YAML double-quoted scalar.
		var q strings.Builder
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		b.WriteString("    description: " + q.String())
	}
	b.WriteString(`    when: After MAIL FROM.
    fix_sender: Nothing to fix.
    fix_admin: Nothing to fix.
    server: When a command succeeds.
    client: Go on.
`)
	return []byte(b.String())
}

// checkDiag checks that err is a list of problems positioned in src.
func checkDiag(t *testing.T, src []byte, err error) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	// Lines end at "\n", "\r\n" or a lone "\r", as in YAML (§5.4).
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n"), "\n")
	for _, e := range errs {
		var d *diag.Error
		switch {
		case !errors.As(e, &d):
			t.Errorf("error %q (%T) is not a *diag.Error, so it names no position", e, e)
		case d.Line < 1 || d.Col < 1 || d.Line > len(lines):
			t.Errorf("error %q is at line %d, column %d; want a position in the file of %d lines", d, d.Line, d.Col, len(lines))
		case d.Col > utf8.RuneCountInString(lines[d.Line-1])+1:
			t.Errorf("error %q is at column %d; line %d has %d characters", d, d.Col, d.Line, utf8.RuneCountInString(lines[d.Line-1]))
		default:
			// fieldFile writes "<", "[" and "!" as they are, so an error
			// about raw HTML or a link points at the character that starts it.
			r := []rune(lines[d.Line-1] + " ")[d.Col-1]
			if starts := pointsAt(d.Msg); starts != "" && !strings.ContainsRune(starts, r) {
				t.Errorf("error %q points at %q; want one of %q\n%s", d, r, starts, src)
			}
		}
	}
}

// pointsAt is what the character at the position of an error about
// Markdown may be.
func pointsAt(msg string) string {
	switch {
	case strings.Contains(msg, " is raw HTML, "):
		return "<"
	case strings.Contains(msg, "the page would drop the address "):
		return "[!<"
	case strings.Contains(msg, "the definition of [") || strings.Contains(msg, " is defined twice "):
		return "["
	}
	return ""
}

// What goldmark makes of Markdown: the elements and, by element, the
// attributes.
var allowedHTML = map[string][]string{
	"p": nil, "em": nil, "strong": nil, "code": {"class"}, "pre": nil,
	"a":  {"href", "title"},
	"ul": nil, "ol": {"start"}, "li": nil, "blockquote": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"hr": nil, "br": nil,
}

// checkHTML checks the rendering out of the Markdown text in.
func checkHTML(t *testing.T, in, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Errorf("Markdown %q renders as %q, which holds <script", in, out)
	}
	shown := map[rune]int{} // the letters and digits of the output
	count := func(s string) {
		for _, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				shown[r]++
			}
		}
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.TextToken:
			count(tok.Data)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			attrs, ok := allowedHTML[tok.Data]
			if !ok {
				t.Errorf("Markdown %q renders the element <%s> in %q", in, tok.Data, out)
			}
			for _, a := range tok.Attr {
				if !slices.Contains(attrs, a.Key) {
					t.Errorf("Markdown %q renders <%s> with the attribute %s in %q", in, tok.Data, a.Key, out)
				}
				v := a.Val
				switch a.Key {
				case "href", "src":
					if dangerousURL(v) {
						t.Errorf("Markdown %q renders the link %q in %q", in, v, out)
					}
					// Count the address as written and unescaped:
					// "%C3%BC" is a "ü" of the text, "%00" may be "00".
					if u, err := url.PathUnescape(v); err == nil {
						count(u)
					}
				case "class":
					if !strings.HasPrefix(v, "language-") {
						t.Errorf("Markdown %q renders class %q in %q", in, v, out)
					}
					v = strings.TrimPrefix(v, "language-")
				}
				count(v)
			}
		default:
			t.Errorf("Markdown %q renders %q in %q: raw HTML dropped or passed through", in, tok.String(), out)
		}
	}
	// Every letter and digit of the text, less markup, must show.
	hidden := markup(in)
	need := map[rune]int{}
	for i, r := range in {
		if !hidden[i] && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			need[r]++
		}
	}
	for r, n := range need {
		if shown[r] < n {
			t.Errorf("Markdown %q renders as %q: %d of the %d %q in the text are missing", in, out, n-shown[r], n, r)
			return
		}
	}
}

// Markup whose letters and digits a page need not show: entity references
// (shown as the character they name), the labels of full reference links
// ([text][label]), and, at the start of a line, the numbers of ordered lists.
var (
	entityRE    = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
	refLabelRE  = regexp.MustCompile(`\]\[[^\]]*\]`)
	containerRE = regexp.MustCompile(`^[ \t]*(?:>[ \t]?|[*+-](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$))`)
	fenceRE     = regexp.MustCompile(`^ {0,3}(?:` + "```" + `|~~~)`)
)

// markup marks the bytes of the Markdown text in that are markup rather
// than text: those above, the lines that open a code fence (the info
// string names a language and is not shown) and link reference
// definitions (their address shows in the links that use them).
func markup(in string) []bool {
	hidden := make([]bool, len(in))
	hide := func(from, to int) {
		for i := from; i < to; i++ {
			hidden[i] = true
		}
	}
	for _, m := range entityRE.FindAllStringIndex(in, -1) {
		hide(m[0], m[1])
	}
	for _, m := range refLabelRE.FindAllStringIndex(in, -1) {
		hide(m[0], m[1])
	}
	for start := 0; start < len(in); {
		end := strings.IndexByte(in[start:], '\n')
		if end < 0 {
			end = len(in)
		} else {
			end += start
		}
		at := start
		for {
			m := containerRE.FindString(in[at:end])
			if m == "" {
				break
			}
			hide(at, at+len(m))
			at += len(m)
		}
		if fenceRE.MatchString(in[at:end]) {
			hide(at, end)
		}
		start = end + 1
	}
	src := []byte(in)
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*ast.LinkReferenceDefinition); ok && entering {
			for i := 0; i < d.Lines().Len(); i++ {
				hide(d.Lines().At(i).Start, d.Lines().At(i).Stop)
			}
		}
		return ast.WalkContinue, nil
	})
	return hidden
}

// dangerousURL reports a link goldmark would refuse to write (it writes an
// empty href instead), or one a page must not hold.
func dangerousURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	for _, p := range []string{"javascript:", "vbscript:", "file:", "data:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}
