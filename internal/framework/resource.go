package framework

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Resource is the one CRUD implementation every entity resource uses.
type Resource[M, C, U, D any] struct {
	e    *Entity[M, C, U, D]
	data *ProviderData
}

// NewResource returns the constructor the provider lists for entity e.
func NewResource[M, C, U, D any](e *Entity[M, C, U, D]) func() resource.Resource {
	baseOf(new(M)) // fails at once for a model without framework.Base
	return func() resource.Resource { return &Resource[M, C, U, D]{e: e} }
}

var (
	_ resource.ResourceWithConfigure      = (*Resource[struct{}, any, any, any])(nil)
	_ resource.ResourceWithImportState    = (*Resource[struct{}, any, any, any])(nil)
	_ resource.ResourceWithValidateConfig = (*Resource[struct{}, any, any, any])(nil)
	_ resource.ResourceWithModifyPlan     = (*Resource[struct{}, any, any, any])(nil)
)

func (r *Resource[M, C, U, D]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.e.TypeName
}

// ResourceSchema is the entity's resource schema with the framework's "id".
func (e *Entity[M, C, U, D]) ResourceSchema() schema.Schema {
	attrs := make(map[string]schema.Attribute, len(e.Attributes)+1)
	for k, v := range e.Attributes {
		attrs[k] = v
	}
	attrs["id"] = schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: "The controller's id of the " + e.Kind + ".",
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	if e.AccessBearing {
		attrs[RevocationPendingAttributeName] = RevocationPendingAttribute()
	}
	return schema.Schema{MarkdownDescription: e.Description, Attributes: attrs, Blocks: e.Blocks}
}

func (r *Resource[M, C, U, D]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.e.ResourceSchema()
}

func (r *Resource[M, C, U, D]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *Resource[M, C, U, D]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	validator, ok := r.e.Mapping.(WithValidateConfig[M])
	if !ok {
		return
	}
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validator.ValidateConfig(ctx, &m, &resp.Diagnostics)
}

func (r *Resource[M, C, U, D]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if checker, ok := r.e.Mapping.(WithPlanCheck[M]); ok && !req.Plan.Raw.IsNull() {
		var plan M
		resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
		if op := r.op(ctx, &resp.Diagnostics, false); op.Client != nil && !op.Failed() {
			checker.CheckPlan(op, &plan)
		}
	}
	modifier, ok := r.e.Mapping.(WithModifyPlan[M])
	if !ok || req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var state, plan M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	op := r.op(ctx, &resp.Diagnostics, false)
	modifier.ModifyPlan(op, &state, &plan)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

func (r *Resource[M, C, U, D]) op(ctx context.Context, diags *diag.Diagnostics, needClient bool) *Op {
	op := &Op{Ctx: ctx, Diags: diags}
	if r.data != nil {
		op.Client = r.data.Client
	}
	if needClient && op.Client == nil {
		r.data.Require(diags)
	}
	return op
}

// takeWriteOnly hands the mapping the write-only values (e.g. a private key used once to
// prove possession), which only the configuration carries: the plan holds them as null.
// FromDetail must null them again before the state is written.
func (r *Resource[M, C, U, D]) takeWriteOnly(ctx context.Context, config tfsdk.Config, plan *M, diags *diag.Diagnostics) {
	taker, ok := r.e.Mapping.(WithWriteOnly[M])
	if !ok {
		return
	}
	var cfg M
	diags.Append(config.Get(ctx, &cfg)...)
	taker.TakeWriteOnly(&cfg, plan)
}

func (r *Resource[M, C, U, D]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	r.takeWriteOnly(ctx, req.Config, &plan, &resp.Diagnostics)
	op := r.op(ctx, &resp.Diagnostics, true)
	if op.Failed() {
		return
	}
	body := r.e.Mapping.ToCreate(op, &plan)
	if op.Failed() {
		return
	}
	id, err := r.e.API.Create(ctx, op.Client, body)
	if err != nil {
		r.writeError(op, "create", &plan, err)
		return
	}
	// Record the id at once: if anything below fails, Terraform still tracks the entity
	// (as tainted) instead of leaking it on the controller.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	baseOf(&plan).ID = types.StringValue(id)
	if after, ok := r.e.Mapping.(WithAfterCreate[M]); ok {
		after.AfterCreate(op, id, &plan)
		if op.Failed() {
			return
		}
	}
	r.readBack(op, id, &plan)
	if op.Failed() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// writeError reports a failed create or update, explained by the mapping when it can.
func (r *Resource[M, C, U, D]) writeError(op *Op, action string, plan *M, err error) {
	if x, ok := r.e.Mapping.(WithExplainWriteError[M]); ok && x.ExplainWriteError(op, plan, err) {
		return
	}
	r.e.apiError(op, action, err)
}

// readBack reads the entity after a write and checks that the controller kept what was sent.
func (r *Resource[M, C, U, D]) readBack(op *Op, id string, m *M) {
	detail, err := r.e.API.Get(op.Ctx, op.Client, id)
	if err != nil {
		r.e.apiError(op, "read back", err)
		return
	}
	want := baseOf(m).Name
	if _, got := client.KeysOf(detail); !want.IsUnknown() && !want.IsNull() && got != want.ValueString() {
		op.Diags.AddAttributeError(path.Root("name"), "The controller did not apply the name",
			fmt.Sprintf("The %s %s is still named %q, not %q: another %s most likely has that name already (the controller answers such renames with success and changes nothing). Choose a unique name.",
				r.e.Kind, id, got, want.ValueString(), r.e.Kind))
		return
	}
	r.e.Mapping.FromDetail(op, detail, m)
}

func (r *Resource[M, C, U, D]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	op := r.op(ctx, &resp.Diagnostics, true)
	if op.Failed() {
		return
	}
	id := baseOf(&state).ID.ValueString()
	detail, err := r.e.API.Get(ctx, op.Client, id)
	if client.IsNotFound(err) && RevocationPending(&state) {
		// Deleted, but the sweep after the delete failed: sweep before forgetting it.
		if r.data.Sweep(ctx, AccessScope(ctx, r.e.API.Path, id, req.State, true), r.e.Kind+" "+id+" (deleted)", &resp.Diagnostics) {
			resp.State.RemoveResource(ctx)
		}
		return
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The %s %s is gone", r.e.Kind, id),
			fmt.Sprintf("The %s was deleted outside Terraform; it is removed from the state and the plan will create it again.", r.e.Kind))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		r.e.apiError(op, "read", err)
		return
	}
	r.e.Mapping.FromDetail(op, detail, &state)
	if op.Failed() {
		return
	}
	NormalizeRevocationPending(&state) // a stored true stays until a sweep succeeds
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *Resource[M, C, U, D]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	r.takeWriteOnly(ctx, req.Config, &plan, &resp.Diagnostics)
	op := r.op(ctx, &resp.Diagnostics, true)
	if op.Failed() {
		return
	}
	id := baseOf(&state).ID.ValueString()
	baseOf(&plan).ID = types.StringValue(id)
	body := r.e.Mapping.ToUpdate(op, &plan)
	if op.Failed() {
		return
	}
	if err := r.e.API.Update(ctx, op.Client, id, body); err != nil {
		r.writeError(op, "update", &plan, err)
		return
	}
	if after, ok := r.e.Mapping.(WithAfterUpdate[M]); ok {
		after.AfterUpdate(op, &state, &plan)
		if op.Failed() {
			return
		}
	}
	r.readBack(op, id, &plan)
	if op.Failed() {
		return
	}
	if r.e.AccessBearing {
		scope := AccessScope(ctx, r.e.API.Path, id, req.State, RevocationPending(&state))
		SetRevocationPending(&plan, !r.data.Sweep(ctx, scope, r.e.Kind+" "+id, &resp.Diagnostics))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *Resource[M, C, U, D]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	op := r.op(ctx, &resp.Diagnostics, true)
	if op.Failed() {
		return
	}
	id := baseOf(&state).ID.ValueString()
	err := r.e.API.Delete(ctx, op.Client, id)
	switch {
	case err == nil, client.IsNotFound(err):
		// Gone already is what a delete wants.
		if r.e.AccessBearing && !r.data.Sweep(ctx, AccessScope(ctx, r.e.API.Path, id, req.State, RevocationPending(&state)), r.e.Kind+" "+id+" (deleted)", &resp.Diagnostics) {
			// The failed delete keeps the resource in state, marked: the next refresh sweeps.
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(RevocationPendingAttributeName), true)...)
		}
	case client.IsConflict(err):
		// The controller's message names what still refers to the entity.
		resp.Diagnostics.AddError(fmt.Sprintf("The %s %s is still in use", r.e.Kind, id),
			fmt.Sprintf("The controller refused to delete it: %v. Remove or change what refers to it first (in Terraform, a reference or depends_on orders the deletes).", err))
	default:
		r.e.apiError(op, "delete", err)
	}
}

// ImportState accepts an id, or "name:<name>" for entities whose names are unique.
func (r *Resource[M, C, U, D]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if name, ok := strings.CutPrefix(req.ID, "name:"); ok {
		op := r.op(ctx, &resp.Diagnostics, true)
		if op.Failed() {
			return
		}
		id = r.e.findIDByName(op, name)
		if op.Failed() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// findIDByName looks an entity up by its exact name.
func (e *Entity[M, C, U, D]) findIDByName(op *Op, name string) string {
	found, err := e.API.List(op.Ctx, op.Client, NameFilter(name))
	if err != nil {
		e.apiError(op, "look up", err)
		return ""
	}
	if len(found) != 1 {
		op.Diags.AddError(fmt.Sprintf("No single %s named %q", e.Kind, name),
			fmt.Sprintf("%d %s entities have that name; import by id instead.", len(found), e.Kind))
		return ""
	}
	id, _ := client.KeysOf(found[0])
	return id
}

// NameFilter and QuoteZitiQL are the client's (ZitiQL is the client's language), here for the
// entity packages that build filters.
var (
	NameFilter  = client.NameFilter
	QuoteZitiQL = client.QuoteZitiQL
)
