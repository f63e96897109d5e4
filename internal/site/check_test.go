package site

import (
	"strconv"
	"testing"

	"smtpcodes/internal/codes"
)

func code(num, line int, title string) *codes.Code {
	return &codes.Code{Code: num, Line: line, Col: 5, Text: map[string]codes.Text{codes.DefaultLang: {codes.Title: title}}}
}

func enhanced(subject, detail, line int, title string) *codes.Enhanced {
	return &codes.Enhanced{
		Code: "X." + strconv.Itoa(subject) + "." + strconv.Itoa(detail), Subject: subject, Detail: detail, Line: line, Col: 5,
		Text: map[string]codes.Text{codes.DefaultLang: {codes.Title: title}},
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name     string
		codes    []*codes.Code
		enhanced []*codes.Enhanced
		langs    []string
		others   []Output
		want     string // the whole error text; "" for none
	}{
		{
			name:  "distinct pages",
			codes: []*codes.Code{code(250, 4, "Okay"), code(354, 9, "Start Mail Input")},
			enhanced: []*codes.Enhanced{
				enhanced(2, 2, 20, "Mailbox Full"), enhanced(3, 1, 25, "Mail System Full"),
			},
			langs:  []string{"en", "vi"},
			others: []Output{{File: "assets/style.0123456789.css", From: "static/style.css"}, {File: "robots.txt"}},
		},
		{
			name:  "code page is a pair page",
			codes: []*codes.Code{code(250, 4, "vs 354"), code(354, 9, "Start Mail Input")},
			langs: []string{"en", "vi"},
			want: "codes.yaml:4:5: code 250 and the page comparing 250 (line 4) and 354 (line 9) are both written to en/smtp/250-vs-354/index.html, " +
				"so one would overwrite the other; change the English title of code 250, whose slug makes the page's URL",
		},
		{
			name:     "enhanced page is a pair page",
			enhanced: []*codes.Enhanced{enhanced(2, 2, 20, "VS X 3 1"), enhanced(3, 1, 25, "Mail System Full")},
			langs:    []string{"en"},
			want: "codes.yaml:20:5: enhanced code X.2.2 and the page comparing X.2.2 (line 20) and X.3.1 (line 25) are both written to en/smtp/enhanced/x-2-2-vs-x-3-1/index.html, " +
				"so one would overwrite the other; change the English title of enhanced code X.2.2, whose slug makes the page's URL",
		},
		{
			name:  "page is an asset",
			codes: []*codes.Code{code(250, 4, "Okay")},
			langs: []string{"en"},
			others: []Output{
				{File: "en/smtp/250-okay/index.html", From: "static/stray.html"},
			},
			want: "codes.yaml:4:5: code 250 and the file en/smtp/250-okay/index.html (static/stray.html) are both written to en/smtp/250-okay/index.html, " +
				"so one would overwrite the other; change the English title of code 250, whose slug makes the page's URL",
		},
		{
			name:   "file where a page needs a folder",
			codes:  []*codes.Code{code(250, 4, "Okay")},
			langs:  []string{"en"},
			others: []Output{{File: "en/smtp/250-okay", From: "static/x"}},
			want: "codes.yaml:4:5: code 250 and the file en/smtp/250-okay (static/x) clash: en/smtp/250-okay/index.html needs the folder en/smtp/250-okay, where the other writes a file; " +
				"change the English title of code 250, whose slug makes the page's URL",
		},
		{
			name:   "file where a pair page needs a folder",
			codes:  []*codes.Code{code(250, 4, "Okay"), code(354, 9, "Start Mail Input")},
			langs:  []string{"en"},
			others: []Output{{File: "en/smtp/250-vs-354", From: "static/x"}},
			want:   "static/x: the file en/smtp/250-vs-354 and the page comparing 250 (line 4) and 354 (line 9) (codes.yaml) clash: the pair page needs the folder en/smtp/250-vs-354, where the other writes a file; rename the input it is made from",
		},
		{
			name:   "two assets differing in case",
			langs:  []string{"en"},
			others: []Output{{File: "assets/Logo.svg", From: "static/Logo.svg"}, {File: "assets/logo.svg", From: "static/logo.svg"}},
			want:   "static/logo.svg: the file assets/logo.svg and the file assets/Logo.svg (static/Logo.svg) are both written to assets/logo.svg, so one would overwrite the other; rename the input it is made from",
		},
		{
			name:  "languages differing in case",
			langs: []string{"en", "pt-BR", "pt-br"},
			want:  `codes.yaml: languages "pt-BR" and "pt-br" differ only in case, so their pages would share folders; keep one of the two language files`,
		},
		{
			name:  "empty slug of a set built in memory",
			codes: []*codes.Code{code(250, 4, "!!!")},
			langs: []string{"en"},
			want:  `codes.yaml:4:5: code 250: URL slug "" must be 1 to 80 letters, digits, "-" or "_"; change the English title of code 250, whose slug makes the page's URL`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := codes.New(nil, tc.codes)
			set.Enhanced = tc.enhanced
			got := ""
			if err := Check("codes.yaml", set, tc.langs, tc.others); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Check() =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
