package reach

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agentfence/terraform-provider-ziti/internal/entities/egressallowlist"
)

// UnknownIDsError lists the resources of a plan whose ids the controller does not know: the
// plan was made against another controller, or the entities were deleted since.
type UnknownIDsError struct{ Resources []string }

func (e *UnknownIDsError) Error() string {
	return fmt.Sprintf("the controller does not know the ids of %d resource(s) of the plan: %s. "+
		"The plan was made against another controller, or these entities were deleted since; run the plan again against this controller (same ZITI_API_URL)",
		len(e.Resources), strings.Join(e.Resources, ", "))
}

// kind is how one ziti_* resource type enters the model.
type kind struct {
	// exists reports whether the live network holds the entity a resource's state names.
	exists func(n *Network, before object) bool
	remove func(n *Network, before object)
	add    func(n *Network, rc ResourceChange)
}

var kinds = map[string]kind{
	"ziti_identity":                   {exists: idIn(func(n *Network) map[string]*Entity { return n.Identities }), remove: removeID(func(n *Network) map[string]*Entity { return n.Identities }), add: addIdentity},
	"ziti_edge_router":                {exists: idIn(func(n *Network) map[string]*Entity { return n.Routers }), remove: removeRouter, add: addRouter},
	"ziti_service":                    {exists: idIn(func(n *Network) map[string]*Service { return n.Services }), remove: removeID(func(n *Network) map[string]*Service { return n.Services }), add: addService},
	"ziti_intercept_v1_config":        {exists: idIn(func(n *Network) map[string]*Config { return n.Configs }), remove: removeID(func(n *Network) map[string]*Config { return n.Configs }), add: addInterceptConfig},
	"ziti_service_policy":             {exists: idIn(func(n *Network) map[string]*ServicePolicy { return n.ServicePolicies }), remove: removeID(func(n *Network) map[string]*ServicePolicy { return n.ServicePolicies }), add: addServicePolicy},
	"ziti_edge_router_policy":         {exists: idIn(func(n *Network) map[string]*RouterPolicy { return n.EdgeRouterPolicies }), remove: removeID(func(n *Network) map[string]*RouterPolicy { return n.EdgeRouterPolicies }), add: addRouterPolicy("identity_roles", false)},
	"ziti_service_edge_router_policy": {exists: idIn(func(n *Network) map[string]*RouterPolicy { return n.ServiceEdgeRouterPolicies }), remove: removeID(func(n *Network) map[string]*RouterPolicy { return n.ServiceEdgeRouterPolicies }), add: addRouterPolicy("service_roles", true)},
	"ziti_private_resource":           {exists: ownerIn("private_resource"), remove: removeOwned("private_resource"), add: addPrivateResource},
	"ziti_egress_allowlist":           {exists: ownerIn("egress_allowlist"), remove: removeOwned("egress_allowlist"), add: addEgressAllowlist},
}

// Apply returns the network after the plan's changes to live. Resources the model does not
// need (configs of other types, config types, CAs, ...) are left out. Every resource whose
// state names an id must exist in live, else the plan belongs to another controller.
func Apply(live *Network, p *Plan) (*Network, error) {
	n := live.Clone()
	var unknownIDs []string
	for _, rc := range p.Changes {
		k, ok := kinds[rc.Type]
		if !ok {
			continue
		}
		if rc.Before.present() && !k.exists(live, rc.Before) {
			id, _ := rc.Before.str("id")
			unknownIDs = append(unknownIDs, fmt.Sprintf("%s (id %s)", rc.Address, id))
			continue
		}
		if !changes(rc.Actions) {
			continue
		}
		if rc.Before.present() {
			k.remove(n, rc.Before)
		}
		if rc.After.present() {
			k.add(n, rc)
		}
	}
	if len(unknownIDs) > 0 {
		sort.Strings(unknownIDs)
		return nil, &UnknownIDsError{Resources: unknownIDs}
	}
	return n, nil
}

// changes reports whether actions change the resource (not no-op or read).
func changes(actions []string) bool {
	for _, a := range actions {
		if a == "create" || a == "update" || a == "delete" {
			return true
		}
	}
	return false
}

func idIn[V any](of func(*Network) map[string]V) func(*Network, object) bool {
	return func(n *Network, before object) bool {
		id, _ := before.str("id")
		_, ok := of(n)[id]
		return ok
	}
}

func removeID[V any](of func(*Network) map[string]V) func(*Network, object) {
	return func(n *Network, before object) {
		id, _ := before.str("id")
		delete(of(n), id)
	}
}

// plannedID is the id of an entity a plan creates: known after apply only. It never equals a
// controller id, and names the resource for messages.
func plannedID(address string) string { return "(known after apply: " + address + ")" }

// idOf is the id of the resource after the change: its id when known, else a placeholder.
func idOf(rc ResourceChange, attr string) (string, bool) {
	if id, ok := rc.After.str(attr); ok {
		return id, false
	}
	return plannedID(rc.Address), true
}

// nameOf is the resource's name, or its address while the name is unknown.
func nameOf(rc ResourceChange) string {
	if name, ok := rc.After.str("name"); ok {
		return name
	}
	return rc.Address
}

func entityOf(rc ResourceChange) *Entity {
	id, planned := idOf(rc, "id")
	return &Entity{ID: id, Name: nameOf(rc), Attributes: rc.After.attributes("role_attributes"), Planned: planned}
}

func addIdentity(n *Network, rc ResourceChange) { e := entityOf(rc); n.Identities[e.ID] = e }

// A tunneler-enabled edge router is also an identity, with the router's id and name, which
// policies select to host services; its system edge router policy lets it use itself.
func addRouter(n *Network, rc ResourceChange) {
	e := entityOf(rc)
	n.Routers[e.ID] = e
	if tunneler, _ := rc.After.values["is_tunneler_enabled"].(bool); tunneler {
		n.Identities[e.ID] = &Entity{ID: e.ID, Name: e.Name, Planned: e.Planned}
		self := Roles{Values: []string{"@" + e.ID}}
		n.EdgeRouterPolicies[systemPolicyID(e.ID)] = &RouterPolicy{ID: systemPolicyID(e.ID), Name: "edge-router-" + e.ID + "-system",
			Semantic: AnyOf, Subjects: self, Routers: self}
	}
}

func removeRouter(n *Network, before object) {
	id, _ := before.str("id")
	delete(n.Routers, id)
	delete(n.Identities, id) // its identity goes with it, when tunneler-enabled
	for pid, p := range n.EdgeRouterPolicies {
		if p.Name == "edge-router-"+id+"-system" {
			delete(n.EdgeRouterPolicies, pid)
		}
	}
}

func systemPolicyID(routerID string) string { return "(system policy of " + routerID + ")" }

func addService(n *Network, rc ResourceChange) {
	s := &Service{Entity: *entityOf(rc)}
	s.ConfigIDs, _ = rc.After.strs("configs")
	n.Services[s.ID] = s
}

func addInterceptConfig(n *Network, rc ResourceChange) {
	id, _ := idOf(rc, "id")
	n.Configs[id] = &Config{ID: id, Name: nameOf(rc), Endpoint: interceptEndpoint(rc.After)}
}

// interceptEndpoint reads an intercept.v1 config resource's addresses, protocols and ports.
func interceptEndpoint(o object) *Endpoint {
	ep := &Endpoint{}
	ep.Addresses, _ = o.strs("addresses")
	ep.Protocols, _ = o.strs("protocols")
	ranges, _ := o.objects("port_ranges")
	for _, r := range ranges {
		lo, _ := r.int("low")
		hi, _ := r.int("high")
		ep.Ports = append(ep.Ports, PortRange{lo, hi})
	}
	return ep
}

func addServicePolicy(n *Network, rc ResourceChange) {
	id, planned := idOf(rc, "id")
	typ, typeKnown := rc.After.str("type")
	sem, _ := rc.After.str("semantic")
	n.ServicePolicies[id] = &ServicePolicy{ID: id, Name: nameOf(rc), Type: typ, TypeUnknown: !typeKnown, Semantic: sem, Planned: planned,
		Identities: rc.After.roles("identity_roles"), Services: rc.After.roles("service_roles"), PostureChecks: rc.After.roles("posture_check_roles")}
}

func addRouterPolicy(subjects string, service bool) func(*Network, ResourceChange) {
	return func(n *Network, rc ResourceChange) {
		id, _ := idOf(rc, "id")
		sem, _ := rc.After.str("semantic")
		p := &RouterPolicy{ID: id, Name: nameOf(rc), Semantic: sem, Subjects: rc.After.roles(subjects), Routers: rc.After.roles("edge_router_roles")}
		if service {
			n.ServiceEdgeRouterPolicies[id] = p
		} else {
			n.EdgeRouterPolicies[id] = p
		}
	}
}

// Composites (ziti_private_resource, ziti_egress_allowlist) own a service per endpoint, a
// Dial and a Bind policy of semantic AnyOf naming those services by id, and optionally a
// service edge router policy. The live children carry the composite's ownership tags; the
// planned ones are built from the resource's attributes, reusing the ids of live children of
// the same name so that an update is not a removal and an addition.

func ownerIn(kind string) func(*Network, object) bool {
	return func(n *Network, before object) bool {
		name, _ := before.str("name")
		owner := kind + "/" + name
		for _, s := range n.Services {
			if s.Owner == owner {
				return true
			}
		}
		return false
	}
}

func removeOwned(kind string) func(*Network, object) {
	return func(n *Network, before object) {
		name, _ := before.str("name")
		owner := kind + "/" + name
		for id, s := range n.Services {
			if s.Owner == owner {
				delete(n.Services, id)
			}
		}
		for id, p := range n.ServicePolicies {
			if p.Owner == owner {
				delete(n.ServicePolicies, id)
			}
		}
		for id, p := range n.ServiceEdgeRouterPolicies {
			if p.Owner == owner {
				delete(n.ServiceEdgeRouterPolicies, id)
			}
		}
	}
}

// composite builds the planned children of one composite resource.
type compositeChildren struct {
	n        *Network
	rc       ResourceChange
	owner    string
	name     string
	services []string // "@<id>" of the owned services
}

func newComposite(n *Network, rc ResourceChange, kind string) *compositeChildren {
	name := nameOf(rc)
	return &compositeChildren{n: n, rc: rc, owner: kind + "/" + name, name: name}
}

func (c *compositeChildren) service(name string, ep Endpoint, liveIDs map[string]string) {
	id, ok := liveIDs[name]
	if !ok {
		id = plannedID(c.rc.Address + "/" + name)
	}
	c.n.Services[id] = &Service{Entity: Entity{ID: id, Name: name, Owner: c.owner, Planned: !ok}, Endpoints: []Endpoint{ep}}
	c.services = append(c.services, "@"+id)
}

func (c *compositeChildren) policies(dialRoles, bindRoles string) {
	services := Roles{Values: c.services}
	for _, p := range []struct{ typ, suffix, roles string }{{Dial, "-dial", dialRoles}, {Bind, "-bind", bindRoles}} {
		pc := Roles{}
		if p.typ == Dial {
			pc = c.rc.After.roles("posture_check_roles")
		}
		id := plannedID(c.rc.Address + p.suffix)
		c.n.ServicePolicies[id] = &ServicePolicy{ID: id, Name: c.name + p.suffix, Type: p.typ, Semantic: AnyOf, Owner: c.owner,
			Identities: c.rc.After.roles(p.roles), Services: services, PostureChecks: pc, Planned: true}
	}
	if _, set := c.rc.After.values["edge_router_roles"].([]any); set || c.rc.After.isUnknown("edge_router_roles") {
		id := plannedID(c.rc.Address + "-routers")
		c.n.ServiceEdgeRouterPolicies[id] = &RouterPolicy{ID: id, Name: c.name + "-routers", Semantic: AnyOf, Owner: c.owner,
			Subjects: services, Routers: c.rc.After.roles("edge_router_roles")}
	}
}

// liveServiceIDs maps the names of a composite's services on the controller to their ids.
func liveServiceIDs(n *Network, owner string) map[string]string {
	out := map[string]string{}
	for id, s := range n.Services {
		if s.Owner == owner {
			out[s.Name] = id
		}
	}
	return out
}

func addPrivateResource(n *Network, rc ResourceChange) {
	c := newComposite(n, rc, "private_resource")
	live := liveServiceIDs(n, c.owner)
	if id, ok := rc.After.str("service_id"); ok {
		live[c.name] = id
	}
	ep := Endpoint{}
	if a, ok := rc.After.str("address"); ok {
		ep.Addresses = []string{a}
	}
	ep.Protocols, _ = rc.After.strs("protocols")
	ports, _ := rc.After.ints("ports")
	ep.Ports = portRanges(ports)
	c.service(c.name, ep, live)
	c.policies("dial_roles", "host_roles")
}

func addEgressAllowlist(n *Network, rc ResourceChange) {
	c := newComposite(n, rc, "egress_allowlist")
	live := liveServiceIDs(n, c.owner)
	dests, _ := rc.After.objects("destination")
	for _, d := range dests {
		host, _ := d.str("host")
		proto, ok := d.str("protocol")
		if !ok {
			proto = "tcp"
		}
		ports, _ := d.ints("ports")
		c.service(egressallowlist.DestinationServiceName(c.name, proto, host),
			Endpoint{Protocols: []string{proto}, Addresses: []string{host}, Ports: portRanges(ports)}, live)
	}
	c.policies("identity_roles", "gateway_roles")
}

// portRanges turns ports into ranges of consecutive ports.
func portRanges(ports []int64) []PortRange {
	sort.Slice(ports, func(i, j int) bool { return ports[i] < ports[j] })
	var out []PortRange
	for _, p := range ports {
		if len(out) > 0 && out[len(out)-1].High+1 == p {
			out[len(out)-1].High = p
			continue
		}
		out = append(out, PortRange{p, p})
	}
	return out
}
