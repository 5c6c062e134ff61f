package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/revocation"
)

// ProviderData is what the provider's Configure hands every resource and data source.
type ProviderData struct {
	Client *client.Client
	// Revocation closes open connections after changes that can reduce access.
	Revocation *revocation.Sweeper
}

// ProviderDataFrom converts the framework's untyped provider data. It returns nil without a
// diagnostic when the provider is not configured yet (validation, or a plan whose provider
// configuration is unknown); Require reports that case when a client is actually needed.
func ProviderDataFrom(data any, diags *diag.Diagnostics) *ProviderData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *framework.ProviderData, got %T: this is a bug in the provider", data))
		return nil
	}
	return pd
}

// Require returns the client or explains why there is none.
func (pd *ProviderData) Require(diags *diag.Diagnostics) *client.Client {
	if pd == nil || pd.Client == nil {
		diags.AddError("The ziti provider is not configured",
			"The provider's configuration (endpoint or credentials) is not known yet, so the controller cannot be read. "+
				"If it comes from another resource, apply that resource first (terraform apply -target=...).")
		return nil
	}
	return pd.Client
}

// Revocable is embedded in the model of every access-bearing resource: revocation_pending
// records that a change took access away but the connections it revoked could not be closed
// yet (see package revocation). The shared CRUD keeps it; entities never touch it.
type Revocable struct {
	RevocationPending types.Bool `tfsdk:"revocation_pending"`
}

// PendingRevocation gives the shared CRUD access to the embedded marker.
func (r *Revocable) PendingRevocation() *types.Bool { return &r.RevocationPending }

// pendingMarker is what a model embedding Revocable implements.
type pendingMarker interface{ PendingRevocation() *types.Bool }

// RevocationPending reads the marker of model m (a pointer); false when m has none.
func RevocationPending(m any) bool {
	p, ok := m.(pendingMarker)
	return ok && p.PendingRevocation().ValueBool()
}

// SetRevocationPending writes the marker of model m (a pointer), if it has one.
func SetRevocationPending(m any, pending bool) {
	if p, ok := m.(pendingMarker); ok {
		*p.PendingRevocation() = types.BoolValue(pending)
	}
}

// NormalizeRevocationPending turns an unset marker (after an import, or in a state written
// before the attribute existed) into false, keeping a stored true.
func NormalizeRevocationPending(m any) {
	if p, ok := m.(pendingMarker); ok && !p.PendingRevocation().ValueBool() {
		*p.PendingRevocation() = types.BoolValue(false)
	}
}

// RevocationPendingAttributeName is the attribute every access-bearing resource has.
const RevocationPendingAttributeName = "revocation_pending"

// RevocationPendingAttribute is its schema: computed, false, planned back to false (so a
// stored true shows in the plan as a pending change).
func RevocationPendingAttribute() schema.BoolAttribute {
	return schema.BoolAttribute{
		Computed: true,
		Default:  booldefault.StaticBool(false),
		MarkdownDescription: "`true` while connections this resource's last change revoked may still be open: the change was applied, " +
			"but closing the open connections it revoked failed (for example the controller's fabric API was unavailable). " +
			"The next plan then shows `revocation_pending: true -> false` and the next apply closes them. Always `false` otherwise " +
			"(and when the provider's `revoke_open_connections` is `false`).",
	}
}

// AccessScope is the reach of a change to the entity with id in the REST collection apiPath:
// an identity's or a service's own circuits; for a service policy, the circuits its roles
// selected before the change (read from prior, the state before the change). retry is a
// sweep repeated after a failed one: a policy's old roles are no longer known, so it sweeps
// every open circuit.
func AccessScope(ctx context.Context, apiPath, id string, prior tfsdk.State, retry bool) revocation.Scope {
	switch apiPath {
	case client.Identities.Path:
		return revocation.Identity(id)
	case client.Services.Path:
		return revocation.Service(id)
	case client.ServicePolicies.Path:
		if retry {
			return revocation.Full()
		}
		var identityRoles, serviceRoles []string
		d := prior.GetAttribute(ctx, path.Root("identity_roles"), &identityRoles)
		d.Append(prior.GetAttribute(ctx, path.Root("service_roles"), &serviceRoles)...)
		if d.HasError() {
			return revocation.Full()
		}
		return revocation.Policy(identityRoles, serviceRoles)
	}
	return revocation.Full()
}

// Sweep closes the open connections a change revoked (unless the provider's
// revoke_open_connections is false) and reports what it closed as a warning. It returns
// false when the sweep failed: the error is in diags, and the caller saves the resource with
// revocation_pending = true so that the next plan shows it and the next apply sweeps again.
func (pd *ProviderData) Sweep(ctx context.Context, scope revocation.Scope, what string, diags *diag.Diagnostics) bool {
	if pd == nil || !pd.Revocation.Active() {
		return true
	}
	res, err := pd.Revocation.AfterAccessChange(ctx, scope)
	tflog.Debug(ctx, "revocation sweep", map[string]any{"scope": scope.String(), "open_circuits": res.Circuits, "pairs_checked": res.Checked,
		"passes": res.Passes, "circuits_closed": len(res.Cuts)})
	if len(res.Cuts) > 0 {
		diags.AddWarning("Open connections closed", res.Summary())
	}
	if err != nil {
		diags.AddError("Revocation pending: cannot close the connections this change revoked",
			fmt.Sprintf("The change to %s was applied, so new connections are refused, but connections opened before it may still be open: %v.\n\n"+
				"The resource is saved with revocation_pending = true: the next plan shows revocation_pending: true -> false, and the next apply "+
				"sweeps again (retry once the controller's fabric API answers). To leave open connections alone instead, set "+
				"revoke_open_connections = false on the provider.", what, err))
		return false
	}
	return true
}
