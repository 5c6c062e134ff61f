package framework

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

type policyState struct {
	IdentityRoles []string `tfsdk:"identity_roles"`
	ServiceRoles  []string `tfsdk:"service_roles"`
	Revocable
}

func policyPrior(t *testing.T, identityRoles, serviceRoles []string) tfsdk.State {
	t.Helper()
	s := schema.Schema{Attributes: map[string]schema.Attribute{
		"identity_roles":               schema.SetAttribute{ElementType: types.StringType, Optional: true},
		"service_roles":                schema.SetAttribute{ElementType: types.StringType, Optional: true},
		RevocationPendingAttributeName: RevocationPendingAttribute(),
	}}
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(context.Background()), nil)}
	if d := st.Set(context.Background(), &policyState{IdentityRoles: identityRoles, ServiceRoles: serviceRoles, Revocable: Revocable{types.BoolValue(false)}}); d.HasError() {
		t.Fatal(d)
	}
	return st
}

// The scope of a change follows the entity: its own circuits, or a policy's old roles; a
// retried policy sweep is full (the old roles are gone).
func TestAccessScope(t *testing.T) {
	ctx := context.Background()
	prior := policyPrior(t, []string{"#agents", "@alice"}, []string{"@llm"})
	for _, c := range []struct {
		path  string
		retry bool
		want  string
	}{
		{client.Identities.Path, false, "circuits of identities [id1] to services [all]"},
		{client.Services.Path, true, "circuits of identities [all] to services [id1]"},
		{client.ServicePolicies.Path, false, "circuits of identities [#agents, @alice] to services [@llm]"},
		{client.ServicePolicies.Path, true, "every open circuit"},
		{client.EdgeRouters.Path, false, "every open circuit"},
	} {
		if got := AccessScope(ctx, c.path, "id1", prior, c.retry).String(); got != c.want {
			t.Errorf("%s retry=%v: %q, want %q", c.path, c.retry, got, c.want)
		}
	}
	if s := AccessScope(ctx, client.ServicePolicies.Path, "p", policyPrior(t, nil, []string{"#all"}), false); !s.Empty() {
		t.Errorf("a policy that selected no identity granted nothing: %s", s)
	}
}

func TestRevocationMarker(t *testing.T) {
	var m policyState
	NormalizeRevocationPending(&m)
	if m.RevocationPending.IsNull() || RevocationPending(&m) {
		t.Fatalf("an unset marker reads as false: %v", m.RevocationPending)
	}
	SetRevocationPending(&m, true)
	NormalizeRevocationPending(&m)
	if !RevocationPending(&m) {
		t.Fatal("a stored true is kept")
	}
	var none struct{ X int }
	SetRevocationPending(&none, true) // no marker: nothing happens
	if RevocationPending(&none) {
		t.Fatal("a model without the marker is never pending")
	}
}
