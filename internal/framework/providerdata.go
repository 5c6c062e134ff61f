// Package framework is the machinery every entity shares: provider data handed to resources,
// the generic CRUD resource and data sources, role selectors, and shared schema pieces.
package framework

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// ProviderData is what the provider's Configure hands every resource and data source.
type ProviderData struct {
	Client *client.Client
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
