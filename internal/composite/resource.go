package composite

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/revocation"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// ConfigTypes are the controller's ids of the built-in config types children use.
type ConfigTypes struct{ Intercept, Host string }

// Spec describes one composite mission resource to the shared CRUD below: its names, its
// schema, and the Mapping (the composite package's own named type) that says what children its
// model wants and how what the controller holds maps back.
type Spec[M any] struct {
	TypeName   string               // "private_resource": the resource is ziti_<TypeName>, its children are tagged with it
	Noun       string               // "private resource", for messages
	Schema     func() schema.Schema // a fresh schema each call: the CRUD adds revocation_pending to it
	PrimaryKey string               // the child whose id is the resource's id and import id
	Mapping    Mapping[M]
}

// Mapping is what each composite package implements on a named type; the model embeds Base.
type Mapping[M any] interface {
	// Children are the entities m wants on the controller, with references resolved.
	Children(op *framework.Op, m *M, types ConfigTypes) []Child
	// WantKeys are the keys of the children m wants, without building them (no client).
	WantKeys(m *M) []string
	// ReadBack writes what the controller holds into m, keeping the user's spelling.
	ReadBack(op *framework.Op, m *M, s Snapshot)
	// IDs, SetIDs and SetIDsUnknown reach the children's ids the model keeps.
	IDs(m *M) IDs
	SetIDs(m *M, ids IDs)
	SetIDsUnknown(m *M)
	// ImportState gives the attributes an import writes before the first read.
	ImportState(name string, ids IDs) map[string]attr.Value
}

// Base is the part every composite model embeds: id, name and tags, and in_sync.
type Base struct {
	framework.Base
	InSync types.Bool `tfsdk:"in_sync"`
}

// CompositeBase is promoted to every model that embeds Base.
func (b *Base) CompositeBase() *Base { return b }

// baseOf is the Base a composite model embeds (checked when the resource is registered).
func baseOf[M any](m *M) *Base {
	withBase, ok := any(m).(interface{ CompositeBase() *Base })
	if !ok {
		panic(fmt.Sprintf("composite model %T does not embed composite.Base", m))
	}
	return withBase.CompositeBase()
}

// Resource is the one CRUD implementation of the composite resources.
type Resource[M any] struct {
	spec *Spec[M]
	data *framework.ProviderData
}

// NewResource returns the constructor the provider lists.
func NewResource[M any](spec *Spec[M]) func() resource.Resource {
	return func() resource.Resource { return New(spec) }
}

// New is the resource itself, for composites that add behaviour around the shared CRUD.
func New[M any](spec *Spec[M]) *Resource[M] {
	baseOf(new(M)) // fails at once for a model without composite.Base
	return &Resource[M]{spec: spec}
}

var (
	_ resource.ResourceWithConfigure   = (*Resource[struct{}])(nil)
	_ resource.ResourceWithModifyPlan  = (*Resource[struct{}])(nil)
	_ resource.ResourceWithImportState = (*Resource[struct{}])(nil)
)

func (r *Resource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.spec.TypeName
}

func (r *Resource[M]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.spec.Schema()
	resp.Schema.Attributes[framework.RevocationPendingAttributeName] = framework.RevocationPendingAttribute()
}

func (r *Resource[M]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *Resource[M]) op(ctx context.Context, diags *diag.Diagnostics) *framework.Op {
	return &framework.Op{Ctx: ctx, Client: r.data.Require(diags), Diags: diags}
}

// write reconciles the controller with m and records the children's ids in m.
func (r *Resource[M]) write(op *framework.Op, m *M) {
	intercept, ok := framework.ResolveRef(op, framework.ConfigTypes, "name", ziticonfig.InterceptV1Type)
	if !ok {
		return
	}
	host, ok := framework.ResolveRef(op, framework.ConfigTypes, "name", ziticonfig.HostV1Type)
	if !ok {
		return
	}
	owner := r.owner(op, m)
	children := r.spec.Mapping.Children(op, m, ConfigTypes{Intercept: intercept, Host: host})
	if op.Failed() {
		return
	}
	r.spec.Mapping.SetIDs(m, Reconcile(op, owner, children, r.spec.Mapping.IDs(m)))
	baseOf(m).InSync = types.BoolValue(!op.Failed())
}

// owner is the composite m describes, as its children's ownership tags name it.
func (r *Resource[M]) owner(op *framework.Op, m *M) Owner {
	userTags := map[string]string{}
	if t := baseOf(m).Tags; !t.IsNull() && !t.IsUnknown() {
		op.Diags.Append(t.ElementsAs(op.Ctx, &userTags, false)...)
	}
	return Owner{Kind: r.spec.TypeName, Name: baseOf(m).Name.ValueString(), UserTags: userTags}
}

func (r *Resource[M]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	op := r.op(ctx, &resp.Diagnostics)
	if op.Failed() {
		return
	}
	// Leftovers of an earlier create that failed half way (found by their ownership tags) are
	// adopted: updated if still wanted, deleted if not.
	leftovers := FindOwned(op, r.spec.TypeName, baseOf(&plan).Name.ValueString())
	if op.Failed() {
		return
	}
	r.spec.Mapping.SetIDs(&plan, leftovers)
	if len(leftovers) > 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Adopting what an earlier apply of the %s %s left", r.spec.Noun, baseOf(&plan).Name.ValueString()),
			fmt.Sprintf("Found %d entities tagged %s = %s, %s = %q (%s): they are updated to the configuration, or deleted where it no longer wants them.",
				len(leftovers), TagComposite, r.spec.TypeName, TagName, baseOf(&plan).Name.ValueString(), describeIDs(leftovers)))
	}
	r.write(op, &plan)
	ids := r.spec.Mapping.IDs(&plan)
	if op.Failed() && ids[r.spec.PrimaryKey] == "" {
		// Nothing usable was made: take back what was, so that a retry starts clean.
		cleanup := new(diag.Diagnostics)
		left := Destroy(&framework.Op{Ctx: ctx, Client: op.Client, Diags: cleanup}, ids)
		if cleanup.HasError() {
			var reasons []string
			for _, d := range cleanup.Errors() {
				reasons = append(reasons, d.Summary()+": "+d.Detail())
			}
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot clean up after the failed create of the %s %s", r.spec.Noun, baseOf(&plan).Name.ValueString()),
				fmt.Sprintf("These entities it created remain on the controller: %s.\n%s\n"+
					"They carry its ownership tags, so the next apply adopts them; or delete them by hand.",
					describeIDs(left), strings.Join(reasons, "\n")))
		}
		return
	}
	// With an error, this state is saved as tainted: the next apply replaces it.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *Resource[M]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	op := r.op(ctx, &resp.Diagnostics)
	if op.Failed() {
		return
	}
	r.spec.Mapping.SetIDs(&plan, r.spec.Mapping.IDs(&state))
	scope := accessScope(op, r.spec.Mapping.IDs(&state), framework.RevocationPending(&state))
	r.write(op, &plan)
	// Swept even when the write failed part way: the children it did change may revoke access.
	framework.SetRevocationPending(&plan, !r.data.Sweep(ctx, scope, "ziti_"+r.spec.TypeName+" "+baseOf(&plan).Name.ValueString(), &resp.Diagnostics))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *Resource[M]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	op := r.op(ctx, &resp.Diagnostics)
	if op.Failed() {
		return
	}
	scope := accessScope(op, r.spec.Mapping.IDs(&state), framework.RevocationPending(&state))
	Destroy(op, r.spec.Mapping.IDs(&state))
	if !r.data.Sweep(ctx, scope, "ziti_"+r.spec.TypeName+" "+baseOf(&state).Name.ValueString()+" (deleted)", &resp.Diagnostics) {
		// The failed delete keeps the resource in state, marked: the next refresh sweeps.
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(framework.RevocationPendingAttributeName), true)...)
	}
}

func (r *Resource[M]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	op := r.op(ctx, &resp.Diagnostics)
	if op.Failed() {
		return
	}
	ids := r.spec.Mapping.IDs(&state)
	snap := Read(op, ids)
	if op.Failed() {
		return
	}
	name := baseOf(&state).Name.ValueString()
	if len(snap.Missing) == len(ids) && framework.RevocationPending(&state) {
		// Deleted, but the sweep after the delete failed: sweep before forgetting it.
		if r.data.Sweep(ctx, revocation.Full(), "ziti_"+r.spec.TypeName+" "+name+" (deleted)", &resp.Diagnostics) {
			resp.State.RemoveResource(ctx)
		}
		return
	}
	if len(snap.Missing) == len(ids) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The %s %s is gone", r.spec.Noun, name),
			"Every entity it owned was deleted outside Terraform; it is removed from the state and the plan will create it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	r.spec.Mapping.ReadBack(op, &state, snap)
	framework.NormalizeRevocationPending(&state) // a stored true stays until a sweep succeeds
	baseOf(&state).InSync = types.BoolValue(len(snap.Missing) == 0)
	if len(snap.Missing) > 0 {
		sort.Strings(snap.Missing)
		resp.Diagnostics.AddWarning(fmt.Sprintf("The %s %s lost owned entities", r.spec.Noun, name),
			fmt.Sprintf("Deleted outside Terraform: %s. The next apply re-creates them.", strings.Join(snap.Missing, ", ")))
	}
	if !r.checkDrift(op, &state, snap) {
		baseOf(&state).InSync = types.BoolValue(false)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// checkDrift compares every field of every owned entity with what the composite writes for m
// (m as read back: drift that shows on an attribute the user wrote already shows there and
// compares equal here). Any other difference is warned about, naming the entity and the
// field; false makes in_sync false, so the plan is not empty and the apply re-writes it.
func (r *Resource[M]) checkDrift(op *framework.Op, m *M, snap Snapshot) bool {
	scratch := &framework.Op{Ctx: op.Ctx, Client: op.Client, Diags: new(diag.Diagnostics)}
	owner := r.owner(scratch, m)
	want := r.spec.Mapping.Children(scratch, m, ConfigTypes{})
	drifts := Compare(scratch, owner, want, r.spec.Mapping.IDs(m), snap)
	name := baseOf(m).Name.ValueString()
	if scratch.Failed() {
		var reasons []string
		for _, d := range scratch.Diags.Errors() {
			reasons = append(reasons, d.Summary()+": "+d.Detail())
		}
		op.Diags.AddWarning(fmt.Sprintf("Cannot fully check the %s %s for changes made outside Terraform", r.spec.Noun, name),
			strings.Join(reasons, "\n")+"\nThe next apply writes it again (and reports the error if it persists).")
		return false
	}
	if len(drifts) == 0 {
		return true
	}
	op.Diags.AddWarning(fmt.Sprintf("The %s %s was changed outside Terraform", r.spec.Noun, name),
		"Owned entities differ from what the configuration writes:\n"+Summary(drifts)+
			"\nin_sync is false; the next apply puts them back.")
	return false
}

// ModifyPlan: entities re-created after drift, or added and removed with the configuration,
// get new ids; everything else keeps its id.
func (r *Resource[M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	baseOf(&plan).InSync = types.BoolValue(true)
	if !baseOf(&state).InSync.ValueBool() || !sameKeys(r.spec.Mapping.WantKeys(&plan), r.spec.Mapping.IDs(&state)) {
		r.spec.Mapping.SetIDsUnknown(&plan)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func sameKeys(want []string, ids IDs) bool {
	if len(want) != len(ids) {
		return false
	}
	for _, k := range want {
		if _, ok := ids[k]; !ok {
			return false
		}
	}
	return true
}

// describeIDs lists children as "<key> (id)", sorted.
func describeIDs(ids IDs) string {
	var out []string
	for k, v := range ids {
		out = append(out, fmt.Sprintf("%s (%s)", k, v))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// ImportState accepts the id of the primary child, or name:<name>; the children are found
// by their ownership tags.
func (r *Resource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	op := r.op(ctx, &resp.Diagnostics)
	if op.Failed() {
		return
	}
	name, byName := strings.CutPrefix(req.ID, "name:")
	if !byName {
		tags, err := r.primaryTags(op, req.ID)
		if err != nil {
			framework.AddAPIError(op.Diags, "import", r.spec.Noun, err)
			return
		}
		if tags == nil || tags.SubTags[TagComposite] != r.spec.TypeName {
			resp.Diagnostics.AddError("Not a "+r.spec.Noun, fmt.Sprintf("%s was not made by ziti_%s (it has no %s = %s tag); import by name:<name> or by the id of its %s",
				req.ID, r.spec.TypeName, TagComposite, r.spec.TypeName, kindPrefix[kindOf(r.spec.PrimaryKey)]))
			return
		}
		name, _ = tags.SubTags[TagName].(string)
	}
	ids := FindOwned(op, r.spec.TypeName, name)
	if op.Failed() {
		return
	}
	if ids[r.spec.PrimaryKey] == "" {
		resp.Diagnostics.AddError("No such "+r.spec.Noun, fmt.Sprintf("no entities tagged %s = %s and %s = %q", TagComposite, r.spec.TypeName, TagName, name))
		return
	}
	for a, v := range r.spec.Mapping.ImportState(name, ids) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(a), v)...)
	}
}

func (r *Resource[M]) primaryTags(op *framework.Op, id string) (*rest_model.Tags, error) {
	switch kindOf(r.spec.PrimaryKey) {
	case KindService:
		d, err := client.Services.Get(op.Ctx, op.Client, id)
		if err != nil {
			return nil, err
		}
		return d.Tags, nil
	default:
		d, err := client.ServicePolicies.Get(op.Ctx, op.Client, id)
		if err != nil {
			return nil, err
		}
		return d.Tags, nil
	}
}
