package api

import (
	"encoding/json"
	"slices"
	"testing"

	"smtpcodes/internal/codes"
	"smtpcodes/internal/i18n"
)

// TestDocumentMatchesSchema builds the fixture's documents and checks them
// against the schema's required fields, so the schema and the code cannot
// drift apart.
func TestDocumentMatchesSchema(t *testing.T) {
	cat, err := i18n.Load("../../i18n")
	if err != nil {
		t.Fatal(err)
	}
	set, err := codes.Load("../../testdata/codes.yaml", []string{"../../testdata/text/en.yaml", "../../testdata/text/vi.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Required   []string `json:"required"`
		Properties struct {
			Codes struct {
				Items struct {
					Required   []string                   `json:"required"`
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"items"`
			} `json:"codes"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	for _, lang := range cat.Langs {
		data, err := Build(set, cat, lang, func(c *codes.Code) string { return "https://example.org/x/" },
			func(e *codes.Enhanced) string { return "https://example.org/e/" }, "https://example.org/api/v1/schema.json")
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range schema.Required {
			if _, ok := doc[f]; !ok {
				t.Errorf("%s: document lacks required field %q", lang, f)
			}
		}
		var entries []map[string]any
		if err := json.Unmarshal(doc["codes"], &entries); err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(set.Codes) {
			t.Fatalf("%s: %d codes; want %d", lang, len(entries), len(set.Codes))
		}
		for _, e := range entries {
			for _, f := range schema.Properties.Codes.Items.Required {
				if _, ok := e[f]; !ok {
					t.Errorf("%s: code %v lacks required field %q", lang, e["code"], f)
				}
			}
			for f := range e {
				if _, ok := schema.Properties.Codes.Items.Properties[f]; !ok {
					t.Errorf("%s: field %q is not described in schema.json", lang, f)
				}
			}
		}
		if lang == "vi" && entries[0]["title"] != "Thao tác thư thành công" {
			t.Errorf("vi: first title = %v; want the Vietnamese title", entries[0]["title"])
		}
	}
	if !slices.Contains(schema.Required, "version") {
		t.Error("schema does not require version")
	}
}
