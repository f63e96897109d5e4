package render

import (
	"html/template"
	"strings"

	"smtpcodes/internal/hosts"
)

// cspMeta is the <meta> element that gives every page hosts.Policy, the
// one policy the site has, for hosts that cannot send it as a header
// (GitHub Pages); base.html writes it as {{csp}}, which folding makes
// text. The policy is written as it is: it holds no character an
// attribute value must escape, so the tag reads the same as the header.
var cspMeta = func() template.HTML {
	if strings.ContainsAny(hosts.Policy, "\"&<>") {
		panic("render: hosts.Policy has a character an attribute must escape")
	}
	return template.HTML(`<meta http-equiv=Content-Security-Policy content="` + hosts.Policy + `">`)
}()
