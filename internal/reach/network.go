package reach

import "sort"

// Policy types, as the controller spells them.
const (
	Dial = "Dial"
	Bind = "Bind"
)

// Semantics of a role set, as the controller spells them. An empty semantic is AllOf (the
// controller's default).
const (
	AllOf = "AllOf"
	AnyOf = "AnyOf"
)

// Roles is a role selector set as a policy holds it ("#attr", "#all", "@id" or "@name").
// Unknown is true when the set is not known until apply (a plan's after_unknown).
type Roles struct {
	Values  []string
	Unknown bool
}

// Attributes are an entity's role attributes; Unknown when not known until apply.
type Attributes struct {
	Values  []string
	Unknown bool
}

// Entity is what every selectable entity has. A planned entity whose id is not known yet gets
// a placeholder id (see plannedID) and Planned = true.
type Entity struct {
	ID, Name   string
	Attributes Attributes
	Planned    bool
	Owner      string // "<composite kind>/<name>" for the children of a composite, else ""
}

// Endpoint is one intercepted address of a service (from its intercept.v1 config), what an
// agent actually connects to.
type Endpoint struct {
	Protocols []string
	Addresses []string
	Ports     []PortRange
}

// PortRange is an inclusive range of ports.
type PortRange struct{ Low, High int64 }

// Service is a service and what it intercepts.
type Service struct {
	Entity
	ConfigIDs []string
	// Endpoints is set directly for services whose configs are not separate entities in the
	// model (the composites' planned children).
	Endpoints []Endpoint
}

// Config is a config; only intercept.v1 configs carry endpoints.
type Config struct {
	ID, Name string
	Endpoint *Endpoint
	Owner    string
}

// ServicePolicy grants its identities Dial or Bind on its services, while they pass one of
// its posture checks (when it names any).
type ServicePolicy struct {
	ID, Name       string
	Type, Semantic string
	Identities     Roles
	Services       Roles
	PostureChecks  Roles
	Planned        bool
	TypeUnknown    bool
	Owner          string
}

// RouterPolicy is an edge router policy (Subjects select identities) or a service edge router
// policy (Subjects select services).
type RouterPolicy struct {
	ID, Name string
	Semantic string
	Subjects Roles
	Routers  Roles
	Owner    string
}

// Network is everything the evaluation reads, by id.
type Network struct {
	Identities                map[string]*Entity
	Services                  map[string]*Service
	Configs                   map[string]*Config
	Routers                   map[string]*Entity
	PostureChecks             map[string]*Entity
	ServicePolicies           map[string]*ServicePolicy
	EdgeRouterPolicies        map[string]*RouterPolicy
	ServiceEdgeRouterPolicies map[string]*RouterPolicy
}

// NewNetwork is an empty network.
func NewNetwork() *Network {
	return &Network{
		Identities: map[string]*Entity{}, Services: map[string]*Service{}, Configs: map[string]*Config{},
		Routers: map[string]*Entity{}, PostureChecks: map[string]*Entity{},
		ServicePolicies: map[string]*ServicePolicy{}, EdgeRouterPolicies: map[string]*RouterPolicy{},
		ServiceEdgeRouterPolicies: map[string]*RouterPolicy{},
	}
}

// Clone is a deep enough copy to apply changes to: the maps are new, the entities shared
// (changes replace entities, they never modify them in place).
func (n *Network) Clone() *Network {
	c := NewNetwork()
	copyMap(c.Identities, n.Identities)
	copyMap(c.Services, n.Services)
	copyMap(c.Configs, n.Configs)
	copyMap(c.Routers, n.Routers)
	copyMap(c.PostureChecks, n.PostureChecks)
	copyMap(c.ServicePolicies, n.ServicePolicies)
	copyMap(c.EdgeRouterPolicies, n.EdgeRouterPolicies)
	copyMap(c.ServiceEdgeRouterPolicies, n.ServiceEdgeRouterPolicies)
	return c
}

func copyMap[V any](dst, src map[string]V) {
	for k, v := range src {
		dst[k] = v
	}
}

// sortedKeys returns a map's keys, sorted, so output and evaluation order are stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// entities returns the Entity of each service (selectors see services as entities).
func (n *Network) serviceEntities() map[string]*Entity {
	out := make(map[string]*Entity, len(n.Services))
	for id, s := range n.Services {
		out[id] = &s.Entity
	}
	return out
}

// EndpointsOf is what a service intercepts: its own endpoints and those of its configs.
func (n *Network) EndpointsOf(s *Service) []Endpoint {
	out := append([]Endpoint{}, s.Endpoints...)
	for _, id := range s.ConfigIDs {
		if c := n.Configs[id]; c != nil && c.Endpoint != nil {
			out = append(out, *c.Endpoint)
		}
	}
	return out
}
