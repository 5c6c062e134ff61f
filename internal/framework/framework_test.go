package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"
)

func TestValidateRole(t *testing.T) {
	valid := []string{"#agents", "#all", "@agent-1", "@g7cIWbcGg", "#with space inside"}
	for _, r := range valid {
		if msg := ValidateRole(r); msg != "" {
			t.Errorf("ValidateRole(%q) = %q, want valid", r, msg)
		}
	}
	invalid := []string{"", "#", "@", "agents", " #agents", "#agents ", "all"}
	for _, r := range invalid {
		if ValidateRole(r) == "" {
			t.Errorf("ValidateRole(%q) accepted an invalid selector", r)
		}
	}
}

func TestValidateRoleAttribute(t *testing.T) {
	for _, a := range []string{"agents", "tier-a", "a#b"} {
		if msg := ValidateRoleAttribute(a); msg != "" {
			t.Errorf("ValidateRoleAttribute(%q) = %q", a, msg)
		}
	}
	for _, a := range []string{"", "#agents", "@agent", " x"} {
		if ValidateRoleAttribute(a) == "" {
			t.Errorf("ValidateRoleAttribute(%q) accepted an invalid attribute", a)
		}
	}
}

func TestCamelToSnake(t *testing.T) {
	for in, want := range map[string]string{
		"identityRoles": "identity_roles", "name": "name", "configTypeId": "config_type_id",
		"maxIdleTimeMillis": "max_idle_time_millis", "isAdmin": "is_admin", "portRanges": "port_ranges", "externalID": "external_id",
	} {
		if got := CamelToSnake(in); got != want {
			t.Errorf("CamelToSnake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuoteZitiQL(t *testing.T) {
	if got := NameFilter(`a"b\c`); got != `name="a\"b\\c"` {
		t.Fatalf("NameFilter = %s", got)
	}
}

func newOp() *Op { return &Op{Ctx: context.Background(), Diags: &diag.Diagnostics{}} }

func TestRolesFromAPIKeepsUserSpelling(t *testing.T) {
	op := newOp()
	prior := SetFromStrings(op, []string{"@agent-1", "#agents", "@xyz789"})
	api := rest_model.Roles{"#agents", "@abc123", "@xyz789"}
	display := rest_model.NamedRoles{{Role: "@abc123", Name: "@agent-1"}, {Role: "@xyz789", Name: "@other"}, {Role: "#agents", Name: "#agents"}}
	got := StringsFromSet(op, RolesFromAPI(op, api, display, prior))
	want := []string{"#agents", "@agent-1", "@xyz789"}
	if op.Diags.HasError() || len(got) != len(want) {
		t.Fatalf("got %v (%v), want %v", got, op.Diags, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestRolesFromAPIShowsDrift(t *testing.T) {
	op := newOp()
	// The user wrote @agent-1, but the controller now references another identity: the
	// state shows the id, so the plan shows the difference.
	prior := SetFromStrings(op, []string{"@agent-1"})
	got := StringsFromSet(op, RolesFromAPI(op, rest_model.Roles{"@zzz"}, rest_model.NamedRoles{{Role: "@zzz", Name: "@agent-2"}}, prior))
	if len(got) != 1 || got[0] != "@zzz" {
		t.Fatalf("got %v", got)
	}
}

func TestRefFromAPI(t *testing.T) {
	if v := RefFromAPI("id1", "default", types.StringValue("default")); v.ValueString() != "default" {
		t.Fatalf("name spelling lost: %v", v)
	}
	if v := RefFromAPI("id1", "default", types.StringValue("id1")); v.ValueString() != "id1" {
		t.Fatalf("id spelling lost: %v", v)
	}
	if v := RefFromAPI("id2", "other", types.StringValue("default")); v.ValueString() != "id2" {
		t.Fatalf("drift hidden: %v", v)
	}
	if v := RefFromAPI("id1", "default", types.StringNull()); v.ValueString() != "id1" {
		t.Fatalf("import: %v", v)
	}
}

func TestTagsRoundTrip(t *testing.T) {
	op := newOp()
	m := TagsFromAPI(op, &rest_model.Tags{SubTags: rest_model.SubTags{"owner": "tf", "count": float64(3), "ok": true}})
	values := map[string]string{}
	op.Diags.Append(m.ElementsAs(op.Ctx, &values, false)...)
	if values["owner"] != "tf" || values["count"] != "3" || values["ok"] != "true" {
		t.Fatalf("got %v", values)
	}
	back := TagsToAPI(op, m)
	if back.SubTags["owner"] != "tf" || op.Diags.HasError() {
		t.Fatalf("got %v %v", back, op.Diags)
	}
}
