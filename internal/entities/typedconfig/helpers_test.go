package typedconfig_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

func ranges(pairs ...int64) knownvalue.Check {
	var checks []knownvalue.Check
	for i := 0; i+1 < len(pairs); i += 2 {
		checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"low": knownvalue.Int64Exact(pairs[i]), "high": knownvalue.Int64Exact(pairs[i+1]),
		}))
	}
	return knownvalue.SetExact(checks)
}

// config is the resource "llm" of type typ with attrs (see body).
func config(typ string, attrs map[string]string) string {
	return fmt.Sprintf("resource %q \"llm\" {\n%s}\n", typ, body(attrs))
}

// body writes resource attributes one per line, "key = value", in a fixed order, so that
// tests can match the line Terraform quotes for an attribute's error.
func body(attrs map[string]string) string {
	keys := make([]string, 0, len(attrs))
	for k, v := range attrs {
		if v != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, attrs[k])
	}
	return b.String()
}

func with(base map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// words matches a message however Terraform wrapped its lines.
func words(msg string) string {
	parts := strings.Fields(msg)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(parts, `\s+`)
}

// invalidCase is a configuration that must fail at plan time, with the error on the attribute
// (Terraform quotes the attribute's line) and the message the user reads.
type invalidCase struct {
	changes map[string]string
	attr    string // the attribute whose line the error quotes ("" when it is not written)
	msg     string
}

func testInvalid(t *testing.T, resourceType string, base map[string]string, cases map[string]invalidCase) {
	var invalid []acctest.Invalid
	for name, tc := range cases {
		attrs := with(base, tc.changes)
		line := ""
		if tc.attr != "" {
			line = regexp.QuoteMeta(fmt.Sprintf("%s = %s", tc.attr, attrs[tc.attr])) + ".*"
		}
		invalid = append(invalid, acctest.Invalid{Name: name, Config: fmt.Sprintf("resource %q \"x\" {\n%s}\n", resourceType, body(attrs)),
			Error: regexp.MustCompile(`(?s)` + line + words(tc.msg))})
	}
	acctest.InvalidConfigs(t, invalid)
}

// checkData verifies through the API that the config at addr holds data equal to want (JSON;
// arrays compared as sets, as the schema's uniqueItems arrays are).
func checkData(t *testing.T, addr, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var id string
		if err := acctest.CaptureID(addr, &id)(s); err != nil {
			return err
		}
		d, err := client.Configs.Get(context.Background(), acctest.AdminClient(t), id)
		if err != nil {
			return err
		}
		got, err := json.Marshal(d.Data)
		if err != nil {
			return err
		}
		if a, b := canonical(t, string(got)), canonical(t, want); a != b {
			return fmt.Errorf("config %s holds data\n  %s\nwant\n  %s", id, a, b)
		}
		return nil
	}
}

// canonical is JSON with sorted keys and arrays in sorted order.
func canonical(t *testing.T, s string) string {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON %s: %v", s, err)
	}
	var norm func(any) any
	norm = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				x[k] = norm(e)
			}
		case []any:
			enc := make([]string, len(x))
			for i, e := range x {
				b, _ := json.Marshal(norm(e))
				enc[i] = string(b)
			}
			sort.Strings(enc)
			out := make([]any, len(enc))
			for i, e := range enc {
				out[i] = json.RawMessage(e)
			}
			return out
		}
		return v
	}
	b, _ := json.Marshal(norm(v))
	return string(b)
}

func ptr[T any](v T) *T { return &v }
