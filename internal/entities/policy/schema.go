package policy

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// common is the part of the state every policy has; each policy's model embeds it.
type common struct {
	framework.Base
	Semantic types.String `tfsdk:"semantic"`
}

type servicePolicyModel struct {
	common
	Type              types.String `tfsdk:"type"`
	IdentityRoles     types.Set    `tfsdk:"identity_roles"`
	ServiceRoles      types.Set    `tfsdk:"service_roles"`
	PostureCheckRoles types.Set    `tfsdk:"posture_check_roles"`

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}

type edgeRouterPolicyModel struct {
	common
	IdentityRoles   types.Set `tfsdk:"identity_roles"`
	EdgeRouterRoles types.Set `tfsdk:"edge_router_roles"`
}

type serviceEdgeRouterPolicyModel struct {
	common
	ServiceRoles    types.Set `tfsdk:"service_roles"`
	EdgeRouterRoles types.Set `tfsdk:"edge_router_roles"`
}

var semantics = []string{string(rest_model.SemanticAnyOf), string(rest_model.SemanticAllOf)}

var policyTypes = []string{string(rest_model.DialBindDial), string(rest_model.DialBindBind)}

// policyAttributes are a policy's attributes: the name, semantic and tags every policy has,
// and its own (role sets, type).
func policyAttributes(kind string, own map[string]schema.Attribute) map[string]schema.Attribute {
	own["semantic"] = schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(semantics[0]),
		MarkdownDescription: "How the selectors within each role set combine: " + framework.QuotedList(semantics) +
			". `AnyOf` selects what matches any selector, `AllOf` only what matches all of them (e.g. both `#agents` and `#prod`). Default `AnyOf`.",
		Validators: []validator.String{stringvalidator.OneOf(semantics...)}}
	return framework.WithBaseAttributes("Unique name of the "+kind+".", own)
}

func servicePolicyAttributes() map[string]schema.Attribute {
	return policyAttributes("service policy", map[string]schema.Attribute{
		"type": schema.StringAttribute{Required: true,
			MarkdownDescription: "What the policy grants: " + framework.QuotedList(policyTypes) + ". `Dial` connects to the services, `Bind` hosts them. " +
				"Changing it updates the policy in place, unless `posture_check_roles` is set: then the policy is replaced.",
			Validators:    []validator.String{stringvalidator.OneOf(policyTypes...)},
			PlanModifiers: []planmodifier.String{replaceTypeChangeWithPostureChecks()}},
		"identity_roles":      framework.RolesAttribute(framework.IdentityRoles, "The identities granted the services."),
		"service_roles":       framework.RolesAttribute(framework.ServiceRoles, "The services granted."),
		"posture_check_roles": framework.RolesAttribute(framework.PostureCheckRoles, "The posture checks an identity must pass for the grant to apply (empty: none)."),
	})
}

func edgeRouterPolicyAttributes() map[string]schema.Attribute {
	return policyAttributes("edge router policy", map[string]schema.Attribute{
		"identity_roles":    framework.RolesAttribute(framework.IdentityRoles, "The identities that may connect through the edge routers."),
		"edge_router_roles": framework.RolesAttribute(framework.EdgeRouterRoles, "The edge routers the identities may connect through."),
	})
}

func serviceEdgeRouterPolicyAttributes() map[string]schema.Attribute {
	return policyAttributes("service edge router policy", map[string]schema.Attribute{
		"service_roles":     framework.RolesAttribute(framework.ServiceRoles, "The services the edge routers may carry."),
		"edge_router_roles": framework.RolesAttribute(framework.EdgeRouterRoles, "The edge routers that may carry the services."),
	})
}

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
