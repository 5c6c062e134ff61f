package policy

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

type edgeRouterPolicyModel struct {
	common
	IdentityRoles   types.Set `tfsdk:"identity_roles"`
	EdgeRouterRoles types.Set `tfsdk:"edge_router_roles"`
}

// EdgeRouterPolicy describes ziti_edge_router_policy.
var EdgeRouterPolicy = newEntity(spec[edgeRouterPolicyModel, rest_model.EdgeRouterPolicyCreate, rest_model.EdgeRouterPolicyUpdate, rest_model.EdgeRouterPolicyDetail]{
	typeName: "edge_router_policy", plural: "edge_router_policies", kind: "edge router policy",
	description: "An edge router policy lets identities connect to the overlay through edge routers. An agent needs one (besides its " +
		"Dial grant) to reach any service; the quickstart's `all-endpoints-public-routers` policy gives every identity the `#public` routers.",
	api:    client.EdgeRouterPolicies,
	common: func(m *edgeRouterPolicyModel) *common { return &m.common },
	roles: []roleSet[edgeRouterPolicyModel, *rest_model.EdgeRouterPolicyDetail]{
		{attr: "identity_roles", kind: framework.IdentityRoles, what: "The identities that may connect through the edge routers.",
			model: func(m *edgeRouterPolicyModel) *types.Set { return &m.IdentityRoles },
			detail: func(d *rest_model.EdgeRouterPolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.IdentityRoles, d.IdentityRolesDisplay
			}},
		{attr: "edge_router_roles", kind: framework.EdgeRouterRoles, what: "The edge routers the identities may connect through.",
			model: func(m *edgeRouterPolicyModel) *types.Set { return &m.EdgeRouterRoles },
			detail: func(d *rest_model.EdgeRouterPolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.EdgeRouterRoles, d.EdgeRouterRolesDisplay
			}},
	},
	update: func(_ *edgeRouterPolicyModel, b body) *rest_model.EdgeRouterPolicyUpdate {
		return &rest_model.EdgeRouterPolicyUpdate{Name: b.name, Semantic: b.semantic, Tags: b.tags,
			IdentityRoles: b.roles["identity_roles"], EdgeRouterRoles: b.roles["edge_router_roles"]}
	},
	create: func(u *rest_model.EdgeRouterPolicyUpdate) *rest_model.EdgeRouterPolicyCreate {
		c := rest_model.EdgeRouterPolicyCreate(*u)
		return &c
	},
	detail: func(d *rest_model.EdgeRouterPolicyDetail) (*rest_model.BaseEntity, *string, *rest_model.Semantic) {
		return &d.BaseEntity, d.Name, d.Semantic
	},
})
