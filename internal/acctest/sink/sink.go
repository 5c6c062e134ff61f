package sink

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// New returns the provider "sink".
func New() provider.Provider { return sinkProvider{} }

type sinkProvider struct{}

func (sinkProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sink"
}
func (sinkProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (sinkProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (sinkProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return secret{} }}
}
func (sinkProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// secret is sink_secret: data_wo is written to path as a JSON object on create, and again
// whenever data_wo_revision changes (write-only values never show up as a change themselves).
type secret struct{}

type secretModel struct {
	Path     types.String `tfsdk:"path"`
	DataWO   types.Map    `tfsdk:"data_wo"`
	Revision types.Int64  `tfsdk:"data_wo_revision"`
}

func (secret) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (secret) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"path": schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
		"data_wo": schema.MapAttribute{Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType,
			MarkdownDescription: "Written to path; never stored."},
		"data_wo_revision": schema.Int64Attribute{Optional: true},
	}}
}

func (secret) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	write(ctx, req.Config, &plan, &resp.Diagnostics)
	plan.DataWO = types.MapNull(types.StringType)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (secret) Read(_ context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	resp.State = req.State
}

func (secret) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	write(ctx, req.Config, &plan, &resp.Diagnostics)
	plan.DataWO = types.MapNull(types.StringType)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (secret) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if err := os.Remove(state.Path.ValueString()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		resp.Diagnostics.AddError("Cannot remove the secret file", err.Error())
	}
}

// write takes data_wo from the configuration (the only place a write-only value exists)
// and writes it to the file.
func write(ctx context.Context, config tfsdk.Config, plan *secretModel, diags *diag.Diagnostics) {
	var data map[string]*string
	diags.Append(config.GetAttribute(ctx, path.Root("data_wo"), &data)...)
	if diags.HasError() {
		return
	}
	b, err := json.Marshal(data)
	if err == nil {
		err = os.WriteFile(plan.Path.ValueString(), b, 0o600)
	}
	if err != nil {
		diags.AddError("Cannot write the secret file", err.Error())
	}
}
