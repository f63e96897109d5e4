package yamlfile

import (
	"strings"
	"testing"

	"smtpcodes/internal/diag"
)

// TestDecodeBytes covers the problems of the bytes themselves, which the
// txtar goldens of package codes cannot hold as readable text: each is
// reported with its line and column, counted in characters, before yaml.v3
// sees it.
func TestDecodeBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want string // the whole error text; "" for none
	}{
		{"invalid UTF-8", "a: 1\nb: caf\xe9\n", "f.yaml:2:7: invalid UTF-8 (byte 0xe9); save the file as UTF-8"},
		{"column counts characters", "a: ướt\xff\n", "f.yaml:1:7: invalid UTF-8 (byte 0xff); save the file as UTF-8"},
		{"NUL byte", "a: 1\n\nb: x\x00y\n", "f.yaml:3:5: a NUL byte; remove it (a file with NUL bytes is binary or UTF-16, not UTF-8 text)"},
		{"raw control character", "a: x\x01\n", "f.yaml:1:5: control character U+0001; remove it (of the control characters, only tab and line breaks may appear)"},
		{"DEL", "a: \"x\x7f\"\n", "f.yaml:1:6: control character U+007F; remove it (of the control characters, only tab and line breaks may appear)"},
		{"C1 control", "a: x\u0085y\n", "f.yaml:1:5: control character U+0085; remove it (of the control characters, only tab and line breaks may appear)"},
		{"escape character", "a: 1\r\nb: \x1b[0m\r\n", "f.yaml:2:4: control character U+001B; remove it (of the control characters, only tab and line breaks may appear)"},
		{"old Mac line breaks", "a: 1\rb: \x02\r", "f.yaml:1:5: a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings\n" +
			"f.yaml:2:4: control character U+0002; remove it (of the control characters, only tab and line breaks may appear)"},
		{"lone CR reported once, counted as YAML counts lines", "a: 1\r\nb: x\ry\rc: 2\r\nd: \x01\n", "f.yaml:2:5: a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings\n" +
			"f.yaml:5:4: control character U+0001; remove it (of the control characters, only tab and line breaks may appear)"},
		{"lone CR at the end", "a: 1\r", "f.yaml:1:5: a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings"},
		{"lone CR after a bad byte on its line", "a: \x01\rb: 1\n", "f.yaml:1:4: control character U+0001; remove it (of the control characters, only tab and line breaks may appear)\n" +
			"f.yaml:1:5: a carriage return (CR) with no line feed (LF) after it ends this line; use LF or CRLF line endings"},
		{"CRLF line endings", "a: 1\r\nb: |\r\n  x\r\n", ""},
		{"UTF-16", "\xff\xfea\x00:\x00", "f.yaml:1:1: the file is UTF-16 text; save it as UTF-8"},
		{"one error a line", "a: \x01\x02\x03\nb: \x04\n", "f.yaml:1:4: control character U+0001; remove it (of the control characters, only tab and line breaks may appear)\n" +
			"f.yaml:2:4: control character U+0004; remove it (of the control characters, only tab and line breaks may appear)"},
		{"tabs and byte order mark", "\ufeffa: \"x\ty\"\nb: |\n  c\td\n", ""},
		{"escaped tab and newline", "a: \"x\\ty\\nz\"\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			Decode("f.yaml", []byte(tc.src), &errs)
			got := ""
			if err := errs.Err(); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Decode(%q) errors =\n%s\nwant\n%s", tc.src, got, tc.want)
			}
		})
	}
}

// TestErrorPos covers syntax errors whose line yaml.v3 does not name,
// or names wrong: each gets the line and column of what to fix.
func TestErrorPos(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want string // the whole error text
	}{
		{"directive on the first line", "%", `f.yaml:1:1: malformed YAML: YAML reads a line that starts with "%" as a directive, and a data file needs none; remove the line or, if it is text, indent it or put it in quotes`},
		{"directive later", "a: 1\n%x\n", `f.yaml:2:1: malformed YAML: YAML reads a line that starts with "%" as a directive, and a data file needs none; remove the line or, if it is text, indent it or put it in quotes`},
		{"tag on the first line", "!→", `f.yaml:1:1: malformed YAML: YAML reads a value that starts with "!" as a tag, and cannot read this one; put the text in quotes`},
		{"tag in a value", "a: 1\nb: [x, !<y]\n", `f.yaml:2:8: malformed YAML: YAML reads a value that starts with "!" as a tag, and cannot read this one; put the text in quotes`},
		{"anchor without a name", "&\n", `f.yaml:1:1: malformed YAML: YAML reads a value that starts with "&" as an anchor, and this one has no name of letters and digits; put the text in quotes`},
		{"emphasis read as an alias", "a: 1\nb: *Note* well\n", `f.yaml:2:4: malformed YAML: YAML reads a value that starts with "*" as an alias, and this one has no name of letters and digits; put the text in quotes`},
		{"alias to no anchor", "a: 1\nb:\n  - *x\n", `f.yaml:3:5: malformed YAML: YAML reads a value that starts with "*" as an alias, and no anchor "&x" comes before it; put the text in quotes`},
		{"too deep", "a: 1\nb: " + strings.Repeat("[", 10001) + "\n", `f.yaml:2:4: malformed YAML: lists or mappings nest more than 10000 deep here; close the brackets, or put the text in quotes`},
		{"text after the value", "'a'b\n", `f.yaml:1:1: malformed YAML: text follows the end of the file's one value; remove it, or put the whole value in quotes`},
		{"text after the value, later", "'a'\n b\n", `f.yaml:2:2: malformed YAML: text follows the end of the file's one value; remove it, or put the whole value in quotes`},
		{"bracket left open", "x: 1\na: [1, 2\nb: 3\n", `f.yaml:2:1: malformed YAML: did not find expected ',' or ']' (check indentation and quoting)`},
		{"list item expected", "x: 1\na:\n  - 1\n  - 2\n  b: 2\n", `f.yaml:5:3: malformed YAML: did not find expected '-' indicator (check indentation and quoting)`},
		{"document marker only", "---", ""},
		{"document markers only", "--- # none\n...\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			root, ok := Decode("f.yaml", []byte(tc.src), &errs)
			got := ""
			if err := errs.Err(); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Decode(%q) errors =\n%s\nwant\n%s", tc.src, got, tc.want)
			}
			if tc.want == "" && (root != nil || !ok) {
				t.Errorf("Decode(%q) = %v, %v; want nil, true (an empty file)", tc.src, root, ok)
			}
		})
	}
}

// TestDecodeBinary checks that a binary file yields a bounded list.
func TestDecodeBinary(t *testing.T) {
	var src strings.Builder
	for range 100 {
		src.WriteString("\x00\x01\x02\n")
	}
	var errs diag.List
	if _, ok := Decode("f.yaml", []byte(src.String()), &errs); ok {
		t.Fatal("Decode of binary bytes succeeded")
	}
	if got, want := errs.Len(), maxByteErrors+1; got != want {
		t.Errorf("Decode of 100 bad lines reported %d errors; want %d", got, want)
	}
	if last := errs.Err().Error(); !strings.HasSuffix(last, "f.yaml:11:1: more bytes like those above follow; is this file UTF-8 text?") {
		t.Errorf("Decode of 100 bad lines ends\n%s\nwant a last line saying more follow", last[max(len(last)-200, 0):])
	}
}

// TestPlainText checks that plainText, checkBytes' fast path, passes a
// text only when checkBytes' reading of it character by character finds
// nothing, on texts holding each byte and each character that matters in
// every position, and that it passes plain text.
func TestPlainText(t *testing.T) {
	pieces := []string{"a", "é", "日", "🙂", "\t", "\n", "\r\n", "\r", "\x00", "\x1f", "\x7f", "\u0080", "\u009f", "\u00a0", "\u0085",
		"\ufffd", "\ufffe", "\uffff", "\uffef", "\xc2", "\xef\xbf", "\xef", "\xff", "\xc3\x28", "\xe2\x82", "\xed\xa0\x80"}
	var texts []string
	for b := range 256 {
		texts = append(texts, string([]byte{byte(b)}), "x"+string([]byte{byte(b)})+"y")
	}
	for _, p := range pieces {
		for _, q := range pieces {
			texts = append(texts, p+q, "key: "+p+" "+q+"\n", p+"x"+q)
		}
	}
	for _, text := range texts {
		var errs diag.List
		if plainText([]byte(text)) && !checkChars("t.yaml", []byte(text), &errs) {
			t.Errorf("plainText(%q) = true, but checkBytes reports %v", text, errs.Err())
		}
	}
	// Text of the characters a language file is made of passes.
	good := []string{"a", "é", "日", "🙂", "\t", "\n", "\r\n", "\u00a0", "\ufffd", "\uffef", ": "}
	for _, p := range good {
		for _, q := range good {
			if text := p + q + p; !plainText([]byte(text)) {
				t.Errorf("plainText(%q) = false; want true", text)
			}
		}
	}
}
