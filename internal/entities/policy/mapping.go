package policy

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// ServicePolicy describes ziti_service_policy.
var ServicePolicy = &framework.Entity[servicePolicyModel, *rest_model.ServicePolicyCreate, *rest_model.ServicePolicyUpdate, *rest_model.ServicePolicyDetail]{
	TypeName: "service_policy", Plural: "service_policies", Kind: "service policy",
	Description: "A service policy grants identities a service: `Dial` lets them connect to it (an agent reaching `llm-proxy`), " +
		"`Bind` lets them host it (the connector or router in front of the real server). Nothing on the overlay is reachable " +
		"without a Dial grant, and deleting the policy takes the access away for new connections.",
	API:        client.ServicePolicies,
	Attributes: servicePolicyAttributes(),
	// Narrowing or deleting a service policy revokes access: open connections are closed.
	AccessBearing: true,
	Mapping:       servicePolicy{},
}

// EdgeRouterPolicy describes ziti_edge_router_policy.
var EdgeRouterPolicy = &framework.Entity[edgeRouterPolicyModel, *rest_model.EdgeRouterPolicyCreate, *rest_model.EdgeRouterPolicyUpdate, *rest_model.EdgeRouterPolicyDetail]{
	TypeName: "edge_router_policy", Plural: "edge_router_policies", Kind: "edge router policy",
	Description: "An edge router policy lets identities connect to the overlay through edge routers. An agent needs one (besides its " +
		"Dial grant) to reach any service; the quickstart's `all-endpoints-public-routers` policy gives every identity the `#public` routers.",
	API:        client.EdgeRouterPolicies,
	Attributes: edgeRouterPolicyAttributes(),
	Mapping:    edgeRouterPolicy{},
}

// ServiceEdgeRouterPolicy describes ziti_service_edge_router_policy.
var ServiceEdgeRouterPolicy = &framework.Entity[serviceEdgeRouterPolicyModel, *rest_model.ServiceEdgeRouterPolicyCreate, *rest_model.ServiceEdgeRouterPolicyUpdate, *rest_model.ServiceEdgeRouterPolicyDetail]{
	TypeName: "service_edge_router_policy", Plural: "service_edge_router_policies", Kind: "service edge router policy",
	Description: "A service edge router policy lets edge routers carry services: a connection to a service only goes through routers " +
		"both the dialing identity (edge router policy) and the service (this policy) may use. The quickstart's " +
		"`all-routers-all-services` policy (`#all`/`#all`) already lets every router carry every service.",
	API:        client.ServiceEdgeRouterPolicies,
	Attributes: serviceEdgeRouterPolicyAttributes(),
	Mapping:    serviceEdgeRouterPolicy{},
}

func (c *common) semantic() *rest_model.Semantic {
	s := rest_model.Semantic(c.Semantic.ValueString())
	return &s
}

// setFromAPI writes what the controller holds of the part every policy has.
func (c *common) setFromAPI(op *framework.Op, base *rest_model.BaseEntity, name *string, semantic *rest_model.Semantic) {
	c.SetFromAPI(op, base.ID, name, base.Tags)
	c.Semantic = types.StringValue(string(framework.Deref(semantic)))
}

// servicePolicy maps ziti_service_policy. Its role sets are resolved from "@name" to "@id"
// here (framework.ResolveRoles) and read back keeping the user's spelling (RolesFromAPI).
type servicePolicy struct{}

func (x servicePolicy) ToCreate(op *framework.Op, m *servicePolicyModel) *rest_model.ServicePolicyCreate {
	c := rest_model.ServicePolicyCreate(*x.ToUpdate(op, m))
	return &c
}

func (servicePolicy) ToUpdate(op *framework.Op, m *servicePolicyModel) *rest_model.ServicePolicyUpdate {
	typ := rest_model.DialBind(m.Type.ValueString())
	return &rest_model.ServicePolicyUpdate{
		Name: m.Name.ValueStringPointer(), Semantic: m.semantic(), Tags: framework.TagsToAPI(op, m.Tags), Type: &typ,
		IdentityRoles:     framework.ResolveRoles(op, framework.IdentityRoles, "identity_roles", m.IdentityRoles),
		ServiceRoles:      framework.ResolveRoles(op, framework.ServiceRoles, "service_roles", m.ServiceRoles),
		PostureCheckRoles: framework.ResolveRoles(op, framework.PostureCheckRoles, "posture_check_roles", m.PostureCheckRoles),
	}
}

func (servicePolicy) FromDetail(op *framework.Op, d *rest_model.ServicePolicyDetail, m *servicePolicyModel) {
	m.setFromAPI(op, &d.BaseEntity, d.Name, d.Semantic)
	m.Type = types.StringValue(string(framework.Deref(d.Type)))
	m.IdentityRoles = framework.RolesFromAPI(op, d.IdentityRoles, d.IdentityRolesDisplay, m.IdentityRoles)
	m.ServiceRoles = framework.RolesFromAPI(op, d.ServiceRoles, d.ServiceRolesDisplay, m.ServiceRoles)
	m.PostureCheckRoles = framework.RolesFromAPI(op, d.PostureCheckRoles, d.PostureCheckRolesDisplay, m.PostureCheckRoles)
}

// edgeRouterPolicy maps ziti_edge_router_policy.
type edgeRouterPolicy struct{}

func (x edgeRouterPolicy) ToCreate(op *framework.Op, m *edgeRouterPolicyModel) *rest_model.EdgeRouterPolicyCreate {
	c := rest_model.EdgeRouterPolicyCreate(*x.ToUpdate(op, m))
	return &c
}

func (edgeRouterPolicy) ToUpdate(op *framework.Op, m *edgeRouterPolicyModel) *rest_model.EdgeRouterPolicyUpdate {
	return &rest_model.EdgeRouterPolicyUpdate{
		Name: m.Name.ValueStringPointer(), Semantic: m.semantic(), Tags: framework.TagsToAPI(op, m.Tags),
		IdentityRoles:   framework.ResolveRoles(op, framework.IdentityRoles, "identity_roles", m.IdentityRoles),
		EdgeRouterRoles: framework.ResolveRoles(op, framework.EdgeRouterRoles, "edge_router_roles", m.EdgeRouterRoles),
	}
}

func (edgeRouterPolicy) FromDetail(op *framework.Op, d *rest_model.EdgeRouterPolicyDetail, m *edgeRouterPolicyModel) {
	m.setFromAPI(op, &d.BaseEntity, d.Name, d.Semantic)
	m.IdentityRoles = framework.RolesFromAPI(op, d.IdentityRoles, d.IdentityRolesDisplay, m.IdentityRoles)
	m.EdgeRouterRoles = framework.RolesFromAPI(op, d.EdgeRouterRoles, d.EdgeRouterRolesDisplay, m.EdgeRouterRoles)
}

// serviceEdgeRouterPolicy maps ziti_service_edge_router_policy.
type serviceEdgeRouterPolicy struct{}

func (x serviceEdgeRouterPolicy) ToCreate(op *framework.Op, m *serviceEdgeRouterPolicyModel) *rest_model.ServiceEdgeRouterPolicyCreate {
	c := rest_model.ServiceEdgeRouterPolicyCreate(*x.ToUpdate(op, m))
	return &c
}

func (serviceEdgeRouterPolicy) ToUpdate(op *framework.Op, m *serviceEdgeRouterPolicyModel) *rest_model.ServiceEdgeRouterPolicyUpdate {
	return &rest_model.ServiceEdgeRouterPolicyUpdate{
		Name: m.Name.ValueStringPointer(), Semantic: m.semantic(), Tags: framework.TagsToAPI(op, m.Tags),
		ServiceRoles:    framework.ResolveRoles(op, framework.ServiceRoles, "service_roles", m.ServiceRoles),
		EdgeRouterRoles: framework.ResolveRoles(op, framework.EdgeRouterRoles, "edge_router_roles", m.EdgeRouterRoles),
	}
}

func (serviceEdgeRouterPolicy) FromDetail(op *framework.Op, d *rest_model.ServiceEdgeRouterPolicyDetail, m *serviceEdgeRouterPolicyModel) {
	m.setFromAPI(op, &d.BaseEntity, d.Name, d.Semantic)
	m.ServiceRoles = framework.RolesFromAPI(op, d.ServiceRoles, d.ServiceRolesDisplay, m.ServiceRoles)
	m.EdgeRouterRoles = framework.RolesFromAPI(op, d.EdgeRouterRoles, d.EdgeRouterRolesDisplay, m.EdgeRouterRoles)
}
