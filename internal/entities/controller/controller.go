package controller

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_management_api_client/current_identity"
	"github.com/openziti/edge-api/rest_management_api_client/informational"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// NewDataSource is the ziti_controller data source.
func NewDataSource() datasource.DataSource {
	return &dataSource{framework.DataSourceBase{TypeName: "controller"}}
}

type dataSource struct{ framework.DataSourceBase }

type model struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	Version        types.String `tfsdk:"version"`
	Revision       types.String `tfsdk:"revision"`
	BuildDate      types.String `tfsdk:"build_date"`
	RuntimeVersion types.String `tfsdk:"runtime_version"`
	Capabilities   types.Set    `tfsdk:"capabilities"`
	APIs           types.Set    `tfsdk:"apis"`
	IdentityID     types.String `tfsdk:"identity_id"`
	IdentityName   types.String `tfsdk:"identity_name"`
	IsAdmin        types.Bool   `tfsdk:"is_admin"`
}

func (d *dataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The controller the provider is connected to: its version and capabilities, and the identity the provider authenticated as. " +
			"Useful to assert a minimum controller version in a `check` block, or to confirm which credentials a pipeline uses.",
		Attributes: map[string]schema.Attribute{
			"endpoint":        computed("The management API base URL the provider uses."),
			"version":         computed("Controller version, e.g. `v1.7.2`."),
			"revision":        computed("Source revision the controller was built from."),
			"build_date":      computed("Build date reported by the controller."),
			"runtime_version": computed("Go runtime version of the controller."),
			"capabilities":    schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Capabilities the controller announces, e.g. `OIDC_AUTH`, `HA_CONTROLLER`."},
			"apis":            schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "APIs the controller serves, e.g. `edge-management`, `edge-client`, `fabric`."},
			"identity_id":     computed("ID of the identity the provider authenticated as."),
			"identity_name":   computed("Name of the identity the provider authenticated as."),
			"is_admin":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether that identity is an admin (needed to manage most entities)."},
		},
	}
}

func (d *dataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	op := d.Op(ctx, &resp.Diagnostics)
	if op == nil {
		return
	}
	c := op.Client
	ver, err := c.API.Informational.ListVersion(informational.NewListVersionParamsWithContext(ctx))
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the controller version", err.Error())
		return
	}
	me, err := c.API.CurrentIdentity.GetCurrentIdentity(current_identity.NewGetCurrentIdentityParamsWithContext(ctx), nil)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the current identity", err.Error())
		return
	}
	v := ver.GetPayload().Data
	id := me.GetPayload().Data
	m := model{
		Endpoint:       types.StringValue(c.Endpoint().String()),
		Version:        types.StringValue(v.Version),
		Revision:       types.StringValue(v.Revision),
		BuildDate:      types.StringValue(v.BuildDate),
		RuntimeVersion: types.StringValue(v.RuntimeVersion),
		IdentityID:     types.StringPointerValue(id.ID),
		IdentityName:   types.StringPointerValue(id.Name),
		IsAdmin:        types.BoolPointerValue(id.IsAdmin),
	}
	apis := make([]string, 0, len(v.APIVersions))
	for name := range v.APIVersions {
		apis = append(apis, name)
	}
	sort.Strings(apis)
	var diags diag.Diagnostics
	m.Capabilities, diags = types.SetValueFrom(ctx, types.StringType, append([]string{}, v.Capabilities...))
	resp.Diagnostics.Append(diags...)
	m.APIs, diags = types.SetValueFrom(ctx, types.StringType, apis)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
