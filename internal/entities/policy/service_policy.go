package policy

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

type servicePolicyModel struct {
	common
	Type              types.String `tfsdk:"type"`
	IdentityRoles     types.Set    `tfsdk:"identity_roles"`
	ServiceRoles      types.Set    `tfsdk:"service_roles"`
	PostureCheckRoles types.Set    `tfsdk:"posture_check_roles"`

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}

var policyTypes = []string{string(rest_model.DialBindDial), string(rest_model.DialBindBind)}

// ServicePolicy describes ziti_service_policy.
var ServicePolicy = newEntity(spec[servicePolicyModel, rest_model.ServicePolicyCreate, rest_model.ServicePolicyUpdate, rest_model.ServicePolicyDetail]{
	typeName: "service_policy", plural: "service_policies", kind: "service policy",
	description: "A service policy grants identities a service: `Dial` lets them connect to it (an agent reaching `llm-proxy`), " +
		"`Bind` lets them host it (the connector or router in front of the real server). Nothing on the overlay is reachable " +
		"without a Dial grant, and deleting the policy takes the access away for new connections.",
	api: client.ServicePolicies,
	// Narrowing or deleting a service policy revokes access: open connections are closed.
	accessBearing: true,
	common:        func(m *servicePolicyModel) *common { return &m.common },
	extra: map[string]schema.Attribute{
		"type": schema.StringAttribute{Required: true,
			MarkdownDescription: "What the policy grants: " + framework.QuotedList(policyTypes) + ". `Dial` connects to the services, `Bind` hosts them. " +
				"Changing it updates the policy in place, unless `posture_check_roles` is set: then the policy is replaced.",
			Validators:    []validator.String{stringvalidator.OneOf(policyTypes...)},
			PlanModifiers: []planmodifier.String{replaceTypeChangeWithPostureChecks()}},
	},
	roles: []roleSet[servicePolicyModel, *rest_model.ServicePolicyDetail]{
		{attr: "identity_roles", kind: framework.IdentityRoles, what: "The identities granted the services.",
			model: func(m *servicePolicyModel) *types.Set { return &m.IdentityRoles },
			detail: func(d *rest_model.ServicePolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.IdentityRoles, d.IdentityRolesDisplay
			}},
		{attr: "service_roles", kind: framework.ServiceRoles, what: "The services granted.",
			model: func(m *servicePolicyModel) *types.Set { return &m.ServiceRoles },
			detail: func(d *rest_model.ServicePolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.ServiceRoles, d.ServiceRolesDisplay
			}},
		{attr: "posture_check_roles", kind: framework.PostureCheckRoles, what: "The posture checks an identity must pass for the grant to apply (empty: none).",
			model: func(m *servicePolicyModel) *types.Set { return &m.PostureCheckRoles },
			detail: func(d *rest_model.ServicePolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.PostureCheckRoles, d.PostureCheckRolesDisplay
			}},
	},
	update: func(m *servicePolicyModel, b body) *rest_model.ServicePolicyUpdate {
		typ := rest_model.DialBind(m.Type.ValueString())
		return &rest_model.ServicePolicyUpdate{Name: b.name, Semantic: b.semantic, Tags: b.tags, Type: &typ,
			IdentityRoles: b.roles["identity_roles"], ServiceRoles: b.roles["service_roles"], PostureCheckRoles: b.roles["posture_check_roles"]}
	},
	create: func(u *rest_model.ServicePolicyUpdate) *rest_model.ServicePolicyCreate {
		c := rest_model.ServicePolicyCreate(*u)
		return &c
	},
	detail: func(d *rest_model.ServicePolicyDetail) (*rest_model.BaseEntity, *string, *rest_model.Semantic) {
		return &d.BaseEntity, d.Name, d.Semantic
	},
	fromDetail: func(d *rest_model.ServicePolicyDetail, m *servicePolicyModel) {
		m.Type = types.StringValue(string(framework.Deref(d.Type)))
	},
})

// replaceTypeChangeWithPostureChecks: the controller changes a policy's type on PUT, but a PUT
// that changes the type also clears postureCheckRoles (measured on v1.7.2; a PUT keeping the
// type keeps them). Updating in place would leave, at least for a moment, a Dial policy that
// grants without its posture checks; a replacement never does. Without posture checks the
// type changes in place.
func replaceTypeChangeWithPostureChecks() planmodifier.String {
	const why = "Replaces the policy when its type changes while posture_check_roles is set (the controller drops posture checks on a type change)."
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		var postureChecks types.Set
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("posture_check_roles"), &postureChecks)...)
		resp.RequiresReplace = postureChecks.IsUnknown() || len(postureChecks.Elements()) > 0
	}, why, why)
}
