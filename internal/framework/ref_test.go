package framework

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/openziti/edge-api/rest_model"
)

func TestPickRef(t *testing.T) {
	ref := func(id, name string) *rest_model.EntityRef { return &rest_model.EntityRef{ID: id, Name: name} }
	cases := []struct {
		name    string
		ref     string
		found   []*rest_model.EntityRef
		wantID  string
		wantMsg string
	}{
		{"by id", "abc", []*rest_model.EntityRef{ref("abc", "agent")}, "abc", ""},
		{"by name", "agent", []*rest_model.EntityRef{ref("abc", "agent")}, "abc", ""},
		{"id and name of the same entity", "abc", []*rest_model.EntityRef{ref("abc", "abc")}, "abc", ""},
		{"name of one is id of another", "abc", []*rest_model.EntityRef{ref("xyz", "abc"), ref("abc", "agent")}, "", "is both the id of the identity named \"agent\" and the name of the identity with id \"xyz\""},
		{"auth policy named default", "default", []*rest_model.EntityRef{ref("default", "Default"), ref("q1", "default")}, "", "ambiguous"},
		{"two with the name", "agent", []*rest_model.EntityRef{ref("a1", "agent"), ref("a2", "agent")}, "", "2 identity entities are named"},
		{"nothing", "agent", nil, "", "names no identity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id, msg := pickRef("identity", tc.ref, tc.found)
			if id != tc.wantID {
				t.Errorf("id = %q, want %q", id, tc.wantID)
			}
			if (tc.wantMsg == "") != (msg == "") || !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("msg = %q, want it to contain %q", msg, tc.wantMsg)
			}
		})
	}
}

// Sensitive resource attributes are not part of a derived data source, at any depth, and the
// values built from the resource model lose them.
func TestDataSourceOmitsSensitive(t *testing.T) {
	attrs := map[string]schema.Attribute{
		"name":                  schema.StringAttribute{Required: true},
		"enrollment_jwt":        schema.StringAttribute{Computed: true, Sensitive: true},
		"enrollment_expires_at": schema.StringAttribute{Computed: true},
		"nested": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"user":     schema.StringAttribute{Optional: true},
			"password": schema.StringAttribute{Optional: true, Sensitive: true},
		}},
	}
	ds := dataSourceAttributes(attrs)
	if _, ok := ds["enrollment_jwt"]; ok {
		t.Error("enrollment_jwt is in the data source schema")
	}
	if _, ok := ds["enrollment_expires_at"]; !ok {
		t.Error("enrollment_expires_at is missing from the data source schema")
	}
	nested, ok := ds["nested"].(dsschema.SingleNestedAttribute)
	if !ok {
		t.Fatalf("nested is %T", ds["nested"])
	}
	if _, ok := nested.Attributes["password"]; ok {
		t.Error("nested.password is in the data source schema")
	}

	full := map[string]attr.Value{
		"name": types.StringValue("a"), "enrollment_jwt": types.StringValue("eyJsecret"), "enrollment_expires_at": types.StringValue("2026-01-01T00:00:00Z"),
		"nested": types.ObjectValueMust(map[string]attr.Type{"user": types.StringType, "password": types.StringType},
			map[string]attr.Value{"user": types.StringValue("u"), "password": types.StringValue("pw-secret")}),
	}
	fullTypes := map[string]attr.Type{}
	for k, v := range full {
		fullTypes[k] = v.Type(context.Background())
	}
	obj := types.ObjectValueMust(fullTypes, full)
	var diags diag.Diagnostics
	got := projectValue(context.Background(), obj, basetypes.ObjectType{AttrTypes: dataSourceAttrTypes(ds)}, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s := got.String(); strings.Contains(s, "secret") || !strings.Contains(s, "2026-01-01") || !strings.Contains(s, `"u"`) {
		t.Errorf("projected value %s: want no secrets and every other value", s)
	}
	// The projected value has the data source schema's type.
	if !got.Type(context.Background()).Equal(dsschema.Schema{Attributes: ds}.Type()) {
		t.Errorf("projected type %s differs from the data source schema's", got.Type(context.Background()))
	}
}
