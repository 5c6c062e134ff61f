package privateresource

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// compositeKind is the tag value that marks the entities this resource owns.
const compositeKind = "private_resource"

var (
	keyIntercept = composite.Key(composite.KindConfig, "intercept")
	keyHost      = composite.Key(composite.KindConfig, "host")
	keyService   = composite.Key(composite.KindService, "service")
	keyDial      = composite.Key(composite.KindServicePolicy, "dial")
	keyBind      = composite.Key(composite.KindServicePolicy, "bind")
	keyRouters   = composite.Key(composite.KindRouterPolicy, "routers")
)

// NewResource is ziti_private_resource.
func NewResource() resource.Resource { return &privateResource{} }

type privateResource struct{ data *framework.ProviderData }

var (
	_ resource.ResourceWithConfigure   = (*privateResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*privateResource)(nil)
	_ resource.ResourceWithImportState = (*privateResource)(nil)
)

func (r *privateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_private_resource"
}

func (r *privateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = resourceSchema()
}

func (r *privateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ProviderDataFrom(req.ProviderData, &resp.Diagnostics)
}

// children is what the resource wants on the controller.
func children(op *framework.Op, m *model, interceptType, hostType string) []composite.Child {
	name := m.Name.ValueString()
	ports := int64s(op, m.Ports)
	protos := framework.StringsFromSet(op, m.Protocols)
	intercept := ziticonfig.InterceptV1{Protocols: protos, Addresses: []string{m.Address.ValueString()}, PortRanges: ziticonfig.RangesForPorts(ports)}
	target := m.TargetAddress.ValueString()
	host := ziticonfig.HostV1{Address: &target}
	if len(protos) == 1 {
		host.Protocol = &protos[0]
	} else {
		host.ForwardProtocol, host.AllowedProtocols = true, protos
	}
	if m.TargetPort.IsNull() {
		host.ForwardPort, host.AllowedPortRanges = true, ziticonfig.RangesForPorts(ports)
	} else {
		p := m.TargetPort.ValueInt64()
		host.Port = &p
	}
	out := []composite.Child{
		{Key: keyIntercept, Name: name + "-intercept", ConfigTypeID: interceptType, Data: intercept},
		{Key: keyHost, Name: name + "-host", ConfigTypeID: hostType, Data: host},
		{Key: keyService, Name: name, ConfigKeys: []string{keyIntercept, keyHost}},
		{Key: keyDial, Name: name + "-dial", PolicyType: rest_model.DialBindDial, ServiceKeys: []string{keyService},
			IdentityRoles:     composite.Roles{Attr: "dial_roles", Kind: framework.IdentityRoles, Set: m.DialRoles},
			PostureCheckRoles: composite.Roles{Attr: "posture_check_roles", Kind: framework.PostureCheckRoles, Set: m.PostureCheckRoles}},
		{Key: keyBind, Name: name + "-bind", PolicyType: rest_model.DialBindBind, ServiceKeys: []string{keyService},
			IdentityRoles: composite.Roles{Attr: "host_roles", Kind: framework.IdentityRoles, Set: m.HostRoles}},
	}
	if !m.EdgeRouterRoles.IsNull() {
		out = append(out, composite.Child{Key: keyRouters, Name: name + "-routers", ServiceKeys: []string{keyService},
			EdgeRouterRoles: composite.Roles{Attr: "edge_router_roles", Kind: framework.EdgeRouterRoles, Set: m.EdgeRouterRoles}})
	}
	return out
}

// idFields maps child keys to the model's id attributes.
func idFields(m *model) map[string]*types.String {
	return map[string]*types.String{keyIntercept: &m.InterceptConfigID, keyHost: &m.HostConfigID, keyService: &m.ServiceID,
		keyDial: &m.DialPolicyID, keyBind: &m.BindPolicyID, keyRouters: &m.ServiceEdgeRouterPolicyID}
}

func idsOf(m *model) composite.IDs {
	ids := composite.IDs{}
	for key, f := range idFields(m) {
		if !f.IsNull() && !f.IsUnknown() && f.ValueString() != "" {
			ids[key] = f.ValueString()
		}
	}
	return ids
}

func setIDs(m *model, ids composite.IDs) {
	for key, f := range idFields(m) {
		if id, ok := ids[key]; ok {
			*f = types.StringValue(id)
		} else {
			*f = types.StringNull()
		}
	}
	m.ID = m.ServiceID
}

func (r *privateResource) write(op *framework.Op, m *model) {
	interceptType, ok := framework.ResolveRef(op, framework.ConfigTypes, "address", ziticonfig.InterceptV1Type)
	if !ok {
		return
	}
	hostType, ok := framework.ResolveRef(op, framework.ConfigTypes, "target_address", ziticonfig.HostV1Type)
	if !ok {
		return
	}
	userTags := map[string]string{}
	op.Diags.Append(m.Tags.ElementsAs(op.Ctx, &userTags, false)...)
	ids := composite.Reconcile(op, children(op, m, interceptType, hostType), idsOf(m), composite.Tags(compositeKind, m.Name.ValueString(), userTags))
	setIDs(m, ids)
	m.InSync = types.BoolValue(!op.Failed())
}

func (r *privateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := &framework.Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	r.write(op, &plan)
	if op.Failed() && plan.ServiceID.IsNull() && len(idsOf(&plan)) > 0 {
		// Nothing usable was made: take back what was, so that a retry starts clean.
		composite.Destroy(&framework.Op{Ctx: ctx, Client: c, Diags: new(diag.Diagnostics)}, idsOf(&plan))
		return
	}
	if len(idsOf(&plan)) > 0 {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	}
}

func (r *privateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	for key, f := range idFields(&plan) {
		*f = *idFields(&state)[key]
	}
	op := &framework.Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	r.write(op, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if !op.Failed() {
		r.data.AfterAccessChange(ctx, &resp.Diagnostics)
	}
}

func (r *privateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	composite.Destroy(&framework.Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}, idsOf(&state))
	if !resp.Diagnostics.HasError() {
		r.data.AfterAccessChange(ctx, &resp.Diagnostics)
	}
}

// ModifyPlan: an apply after drift re-creates owned entities, whose ids are then new.
func (r *privateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan model
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.InSync = types.BoolValue(true)
	if !state.InSync.ValueBool() {
		for _, f := range idFields(&plan) {
			*f = types.StringUnknown()
		}
		plan.ID = types.StringUnknown()
	}
	if plan.EdgeRouterRoles.IsNull() != state.EdgeRouterRoles.IsNull() {
		plan.ServiceEdgeRouterPolicyID = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *privateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state model
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := &framework.Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	found := readChildren(op, idsOf(&state))
	if op.Failed() {
		return
	}
	if found.service == nil && found.intercept == nil && found.host == nil && found.dial == nil && found.bind == nil {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The private resource %s is gone", state.Name.ValueString()),
			"Every entity it owned was deleted outside Terraform; it is removed from the state and the plan will create it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	missing := found.apply(op, &state)
	state.InSync = types.BoolValue(len(missing) == 0)
	if len(missing) > 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("The private resource %s lost owned entities", state.Name.ValueString()),
			fmt.Sprintf("Deleted outside Terraform: %s. The next apply re-creates them.", strings.Join(missing, ", ")))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// ImportState accepts the service id, or name:<name>.
func (r *privateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	c := r.data.Require(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	op := &framework.Op{Ctx: ctx, Client: c, Diags: &resp.Diagnostics}
	name, byName := strings.CutPrefix(req.ID, "name:")
	if !byName {
		svc, err := client.Services.Get(ctx, c, req.ID)
		if err != nil {
			framework.AddAPIError(op.Diags, "import", "private resource", err)
			return
		}
		if svc.Tags == nil || svc.Tags.SubTags["ziti-composite"] != compositeKind {
			resp.Diagnostics.AddError("Not a private resource", fmt.Sprintf("service %s was not made by ziti_private_resource (it has no ziti-composite = %s tag)", req.ID, compositeKind))
			return
		}
		name = deref(svc.Name)
	}
	ids := findOwned(op, name)
	if op.Failed() {
		return
	}
	if ids[keyService] == "" {
		resp.Diagnostics.AddError("No such private resource", fmt.Sprintf("no service named %q is tagged ziti-composite = %s", name, compositeKind))
		return
	}
	m := model{Name: types.StringValue(name)}
	setIDs(&m, ids)
	for attr, v := range map[string]attr.Value{"id": m.ID, "name": m.Name, "service_id": m.ServiceID, "intercept_config_id": m.InterceptConfigID,
		"host_config_id": m.HostConfigID, "dial_policy_id": m.DialPolicyID, "bind_policy_id": m.BindPolicyID, "service_edge_router_policy_id": m.ServiceEdgeRouterPolicyID} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
}

// findOwned finds the entities a private resource named name owns, by their tags and names.
func findOwned(op *framework.Op, name string) composite.IDs {
	filter := fmt.Sprintf(`tags.ziti-composite = %s and tags.ziti-composite-name = %s`, framework.QuoteZitiQL(compositeKind), framework.QuoteZitiQL(name))
	ids := composite.IDs{}
	configs, err := client.Configs.List(op.Ctx, op.Client, filter)
	if err != nil {
		framework.AddAPIError(op.Diags, "list", "config", err)
		return ids
	}
	for _, c := range configs {
		switch deref(c.Name) {
		case name + "-intercept":
			ids[keyIntercept] = deref(c.ID)
		case name + "-host":
			ids[keyHost] = deref(c.ID)
		}
	}
	if svcs, err := client.Services.List(op.Ctx, op.Client, filter); err == nil && len(svcs) == 1 {
		ids[keyService] = deref(svcs[0].ID)
	}
	if pols, err := client.ServicePolicies.List(op.Ctx, op.Client, filter); err == nil {
		for _, p := range pols {
			if p.Type != nil && *p.Type == rest_model.DialBindDial {
				ids[keyDial] = deref(p.ID)
			} else {
				ids[keyBind] = deref(p.ID)
			}
		}
	}
	if serps, err := client.ServiceEdgeRouterPolicies.List(op.Ctx, op.Client, filter); err == nil && len(serps) == 1 {
		ids[keyRouters] = deref(serps[0].ID)
	}
	return ids
}

func int64s(op *framework.Op, s types.Set) []int64 {
	var out []int64
	if !s.IsNull() && !s.IsUnknown() {
		op.Diags.Append(s.ElementsAs(op.Ctx, &out, false)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
