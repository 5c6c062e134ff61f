package edgerouter

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes edge routers to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.EdgeRouterCreate, *rest_model.EdgeRouterUpdate, *rest_model.EdgeRouterDetail]{
	TypeName:     "edge_router",
	Plural:       "edge_routers",
	Kind:         "edge router",
	Description:  description,
	API:          client.EdgeRouters,
	Attributes:   attributes(),
	ResourceOnly: []string{"enrollment_jwt_in_state"},
	Mapping:      mapping{},
}

// mapping converts between ziti_edge_router's model and the API's edge router.
type mapping struct{}

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.EdgeRouterCreate {
	u := x.ToUpdate(op, m)
	return &rest_model.EdgeRouterCreate{
		Name: u.Name, RoleAttributes: u.RoleAttributes, IsTunnelerEnabled: u.IsTunnelerEnabled, Cost: u.Cost,
		NoTraversal: u.NoTraversal, Disabled: u.Disabled, AppData: u.AppData, Tags: u.Tags,
	}
}

// ModifyPlan plans enrollment_jwt null when it is not kept in the state, and checks the
// tunneler identity's name.
func (mapping) ModifyPlan(op *framework.Op, state, plan *model) {
	plan.PlanKept()
	checkTunnelerName(op, state, plan)
}

// checkTunnelerName refuses, at plan time, an update that would give the router's tunneler
// identity a name another identity has (switching the tunneler on, or renaming a tunneler
// router). The controller rejects a create with a clear 400 on name, but answers such an
// update with an unattributed 500.
func checkTunnelerName(op *framework.Op, state, plan *model) {
	if op.Client == nil || !plan.IsTunnelerEnabled.ValueBool() || plan.Name.IsUnknown() {
		return
	}
	attr := path.Root("name")
	switch {
	case !state.IsTunnelerEnabled.ValueBool():
		attr = path.Root("is_tunneler_enabled")
	case plan.Name.Equal(state.Name):
		return
	}
	name := plan.Name.ValueString()
	found, err := client.Identities.List(op.Ctx, op.Client, framework.NameFilter(name))
	if err != nil {
		op.Diags.AddAttributeError(attr, "Cannot check the tunneler identity's name", err.Error())
		return
	}
	for _, ident := range found {
		// The router's own identity has the router's id.
		if id := types.StringPointerValue(ident.ID).ValueString(); id != state.ID.ValueString() {
			op.Diags.AddAttributeError(attr, "The router's tunneler identity would clash with an identity",
				fmt.Sprintf("A tunneler-enabled router gets an identity named like the router, but the identity %s is already named %q. "+
					"Rename that identity or choose another router name, or leave the tunneler off.", id, name))
		}
	}
}

// ToUpdate builds the PUT body. A PUT replaces the whole router, so every field is sent;
// isTunnelerEnabled is a plain bool with omitempty in edge-api, which is fine: omitted means
// false on a PUT.
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.EdgeRouterUpdate {
	attrs := rest_model.Attributes(framework.StringsFromSet(op, m.RoleAttributes))
	if attrs == nil {
		attrs = rest_model.Attributes{}
	}
	return &rest_model.EdgeRouterUpdate{
		Name:              m.Name.ValueStringPointer(),
		RoleAttributes:    &attrs,
		IsTunnelerEnabled: m.IsTunnelerEnabled.ValueBool(),
		Cost:              m.Cost.ValueInt64Pointer(),
		NoTraversal:       m.NoTraversal.ValueBoolPointer(),
		Disabled:          m.Disabled.ValueBoolPointer(),
		AppData:           framework.AppDataToAPI(op, m.AppData),
		Tags:              framework.TagsToAPI(op, m.Tags),
	}
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.EdgeRouterDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	var attrs []string
	if d.RoleAttributes != nil {
		attrs = *d.RoleAttributes
	}
	m.RoleAttributes = framework.SetFromStrings(op, attrs)
	m.IsTunnelerEnabled = types.BoolValue(d.IsTunnelerEnabled != nil && *d.IsTunnelerEnabled)
	m.Cost = types.Int64PointerValue(d.Cost)
	m.NoTraversal = types.BoolValue(d.NoTraversal != nil && *d.NoTraversal)
	m.Disabled = types.BoolValue(d.Disabled != nil && *d.Disabled)
	m.AppData = framework.AppDataFromAPI(op, d.AppData, m.AppData)

	m.Token.Read(framework.Deref(d.EnrollmentJWT), (*time.Time)(d.EnrollmentExpiresAt))
	m.IsVerified = types.BoolValue(d.IsVerified != nil && *d.IsVerified)
	m.IsOnline = types.BoolValue(d.IsOnline != nil && *d.IsOnline)
	m.Fingerprint = types.StringNull()
	if d.Fingerprint != "" {
		m.Fingerprint = types.StringValue(d.Fingerprint)
	}
}
