package build

import (
	"bytes"
	"encoding/xml"
	"testing"
	"unicode/utf8"
)

// TestXMLPlain checks that xmlPlain admits exactly the text xml.EscapeText
// leaves as it is, valid UTF-8: the sitemap writes such a URL unescaped.
func TestXMLPlain(t *testing.T) {
	var cases [][]byte
	for c := range 256 {
		cases = append(cases, []byte{byte(c)}, []byte("https://example.org/vi/smtp/"+string(rune(c))+"/"))
	}
	cases = append(cases, []byte("https://example.org/ja/smtp/日本/"), []byte("x\xe6\x97"), []byte("a\uFFFEb"), []byte("a\uFFFFb"), []byte("a\uFFFDb"), []byte(""))
	for _, b := range cases {
		var esc bytes.Buffer
		xml.EscapeText(&esc, b)
		if want := bytes.Equal(esc.Bytes(), b) && utf8.Valid(b); xmlPlain(b) != want {
			t.Errorf("xmlPlain(%q) = %v; want %v", b, !want, want)
		}
	}
}
