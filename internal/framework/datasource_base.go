package framework

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// DataSourceBase is what the data sources not derived from an entity share (the access
// data sources, the network audit, ziti_controller): their type name and the provider data
// handed over in Configure. Each embeds it and writes only its Schema and Read.
type DataSourceBase struct {
	TypeName string // the suffix after "ziti_", e.g. "identity_access"
	data     *ProviderData
}

func (b *DataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + b.TypeName
}

func (b *DataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Op is the operation context of a read, or nil (with the reason in diags) when the provider
// has no client.
func (b *DataSourceBase) Op(ctx context.Context, diags *diag.Diagnostics) *Op {
	c := b.data.Require(diags)
	if c == nil {
		return nil
	}
	return &Op{Ctx: ctx, Client: c, Diags: diags}
}
