// Package api writes the site's machine-readable data: one JSON document
// per language at /api/v1/{lang}/codes.json, described by the JSON Schema
// at /api/v1/schema.json (site.APIPath and site.SchemaPath). The
// browser's search box reads the same file.
//
// Version 1 is stable: fields may be added, never removed or changed in
// meaning; a breaking change gets /api/v2/.
package api

import (
	_ "embed"
	"encoding/json"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
	"smtpcodes/internal/l10n"
)

// Schema is the JSON Schema of a codes.json document.
//
//go:embed schema.json
var Schema []byte

// Document is one language's codes.json.
type Document struct {
	Schema   string     `json:"$schema"`
	Version  int        `json:"version"`
	Language string     `json:"language"`
	Codes    []Code     `json:"codes"`
	Enhanced []Enhanced `json:"enhanced"`
}

// Enhanced is one enhanced status code (RFC 3463) in one language, written
// with X for the class.
type Enhanced struct {
	Code         string      `json:"code"`
	Classes      []int       `json:"classes"`
	Title        string      `json:"title"`
	Summary      string      `json:"summary"`
	URL          string      `json:"url"`
	Description  string      `json:"description"`
	Transient    string      `json:"transient"`
	Permanent    string      `json:"permanent"`
	Fix          string      `json:"fix"`
	Basic        []int       `json:"basic"`
	References   []Reference `json:"references"`
	Untranslated []string    `json:"untranslated"`
	Outdated     []string    `json:"outdated"`
}

// Code is one reply code in one language.
type Code struct {
	Code      int      `json:"code"`
	Class     int      `json:"class"`
	ClassName string   `json:"class_name"`
	Category  int      `json:"category"`
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	ReplyText string   `json:"reply_text"`
	Commands  []string `json:"commands"`
	// Model is when the code is sent and what the client does next.
	Model       []codes.Case `json:"model"`
	URL         string       `json:"url"`
	Description string       `json:"description"`
	When        string       `json:"when"`
	// Fix is FixSender and FixAdmin under bold headings, kept for
	// readers of version 1 from before the split.
	Fix             string          `json:"fix"`
	FixSender       string          `json:"fix_sender"`
	FixAdmin        string          `json:"fix_admin"`
	Server          string          `json:"server"`
	Client          string          `json:"client"`
	References      []Reference     `json:"references"`
	Related         []int           `json:"related"`
	ProviderReplies []ProviderReply `json:"provider_replies"`
	// Untranslated names the fields shown in English for want of a
	// translation; Outdated those translated from an English text that
	// has changed since.
	Untranslated []string `json:"untranslated"`
	Outdated     []string `json:"outdated"`
}

// ProviderReply is a reply text a mail provider documents for the code.
type ProviderReply struct {
	Provider string `json:"provider"`
	Reply    string `json:"reply"`
	Source   string `json:"source"`
}

// Reference is a cited RFC section.
type Reference struct {
	RFC     int    `json:"rfc"`
	Section string `json:"section,omitempty"`
	Title   string `json:"title"`
	URL     string `json:"url"`
}

// Build returns the codes.json document of lang. url turns a site path
// into an absolute URL.
func Build(set *codes.Set, cat *i18n.Catalog, lang string, codeURL func(*codes.Code) string, enhancedURL func(*codes.Enhanced) string, schemaURL string) ([]byte, error) {
	doc := Document{Schema: schemaURL, Version: 1, Language: lang, Codes: make([]Code, 0, len(set.Codes)), Enhanced: make([]Enhanced, 0, len(set.Enhanced))}
	for _, e := range set.Enhanced {
		out := Enhanced{Code: e.Code, URL: enhancedURL(e), Basic: e.Basic, Untranslated: []string{}, Outdated: []string{}}
		if out.Basic == nil {
			out.Basic = []int{}
		}
		for _, c := range e.Use {
			out.Classes = append(out.Classes, int(c))
		}
		for _, f := range []struct {
			field codes.Field
			dst   *string
		}{{codes.Title, &out.Title}, {codes.Summary, &out.Summary}, {codes.Description, &out.Description}, {codes.Transient, &out.Transient}, {codes.Permanent, &out.Permanent}, {codes.Fix, &out.Fix}} {
			s, fb := e.Get(lang, f.field)
			if fb {
				out.Untranslated = append(out.Untranslated, string(f.field))
			}
			if set.Outdated(lang, l10n.EnhancedPath(e.Code, string(f.field))) {
				out.Outdated = append(out.Outdated, string(f.field))
			}
			*f.dst = s
		}
		for _, r := range e.References {
			out.References = append(out.References, Reference{RFC: r.RFC, Section: r.Section, Title: set.RFCs[r.RFC], URL: r.URL()})
		}
		doc.Enhanced = append(doc.Enhanced, out)
	}
	for _, c := range set.Codes {
		className, _, err := cat.Lookup(lang, "class_name_"+string(rune('0'+c.Class())))
		if err != nil {
			return nil, err
		}
		outdated := []string{}
		get := func(f codes.Field, untranslated *[]string) string {
			s, fb := c.Get(lang, f)
			if fb {
				*untranslated = append(*untranslated, string(f))
			}
			if set.Outdated(lang, l10n.CodePath(c.Code, string(f))) {
				outdated = append(outdated, string(f))
			}
			return s
		}
		out := Code{
			Code: c.Code, Class: int(c.Class()), ClassName: className, Category: c.Category(),
			ReplyText: c.ReplyText, Commands: c.Stages(), Model: c.Model, URL: codeURL(c),
			Related: c.Related, Untranslated: []string{},
		}
		if out.Related == nil {
			out.Related = []int{}
		}
		out.Title = get(codes.Title, &out.Untranslated)
		out.Summary = get(codes.Summary, &out.Untranslated)
		out.Description = get(codes.Description, &out.Untranslated)
		out.When = get(codes.When, &out.Untranslated)
		out.FixSender = get(codes.FixSender, &out.Untranslated)
		out.FixAdmin = get(codes.FixAdmin, &out.Untranslated)
		var heads [2]string
		for i, key := range []string{"h_fix_sender", "h_fix_admin"} {
			if heads[i], _, err = cat.Lookup(lang, key); err != nil {
				return nil, err
			}
		}
		out.Fix = "**" + heads[0] + "**\n\n" + out.FixSender + "\n\n**" + heads[1] + "**\n\n" + out.FixAdmin
		out.ProviderReplies = make([]ProviderReply, 0, len(c.ProviderReplies))
		for _, r := range c.ProviderReplies {
			out.ProviderReplies = append(out.ProviderReplies, ProviderReply{Provider: r.Provider, Reply: r.Reply, Source: r.Source})
		}
		out.Server = get(codes.Server, &out.Untranslated)
		out.Client = get(codes.Client, &out.Untranslated)
		out.Outdated = outdated
		for _, r := range c.References {
			out.References = append(out.References, Reference{RFC: r.RFC, Section: r.Section, Title: set.RFCs[r.RFC], URL: r.URL()})
		}
		doc.Codes = append(doc.Codes, out)
	}
	data, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
