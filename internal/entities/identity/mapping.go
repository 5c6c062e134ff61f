package identity

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes identities to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.IdentityCreate, *rest_model.IdentityUpdate, *rest_model.IdentityDetail]{
	TypeName: "identity",
	Plural:   "identities",
	Kind:     "identity",
	Description: "An identity on the OpenZiti overlay: an AI agent pod, a workload, a connector or a person, authenticated by a certificate " +
		"(or password, or external JWT). Policies grant identities access to services by `@name` or by role attributes (`#agents`). " +
		"An identity can reach nothing until a Dial policy grants it a service.",
	API: client.Identities,
	// Role attributes decide which policies select the identity: changing them can revoke.
	AccessBearing: true,
	Attributes:    attributes(),
	Blocks:        blocks(),
	Fields:        map[string]string{"authPolicyId": "auth_policy"},
	ResourceOnly:  []string{"enrollment_jwt_in_state"},
	Mapping:       mapping{},
}

// mapping converts between ziti_identity's model and the API's identity. Its ModifyPlan and
// AfterUpdate re-issue an expired, unused enrollment token in place (enrollment.go), and
// AfterCreate/AfterUpdate throw the kill switch (killswitch.go).
type mapping struct{}

func (mapping) ModifyPlan(op *framework.Op, state, plan *model) {
	planTokenInState(state, plan)
	reissueExpiredEnrollment(op, state, plan)
}

func (mapping) AfterCreate(op *framework.Op, id string, plan *model) {
	applyKillSwitch(op, id, nil, plan)
}

func (mapping) AfterUpdate(op *framework.Op, state, plan *model) {
	refreshEnrollment(op, state, plan)
	if !op.Failed() {
		applyKillSwitch(op, state.ID.ValueString(), state, plan)
	}
}

// ValidateConfig checks that the enrollment block's fields fit its method, and that
// disabled_until comes with disabled = true.
func (mapping) ValidateConfig(_ context.Context, m *model, diags *diag.Diagnostics) {
	if !m.DisabledUntil.IsNull() && !m.Disabled.IsUnknown() && !m.Disabled.ValueBool() {
		diags.AddAttributeError(path.Root("disabled_until"), "disabled_until without disabled",
			"disabled_until says when a disabled identity is enabled again: set disabled = true as well, or remove disabled_until.")
	}
	e := m.Enrollment
	if e == nil || e.Method.IsUnknown() {
		return
	}
	method := e.effectiveMethod()
	blockPath := path.Root("enrollment")
	switch {
	case method == methodOTTCA && e.CA.IsNull():
		diags.AddAttributeError(blockPath.AtName("ca"), "Missing ca", "method \"ottca\" needs the certificate authority (id or name) in ca")
	case method != methodOTTCA && !e.CA.IsNull():
		diags.AddAttributeError(blockPath.AtName("ca"), "ca without ottca", "ca is only used with method \"ottca\"; remove it or set method = \"ottca\"")
	}
	switch {
	case method == methodUPDB && e.Username.IsNull():
		diags.AddAttributeError(blockPath.AtName("username"), "Missing username", "method \"updb\" needs the username to enroll with")
	case method != methodUPDB && !e.Username.IsNull():
		diags.AddAttributeError(blockPath.AtName("username"), "username without updb", "username is only used with method \"updb\"; remove it or set method = \"updb\"")
	}
}

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.IdentityCreate {
	u := x.ToUpdate(op, m)
	body := &rest_model.IdentityCreate{
		Name: u.Name, Type: u.Type, IsAdmin: u.IsAdmin, RoleAttributes: u.RoleAttributes, AuthPolicyID: u.AuthPolicyID,
		ExternalID: u.ExternalID, DefaultHostingCost: u.DefaultHostingCost, DefaultHostingPrecedence: u.DefaultHostingPrecedence,
		ServiceHostingCosts: u.ServiceHostingCosts, ServiceHostingPrecedences: u.ServiceHostingPrecedences, AppData: u.AppData, Tags: u.Tags,
	}
	switch m.Enrollment.effectiveMethod() {
	case methodOTT:
		body.Enrollment = &rest_model.IdentityCreateEnrollment{Ott: true}
	case methodOTTCA:
		if id, ok := framework.ResolveRef(op, framework.CertificateAuths, "enrollment", m.Enrollment.CA.ValueString()); ok {
			body.Enrollment = &rest_model.IdentityCreateEnrollment{Ottca: id}
		}
	case methodUPDB:
		body.Enrollment = &rest_model.IdentityCreateEnrollment{Updb: m.Enrollment.Username.ValueString()}
	}
	return body
}

func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.IdentityUpdate {
	typ := rest_model.IdentityTypeDefault
	attrs := rest_model.Attributes(framework.StringsFromSet(op, m.RoleAttributes))
	if attrs == nil {
		attrs = rest_model.Attributes{}
	}
	cost := rest_model.TerminatorCost(m.DefaultHostingCost.ValueInt64())
	body := &rest_model.IdentityUpdate{
		Name:                      m.Name.ValueStringPointer(),
		Type:                      &typ,
		IsAdmin:                   m.IsAdmin.ValueBoolPointer(),
		RoleAttributes:            &attrs,
		DefaultHostingCost:        &cost,
		DefaultHostingPrecedence:  rest_model.TerminatorPrecedence(m.DefaultHostingPrecedence.ValueString()),
		AppData:                   framework.AppDataToAPI(op, m.AppData),
		Tags:                      framework.TagsToAPI(op, m.Tags),
		ServiceHostingCosts:       rest_model.TerminatorCostMap{},
		ServiceHostingPrecedences: rest_model.TerminatorPrecedenceMap{},
	}
	if !m.ExternalID.IsNull() {
		body.ExternalID = m.ExternalID.ValueStringPointer()
	}
	if id, ok := framework.ResolveRef(op, framework.AuthPolicies, "auth_policy", m.AuthPolicy.ValueString()); ok {
		body.AuthPolicyID = &id
	}
	costs := map[string]int64{}
	op.Diags.Append(m.ServiceHostingCosts.ElementsAs(op.Ctx, &costs, false)...)
	for svc, c := range costs {
		if id, ok := framework.ResolveRef(op, framework.ServiceRoles, "service_hosting_costs", svc); ok {
			v := rest_model.TerminatorCost(c)
			body.ServiceHostingCosts[id] = &v
		}
	}
	precs := map[string]string{}
	op.Diags.Append(m.ServiceHostingPrecedences.ElementsAs(op.Ctx, &precs, false)...)
	for svc, p := range precs {
		if id, ok := framework.ResolveRef(op, framework.ServiceRoles, "service_hosting_precedences", svc); ok {
			body.ServiceHostingPrecedences[id] = rest_model.TerminatorPrecedence(p)
		}
	}
	return body
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.IdentityDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	var attrs []string
	if d.RoleAttributes != nil {
		attrs = *d.RoleAttributes
	}
	m.RoleAttributes = framework.SetFromStrings(op, attrs)
	m.IsAdmin = types.BoolValue(framework.Deref(d.IsAdmin))
	policyName := ""
	if d.AuthPolicy != nil {
		policyName = d.AuthPolicy.Name
	}
	m.AuthPolicy = framework.RefFromAPI(framework.Deref(d.AuthPolicyID), policyName, m.AuthPolicy)
	if ext := framework.Deref(d.ExternalID); ext != "" || !m.ExternalID.IsNull() {
		m.ExternalID = types.StringValue(ext)
	}
	m.DefaultHostingCost = types.Int64Value(int64(framework.Deref(d.DefaultHostingCost)))
	prec := string(d.DefaultHostingPrecedence)
	if prec == "" {
		prec = "default"
	}
	m.DefaultHostingPrecedence = types.StringValue(prec)
	costs := map[string]attr.Value{}
	for id, c := range d.ServiceHostingCosts {
		costs[id] = types.Int64Value(int64(framework.Deref(c)))
	}
	m.ServiceHostingCosts = serviceKeyedMap(op, types.Int64Type, costs, m.ServiceHostingCosts)
	precs := map[string]attr.Value{}
	for id, p := range d.ServiceHostingPrecedences {
		precs[id] = types.StringValue(string(p))
	}
	m.ServiceHostingPrecedences = serviceKeyedMap(op, types.StringType, precs, m.ServiceHostingPrecedences)
	m.AppData = framework.AppDataFromAPI(op, d.AppData, m.AppData)
	readEnrollment(d, m)
	readKillSwitch(d, m)
}

// serviceKeyedMap turns a map keyed by service id into state, keyed the way the user wrote it
// (service name or id). Names are looked up (one request) only when the user used names.
func serviceKeyedMap(op *framework.Op, elem attr.Type, byID map[string]attr.Value, prior types.Map) types.Map {
	if len(byID) == 0 && prior.IsNull() {
		return types.MapNull(elem)
	}
	priorKeys := prior.Elements()
	var unknown []string
	for id := range byID {
		if _, ok := priorKeys[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	out := make(map[string]attr.Value, len(byID))
	names := map[string]string{}
	if len(unknown) > 0 && len(priorKeys) > 0 {
		names = framework.NamesByID(op, framework.ServiceRoles, unknown)
	}
	for id, v := range byID {
		key := id
		if n, ok := names[id]; ok {
			if _, usedName := priorKeys[n]; usedName {
				key = n
			}
		}
		out[key] = v
	}
	m, diags := types.MapValue(elem, out)
	op.Diags.Append(diags...)
	return m
}
