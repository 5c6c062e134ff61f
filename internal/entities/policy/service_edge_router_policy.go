package policy

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

type serviceEdgeRouterPolicyModel struct {
	common
	ServiceRoles    types.Set `tfsdk:"service_roles"`
	EdgeRouterRoles types.Set `tfsdk:"edge_router_roles"`
}

// ServiceEdgeRouterPolicy describes ziti_service_edge_router_policy.
var ServiceEdgeRouterPolicy = newEntity(spec[serviceEdgeRouterPolicyModel, rest_model.ServiceEdgeRouterPolicyCreate, rest_model.ServiceEdgeRouterPolicyUpdate, rest_model.ServiceEdgeRouterPolicyDetail]{
	typeName: "service_edge_router_policy", plural: "service_edge_router_policies", kind: "service edge router policy",
	description: "A service edge router policy lets edge routers carry services: a connection to a service only goes through routers " +
		"both the dialing identity (edge router policy) and the service (this policy) may use. The quickstart's " +
		"`all-routers-all-services` policy (`#all`/`#all`) already lets every router carry every service.",
	api:    client.ServiceEdgeRouterPolicies,
	common: func(m *serviceEdgeRouterPolicyModel) *common { return &m.common },
	roles: []roleSet[serviceEdgeRouterPolicyModel, *rest_model.ServiceEdgeRouterPolicyDetail]{
		{attr: "service_roles", kind: framework.ServiceRoles, what: "The services the edge routers may carry.",
			model: func(m *serviceEdgeRouterPolicyModel) *types.Set { return &m.ServiceRoles },
			detail: func(d *rest_model.ServiceEdgeRouterPolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.ServiceRoles, d.ServiceRolesDisplay
			}},
		{attr: "edge_router_roles", kind: framework.EdgeRouterRoles, what: "The edge routers that may carry the services.",
			model: func(m *serviceEdgeRouterPolicyModel) *types.Set { return &m.EdgeRouterRoles },
			detail: func(d *rest_model.ServiceEdgeRouterPolicyDetail) (rest_model.Roles, rest_model.NamedRoles) {
				return d.EdgeRouterRoles, d.EdgeRouterRolesDisplay
			}},
	},
	update: func(_ *serviceEdgeRouterPolicyModel, b body) *rest_model.ServiceEdgeRouterPolicyUpdate {
		return &rest_model.ServiceEdgeRouterPolicyUpdate{Name: b.name, Semantic: b.semantic, Tags: b.tags,
			ServiceRoles: b.roles["service_roles"], EdgeRouterRoles: b.roles["edge_router_roles"]}
	},
	create: func(u *rest_model.ServiceEdgeRouterPolicyUpdate) *rest_model.ServiceEdgeRouterPolicyCreate {
		c := rest_model.ServiceEdgeRouterPolicyCreate(*u)
		return &c
	},
	detail: func(d *rest_model.ServiceEdgeRouterPolicyDetail) (*rest_model.BaseEntity, *string, *rest_model.Semantic) {
		return &d.BaseEntity, d.Name, d.Semantic
	},
})
