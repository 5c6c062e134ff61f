package reach

import "sort"

// Pair is one identity, one service and one policy type (Dial or Bind).
type Pair struct {
	IdentityID, ServiceID, Type string
}

// Grant is why an identity may dial or bind a service.
type Grant struct {
	// Policies names the service policies that grant the pair for certain.
	Policies []string
	// Unknown names the policies that may grant it, once values unknown at plan are known;
	// set only when no policy grants it for certain.
	Unknown []string
	// PostureChecks names the posture checks the identity must pass (of any granting policy)
	// when every granting policy has posture checks; empty when one grants without.
	PostureChecks []string
	// Router is whether an edge router exists that both the identity and the service may use
	// (edge router policies and service edge router policies).
	Router match
}

// Certain reports whether a policy grants the pair for certain (not only maybe).
func (g *Grant) Certain() bool { return len(g.Policies) > 0 }

// Access is the evaluated network: every granted pair and the routers each side may use.
type Access struct {
	Grants map[Pair]*Grant
	// IdentityRouters and ServiceRouters are the edge routers each identity (edge router
	// policies) and each service (service edge router policies) may use.
	IdentityRouters map[string]map[string]match
	ServiceRouters  map[string]map[string]match
}

// Evaluate computes who may reach what in n.
func Evaluate(n *Network) *Access {
	a := &Access{Grants: map[Pair]*Grant{}}
	services := n.serviceEntities()
	a.IdentityRouters = routerSets(n.EdgeRouterPolicies, n.Identities, n.Routers)
	a.ServiceRouters = routerSets(n.ServiceEdgeRouterPolicies, services, n.Routers)

	// posture[pair] is false once a policy without posture checks grants the pair.
	type postureState struct {
		required bool
		checks   map[string]bool
	}
	posture := map[Pair]*postureState{}
	for _, pid := range sortedKeys(n.ServicePolicies) {
		p := n.ServicePolicies[pid]
		sem := p.Semantic
		ids := selected(p.Identities, sem, n.Identities)
		svcs := selected(p.Services, sem, services)
		checks := selected(p.PostureChecks, sem, n.PostureChecks)
		types := []string{p.Type}
		if p.TypeUnknown {
			types = []string{Dial, Bind}
		}
		for iid, im := range ids {
			for sid, sm := range svcs {
				for _, typ := range types {
					m := and(im, sm)
					if p.TypeUnknown {
						m = and(m, maybe)
					}
					pair := Pair{iid, sid, typ}
					g := a.Grants[pair]
					if g == nil {
						g = &Grant{}
						a.Grants[pair] = g
					}
					if m == maybe {
						g.Unknown = append(g.Unknown, p.Name)
						continue
					}
					g.Policies = append(g.Policies, p.Name)
					ps := posture[pair]
					if ps == nil {
						ps = &postureState{required: true, checks: map[string]bool{}}
						posture[pair] = ps
					}
					if len(p.PostureChecks.Values) == 0 && !p.PostureChecks.Unknown {
						ps.required = false
					}
					for cid := range checks {
						ps.checks[n.PostureChecks[cid].Name] = true
					}
				}
			}
		}
	}
	for pair, g := range a.Grants {
		sort.Strings(g.Policies)
		sort.Strings(g.Unknown)
		if g.Certain() {
			g.Unknown = nil
		}
		if ps := posture[pair]; ps != nil && ps.required {
			g.PostureChecks = sortedKeys(ps.checks)
		}
		g.Router = commonRouter(a.IdentityRouters[pair.IdentityID], a.ServiceRouters[pair.ServiceID])
	}
	return a
}

// routerSets evaluates router policies: for each subject (identity or service), the routers
// some policy lets it use.
func routerSets(policies map[string]*RouterPolicy, subjects, routers map[string]*Entity) map[string]map[string]match {
	out := map[string]map[string]match{}
	for _, pid := range sortedKeys(policies) {
		p := policies[pid]
		rs := selected(p.Routers, p.Semantic, routers)
		if len(rs) == 0 {
			continue
		}
		for sid, sm := range selected(p.Subjects, p.Semantic, subjects) {
			set := out[sid]
			if set == nil {
				set = map[string]match{}
				out[sid] = set
			}
			for rid, rm := range rs {
				set[rid] = or(set[rid], and(sm, rm))
			}
		}
	}
	return out
}

// commonRouter is whether some router is in both sets.
func commonRouter(a, b map[string]match) match {
	best := no
	for r, ma := range a {
		best = or(best, and(ma, b[r]))
	}
	return best
}

// GrantedPairs are the pairs some policy grants for certain.
func (a *Access) GrantedPairs() []Pair {
	var out []Pair
	for p, g := range a.Grants {
		if g.Certain() {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		return x.IdentityID+x.ServiceID+x.Type < y.IdentityID+y.ServiceID+y.Type
	})
	return out
}

// RoutersOfIdentity are the edge routers an identity may use for certain, sorted.
func (a *Access) RoutersOfIdentity(id string) []string { return certain(a.IdentityRouters[id]) }

// RoutersOfService are the edge routers a service may use for certain, sorted.
func (a *Access) RoutersOfService(id string) []string { return certain(a.ServiceRouters[id]) }

func certain(set map[string]match) []string {
	out := []string{}
	for id, m := range set {
		if m == yes {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// PostureChecksOf are the ids of the posture checks a service policy selects for certain,
// sorted.
func (n *Network) PostureChecksOf(policyID string) []string {
	p := n.ServicePolicies[policyID]
	if p == nil {
		return []string{}
	}
	return certain(selected(p.PostureChecks, p.Semantic, n.PostureChecks))
}
