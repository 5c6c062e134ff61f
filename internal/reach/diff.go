package reach

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Line is one identity's access to one service, as people read it: by names.
type Line struct {
	Identity string   `json:"identity"`
	Service  string   `json:"service"`
	Target   string   `json:"target"` // the service and what it intercepts, e.g. "orders-db.ziti tcp/5432"
	Type     string   `json:"type"`   // "dial" or "bind"
	Via      []string `json:"via,omitempty"`
	// MaybeVia names the policies that may grant the access once values unknown at plan are
	// known (Via is then empty).
	MaybeVia      []string `json:"maybe_via,omitempty"`
	PostureChecks []string `json:"posture_checks,omitempty"`
	// CommonRouter is "yes", "no" (granted, but no edge router both may use) or "unknown".
	CommonRouter string `json:"common_router"`
}

func (l Line) key() string { return l.Identity + "\x00" + l.Service + "\x00" + l.Type }

// Lines are the access of a network by names, sorted by identity, service and type.
func Lines(n *Network, a *Access) []Line {
	out := make([]Line, 0, len(a.Grants))
	for pair, g := range a.Grants {
		i, s := n.Identities[pair.IdentityID], n.Services[pair.ServiceID]
		l := Line{Identity: i.Name, Service: s.Name, Target: target(n, s), Type: strings.ToLower(pair.Type),
			Via: g.Policies, MaybeVia: g.Unknown, PostureChecks: g.PostureChecks, CommonRouter: matchWord(g.Router)}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

func matchWord(m match) string {
	switch m {
	case yes:
		return "yes"
	case no:
		return "no"
	}
	return "unknown"
}

// target is the service's name and what it intercepts: "orders-db.ziti tcp/5432" when the
// service is named after its address, "orders (orders-db.internal tcp/5432)" otherwise.
func target(n *Network, s *Service) string {
	eps := n.EndpointsOf(s)
	if len(eps) == 0 {
		return s.Name
	}
	var parts []string
	namedAfter := true
	for _, ep := range eps {
		if len(ep.Addresses) != 1 || ep.Addresses[0] != s.Name {
			namedAfter = false
		}
	}
	for _, ep := range eps {
		p := ports(ep)
		if !namedAfter {
			p = strings.Join(ep.Addresses, ",") + " " + p
		}
		parts = append(parts, p)
	}
	if namedAfter {
		return s.Name + " " + strings.Join(parts, " ")
	}
	return s.Name + " (" + strings.Join(parts, "; ") + ")"
}

// ports is "tcp/5432", "tcp+udp/53", "tcp/8000-8100,9000".
func ports(ep Endpoint) string {
	var ps []string
	for _, r := range ep.Ports {
		if r.Low == r.High {
			ps = append(ps, strconv.FormatInt(r.Low, 10))
		} else {
			ps = append(ps, fmt.Sprintf("%d-%d", r.Low, r.High))
		}
	}
	protos := strings.Join(ep.Protocols, "+")
	if protos == "" {
		protos = "?"
	}
	return protos + "/" + strings.Join(ps, ",")
}

// Change kinds.
const (
	Added   = "added"   // "+": the identity gains the access
	Removed = "removed" // "-": the identity loses it
	Changed = "changed" // "~": still granted, but to other addresses or ports, through other policies, posture checks or routers
	Unknown = "unknown" // "?": whether it is granted is known only after apply
)

// Change is one line of a diff.
type Change struct {
	Kind   string `json:"change"`
	Line   Line   `json:"access"`
	Detail string `json:"detail,omitempty"` // for Changed: what changed
}

// Diff is what changes in effective access from before to after, plus the policies that newly
// grant to #all.
type Diff struct {
	Changes   []Change    `json:"changes"`
	Broadened []Broadened `json:"broadened_to_all"`
	// Unresolved are "@" references of the planned policies that name nothing on the
	// controller or in the plan: they grant nothing here, and the apply would refuse them.
	Unresolved []string `json:"unresolved_references"`
}

// Broadened is a service policy that grants #all identities or services after the change and
// did not before.
type Broadened struct {
	Policy string `json:"policy"`
	Type   string `json:"type"`
	Roles  string `json:"roles"` // "identity_roles" or "service_roles"
}

// Compare diffs the access of two networks.
func Compare(before *Network, beforeAccess *Access, after *Network, afterAccess *Access) Diff {
	old := map[string]Line{}
	for _, l := range Lines(before, beforeAccess) {
		if len(l.Via) > 0 {
			old[l.key()] = l
		}
	}
	d := Diff{Changes: []Change{}, Broadened: []Broadened{}}
	seen := map[string]bool{}
	for _, l := range Lines(after, afterAccess) {
		k := l.key()
		seen[k] = true
		prev, had := old[k]
		switch {
		case len(l.Via) == 0:
			d.Changes = append(d.Changes, Change{Kind: Unknown, Line: l})
		case !had:
			d.Changes = append(d.Changes, Change{Kind: Added, Line: l})
		default:
			if detail := changedDetail(prev, l); detail != "" {
				d.Changes = append(d.Changes, Change{Kind: Changed, Line: l, Detail: detail})
			}
		}
	}
	for k, l := range old {
		if !seen[k] {
			d.Changes = append(d.Changes, Change{Kind: Removed, Line: l})
		}
	}
	sort.SliceStable(d.Changes, func(i, j int) bool {
		a, b := d.Changes[i], d.Changes[j]
		if a.Line.key() != b.Line.key() {
			return a.Line.key() < b.Line.key()
		}
		return a.Kind < b.Kind
	})
	d.Broadened = broadened(before, after)
	d.Unresolved = unresolved(after)
	return d
}

// unresolved lists the "@" references of service and router policies that name no entity.
func unresolved(n *Network) []string {
	services := n.serviceEntities()
	out := []string{}
	check := func(kind, name, attr string, roles Roles, pool map[string]*Entity, noun string) {
		if roles.Unknown {
			return
		}
		for _, r := range roles.Values {
			ref, ok := strings.CutPrefix(r, "@")
			if ok && len(selected(Roles{Values: []string{r}}, AnyOf, pool)) == 0 {
				out = append(out, fmt.Sprintf("%s %s: %s %s names no %s of the controller or the plan", kind, name, attr, "@"+ref, noun))
			}
		}
	}
	for _, id := range sortedKeys(n.ServicePolicies) {
		p := n.ServicePolicies[id]
		check("service policy", p.Name, "identity_roles", p.Identities, n.Identities, "identity")
		check("service policy", p.Name, "service_roles", p.Services, services, "service")
		check("service policy", p.Name, "posture_check_roles", p.PostureChecks, n.PostureChecks, "posture check")
	}
	for _, id := range sortedKeys(n.EdgeRouterPolicies) {
		p := n.EdgeRouterPolicies[id]
		check("edge router policy", p.Name, "identity_roles", p.Subjects, n.Identities, "identity")
		check("edge router policy", p.Name, "edge_router_roles", p.Routers, n.Routers, "edge router")
	}
	for _, id := range sortedKeys(n.ServiceEdgeRouterPolicies) {
		p := n.ServiceEdgeRouterPolicies[id]
		check("service edge router policy", p.Name, "service_roles", p.Subjects, services, "service")
		check("service edge router policy", p.Name, "edge_router_roles", p.Routers, n.Routers, "edge router")
	}
	sort.Strings(out)
	return out
}

func changedDetail(prev, l Line) string {
	var parts []string
	if prev.CommonRouter != l.CommonRouter {
		switch l.CommonRouter {
		case "no":
			parts = append(parts, "no common edge router any more")
		case "yes":
			parts = append(parts, "now has a common edge router")
		default:
			parts = append(parts, "common edge router unknown until apply")
		}
	}
	if strings.Join(prev.PostureChecks, ",") != strings.Join(l.PostureChecks, ",") {
		if len(l.PostureChecks) == 0 {
			parts = append(parts, "no posture checks required any more")
		} else {
			parts = append(parts, "now requires posture checks "+strings.Join(l.PostureChecks, ", "))
		}
	}
	if prev.Target != l.Target {
		parts = append(parts, "was "+prev.Target)
	}
	if strings.Join(prev.Via, ",") != strings.Join(l.Via, ",") {
		parts = append(parts, "was via "+strings.Join(prev.Via, ", "))
	}
	return strings.Join(parts, "; ")
}

func broadened(before, after *Network) []Broadened {
	hadAll := map[string]bool{}
	for _, p := range before.ServicePolicies {
		for _, r := range allRoles(p) {
			hadAll[p.Name+"\x00"+r] = true
		}
	}
	out := []Broadened{}
	for _, id := range sortedKeys(after.ServicePolicies) {
		p := after.ServicePolicies[id]
		for _, r := range allRoles(p) {
			if !hadAll[p.Name+"\x00"+r] {
				out = append(out, Broadened{Policy: p.Name, Type: strings.ToLower(p.Type), Roles: r})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Policy+out[i].Roles < out[j].Policy+out[j].Roles })
	return out
}

// allRoles names the role sets of p that hold #all.
func allRoles(p *ServicePolicy) []string {
	var out []string
	for _, rs := range []struct {
		attr  string
		roles Roles
	}{{"identity_roles", p.Identities}, {"service_roles", p.Services}} {
		for _, r := range rs.roles.Values {
			if r == "#all" {
				out = append(out, rs.attr)
			}
		}
	}
	return out
}
