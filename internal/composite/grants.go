package composite

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// The keys of the grant children every composite owns.
var (
	KeyDial    = Key(KindServicePolicy, "dial")
	KeyBind    = Key(KindServicePolicy, "bind")
	KeyRouters = Key(KindRouterPolicy, "routers")
)

// Grants is the part of a composite's model that says how its services are granted besides
// who dials and who hosts them (each composite names those attributes its own way): the
// posture checks the Dial policy requires, and the edge routers of its optional service edge
// router policy. Its methods build, key and read back the grant children, the same for every
// composite.
type Grants struct {
	PostureCheckRoles types.Set `tfsdk:"posture_check_roles"`
	EdgeRouterRoles   types.Set `tfsdk:"edge_router_roles"`
}

// GrantChildren are the Dial and Bind service policies (name-dial, name-bind) of services, for
// the identities dialers and hosts select, and the service edge router policy (name-routers)
// when edge_router_roles is set.
func (g *Grants) GrantChildren(name string, services []string, dialers, hosts Roles) []Child {
	out := []Child{
		{Key: KeyDial, Name: name + "-dial", PolicyType: rest_model.DialBindDial, ServiceKeys: services, IdentityRoles: dialers,
			PostureCheckRoles: Roles{Attr: "posture_check_roles", Kind: framework.PostureCheckRoles, Set: g.PostureCheckRoles}},
		{Key: KeyBind, Name: name + "-bind", PolicyType: rest_model.DialBindBind, ServiceKeys: services, IdentityRoles: hosts},
	}
	if !g.EdgeRouterRoles.IsNull() {
		out = append(out, Child{Key: KeyRouters, Name: name + "-routers", ServiceKeys: services,
			EdgeRouterRoles: Roles{Attr: "edge_router_roles", Kind: framework.EdgeRouterRoles, Set: g.EdgeRouterRoles}})
	}
	return out
}

// GrantKeys are the keys of the children GrantChildren makes.
func (g *Grants) GrantKeys() []string {
	if g.EdgeRouterRoles.IsNull() {
		return []string{KeyDial, KeyBind}
	}
	return []string{KeyDial, KeyBind, KeyRouters}
}

// ReadGrants writes the grant policies the controller holds back into the model: the Dial
// policy's identity roles into dialers and its posture checks, the Bind policy's identity
// roles into hosts, the router policy's edge router roles. A policy that is gone leaves its
// attributes as they were (the apply re-creates it).
func (g *Grants) ReadGrants(op *framework.Op, s Snapshot, dialers, hosts *types.Set) {
	if p := s.Policies[KeyDial]; p != nil {
		*dialers = framework.RolesFromAPI(op, p.IdentityRoles, p.IdentityRolesDisplay, *dialers)
		g.PostureCheckRoles = framework.RolesFromAPI(op, p.PostureCheckRoles, p.PostureCheckRolesDisplay, g.PostureCheckRoles)
	}
	if p := s.Policies[KeyBind]; p != nil {
		*hosts = framework.RolesFromAPI(op, p.IdentityRoles, p.IdentityRolesDisplay, *hosts)
	}
	if p := s.RouterPolicies[KeyRouters]; p != nil {
		g.EdgeRouterRoles = framework.RolesFromAPI(op, p.EdgeRouterRoles, p.EdgeRouterRolesDisplay, g.EdgeRouterRoles)
	}
}
