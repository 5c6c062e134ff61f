package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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

// AfterAccessChange closes the open connections a change revoked (unless the provider's
// revoke_open_connections is false) and reports what it closed as a warning. A failed sweep is
// an error: the change is applied, but connections it revoked may still be open, and the next
// apply retries.
func (pd *ProviderData) AfterAccessChange(ctx context.Context, diags *diag.Diagnostics) {
	if pd == nil || pd.Revocation == nil {
		return
	}
	res, err := pd.Revocation.AfterAccessChange(ctx)
	if err != nil {
		diags.AddError("Cannot close the connections this change revoked",
			fmt.Sprintf("The change was applied, so new connections are refused, but connections opened before it may still be open: %v. "+
				"Apply again to retry, or set revoke_open_connections = false on the provider to leave open connections alone.", err))
		return
	}
	tflog.Debug(ctx, "revocation sweep", map[string]any{"open_circuits": res.Circuits, "pairs_checked": res.Checked, "circuits_closed": len(res.Cuts)})
	if len(res.Cuts) > 0 {
		diags.AddWarning("Open connections closed", res.Summary())
	}
}
