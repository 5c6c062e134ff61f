package reach_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/reach"
)

// A random network is a few identities, services and edge routers with role attributes drawn
// from a small pool (so that selectors overlap), and service policies, edge router policies
// and service edge router policies whose selectors mix attributes, ids and (rarely) #all, with
// random semantics; some service policies name posture checks (the controller lists such grants
// like any other: posture is a condition checked at dial time). Attributes are namespaced by the network's prefix, so several networks
// share one controller; #all selects across them, which both sides evaluate alike.
type randomNetwork struct {
	prefix                        string
	attrs                         []string
	identities, services, routers []string // ids
	postureChecks                 []string
	policies                      []*livePolicy
	erps, serps                   []string
}

// livePolicy is a service policy as the test created it, to plan changes to it.
type livePolicy struct {
	ID, Name, Type, Semantic string
	Identities, Services     []string
	PostureChecks            []string
}

// planState is the policy as the provider's state holds it (a plan's before/after).
func (p *livePolicy) planState(withID bool) map[string]any {
	m := map[string]any{"name": p.Name, "type": p.Type, "semantic": p.Semantic,
		"identity_roles": p.Identities, "service_roles": p.Services, "posture_check_roles": p.PostureChecks}
	if withID {
		m["id"] = p.ID
	}
	return m
}

type generator struct {
	t   testing.TB
	c   *client.Client
	rnd *rand.Rand
}

func (g *generator) pick(pool []string, n int) []string {
	idx := g.rnd.Perm(len(pool))
	out := []string{}
	for _, i := range idx[:min(n, len(pool))] {
		out = append(out, pool[i])
	}
	return out
}

func (g *generator) attributes(pool []string) []string { return g.pick(pool, g.rnd.IntN(3)) }

func (g *generator) semantic() string {
	if g.rnd.IntN(2) == 0 {
		return reach.AllOf
	}
	return reach.AnyOf
}

// roles draws a selector set over the entities ids and the attribute pool: #all (rarely),
// else 0-2 attributes and 0-2 ids (at least one of either).
func (g *generator) roles(ids, attrs []string) []string {
	if g.rnd.IntN(30) == 0 { // rare: #all in one network widens every other network of the batch
		return []string{"#all"}
	}
	var out []string
	for len(out) == 0 {
		for _, a := range g.pick(attrs, g.rnd.IntN(3)) {
			out = append(out, "#"+a)
		}
		for _, id := range g.pick(ids, g.rnd.IntN(3)) {
			out = append(out, "@"+id)
		}
	}
	sort.Strings(out)
	return out
}

func (g *generator) policyType() string {
	if g.rnd.IntN(3) == 0 {
		return reach.Bind
	}
	return reach.Dial
}

// create makes a random network on the controller; entities of one kind in parallel.
func (g *generator) create(prefix string) *randomNetwork {
	n := &randomNetwork{prefix: prefix}
	for _, a := range []string{"a", "b", "c"} {
		n.attrs = append(n.attrs, prefix+"-"+a)
	}
	ctx := context.Background()
	nIdentities, nServices, nRouters := 2+g.rnd.IntN(3), 2+g.rnd.IntN(2), 1+g.rnd.IntN(2)
	identityAttrs := make([][]string, nIdentities)
	for i := range identityAttrs {
		identityAttrs[i] = g.attributes(n.attrs)
	}
	serviceAttrs := make([][]string, nServices)
	for i := range serviceAttrs {
		serviceAttrs[i] = g.attributes(n.attrs)
	}
	routerAttrs := make([][]string, nRouters)
	for i := range routerAttrs {
		routerAttrs[i] = g.attributes(n.attrs)
	}
	n.identities = parallel(g.t, nIdentities, func(i int) (string, error) {
		name, typ, admin := fmt.Sprintf("%s-identity-%d", prefix, i), rest_model.IdentityTypeDefault, false
		attrs := rest_model.Attributes(identityAttrs[i])
		return client.Identities.Create(ctx, g.c, &rest_model.IdentityCreate{Name: &name, Type: &typ, IsAdmin: &admin, RoleAttributes: &attrs})
	})
	n.services = parallel(g.t, nServices, func(i int) (string, error) {
		name, enc := fmt.Sprintf("%s-service-%d", prefix, i), true
		return client.Services.Create(ctx, g.c, &rest_model.ServiceCreate{Name: &name, EncryptionRequired: &enc, RoleAttributes: serviceAttrs[i], Configs: []string{}})
	})
	n.routers = parallel(g.t, nRouters, func(i int) (string, error) {
		name := fmt.Sprintf("%s-router-%d", prefix, i)
		attrs := rest_model.Attributes(routerAttrs[i])
		return client.EdgeRouters.Create(ctx, g.c, &rest_model.EdgeRouterCreate{Name: &name, RoleAttributes: &attrs})
	})
	n.postureChecks = parallel(g.t, 1+g.rnd.IntN(2), func(i int) (string, error) {
		var out struct {
			Data struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		err := g.c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/posture-checks", Out: &out, Body: map[string]any{
			"typeId": "DOMAIN", "name": fmt.Sprintf("%s-posture-%d", prefix, i), "domains": []string{"corp.example"},
			"roleAttributes": g.attributes(n.attrs)}})
		return out.Data.ID, err
	})
	policies := make([]*livePolicy, 2+g.rnd.IntN(3))
	for i := range policies {
		policies[i] = g.policy(n, fmt.Sprintf("%s-policy-%d", prefix, i))
	}
	ids := parallel(g.t, len(policies), func(i int) (string, error) { return createPolicy(ctx, g.c, policies[i]) })
	for i, id := range ids {
		policies[i].ID = id
	}
	n.policies = policies
	erpRoles := [][2][]string{{g.roles(n.identities, n.attrs), g.roles(n.routers, n.attrs)}}
	serpRoles := [][2][]string{{g.roles(n.services, n.attrs), g.roles(n.routers, n.attrs)}}
	erpSem, serpSem := g.semantic(), g.semantic()
	n.erps = parallel(g.t, len(erpRoles), func(i int) (string, error) {
		name, sem := fmt.Sprintf("%s-erp-%d", prefix, i), rest_model.Semantic(erpSem)
		return client.EdgeRouterPolicies.Create(ctx, g.c, &rest_model.EdgeRouterPolicyCreate{Name: &name, Semantic: &sem,
			IdentityRoles: erpRoles[i][0], EdgeRouterRoles: erpRoles[i][1]})
	})
	n.serps = parallel(g.t, len(serpRoles), func(i int) (string, error) {
		name, sem := fmt.Sprintf("%s-serp-%d", prefix, i), rest_model.Semantic(serpSem)
		return client.ServiceEdgeRouterPolicies.Create(ctx, g.c, &rest_model.ServiceEdgeRouterPolicyCreate{Name: &name, Semantic: &sem,
			ServiceRoles: serpRoles[i][0], EdgeRouterRoles: serpRoles[i][1]})
	})
	return n
}

// policy draws a service policy over the network's entities.
func (g *generator) policy(n *randomNetwork, name string) *livePolicy {
	p := &livePolicy{Name: name, Type: g.policyType(), Semantic: g.semantic(),
		Identities: g.roles(n.identities, n.attrs), Services: g.roles(n.services, n.attrs), PostureChecks: []string{}}
	if g.rnd.IntN(3) == 0 {
		p.PostureChecks = g.roles(n.postureChecks, n.attrs)
	}
	return p
}

func createPolicy(ctx context.Context, c *client.Client, p *livePolicy) (string, error) {
	typ, sem := rest_model.DialBind(p.Type), rest_model.Semantic(p.Semantic)
	return client.ServicePolicies.Create(ctx, c, &rest_model.ServicePolicyCreate{Name: &p.Name, Type: &typ, Semantic: &sem,
		IdentityRoles: p.Identities, ServiceRoles: p.Services, PostureCheckRoles: p.PostureChecks})
}

func updatePolicy(ctx context.Context, c *client.Client, p *livePolicy) error {
	typ, sem := rest_model.DialBind(p.Type), rest_model.Semantic(p.Semantic)
	return client.ServicePolicies.Update(ctx, c, p.ID, &rest_model.ServicePolicyUpdate{Name: &p.Name, Type: &typ, Semantic: &sem,
		IdentityRoles: p.Identities, ServiceRoles: p.Services, PostureCheckRoles: p.PostureChecks})
}

// destroy deletes the networks' entities, policies first.
func destroy(t testing.TB, c *client.Client, nets []*randomNetwork) {
	ctx := context.Background()
	var policies, erps, serps, others []func() error
	for _, n := range nets {
		for _, p := range n.policies {
			policies = append(policies, func() error { return client.ServicePolicies.Delete(ctx, c, p.ID) })
		}
		for _, id := range n.erps {
			erps = append(erps, func() error { return client.EdgeRouterPolicies.Delete(ctx, c, id) })
		}
		for _, id := range n.serps {
			serps = append(serps, func() error { return client.ServiceEdgeRouterPolicies.Delete(ctx, c, id) })
		}
		for _, id := range n.identities {
			others = append(others, func() error { return client.Identities.Delete(ctx, c, id) })
		}
		for _, id := range n.services {
			others = append(others, func() error { return client.Services.Delete(ctx, c, id) })
		}
		for _, id := range n.routers {
			others = append(others, func() error { return client.EdgeRouters.Delete(ctx, c, id) })
		}
		for _, id := range n.postureChecks {
			others = append(others, func() error { return client.PostureChecks.Delete(ctx, c, id) })
		}
	}
	all := append(append(append(policies, erps...), serps...), others...)
	parallel(t, len(all), func(i int) (string, error) {
		if err := all[i](); err != nil && !client.IsNotFound(err) {
			return "", err
		}
		return "", nil
	})
}

// parallel runs f for 0..n-1 on a few workers (the controller serializes writes, but the
// round trips overlap) and returns the results in order; the first error fails the test.
func parallel(t testing.TB, n int, f func(i int) (string, error)) []string {
	t.Helper()
	out := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i], errs[i] = f(i)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// controllerAccess is the controller's own answer for every identity: the services it may
// dial and bind (/identities/{id}/services?policyType=) and the edge routers it may use
// (/identities/{id}/edge-routers), and for every service the routers it may use.
type controllerAccess struct {
	grants          map[string]bool // "identityID serviceID Dial|Bind"
	identityRouters map[string][]string
	serviceRouters  map[string][]string
	postureChecks   map[string][]string // of each service policy
}

func grantKey(identityID, serviceID, typ string) string {
	return identityID + " " + serviceID + " " + typ
}

func askController(t testing.TB, c *client.Client, n *reach.Network) controllerAccess {
	t.Helper()
	identityIDs, serviceIDs, policyIDs := keys(n.Identities), keys(n.Services), keys(n.ServicePolicies)
	out := controllerAccess{grants: map[string]bool{},
		identityRouters: listEach(t, c, "/identities/{id}/edge-routers", identityIDs, nil),
		serviceRouters:  listEach(t, c, "/services/{id}/edge-routers", serviceIDs, nil),
		postureChecks:   listEach(t, c, "/service-policies/{id}/posture-checks", policyIDs, nil)}
	for _, typ := range []string{reach.Dial, reach.Bind} {
		granted := listEach(t, c, "/identities/{id}/services", identityIDs, map[string]string{"policyType": strings.ToLower(typ)})
		for identityID, services := range granted {
			for _, serviceID := range services {
				out.grants[grantKey(identityID, serviceID, typ)] = true
			}
		}
	}
	return out
}

// listEach lists the sub-collection at path for every id, in parallel: the ids it holds, by id.
func listEach(t testing.TB, c *client.Client, path string, ids []string, query map[string]string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var mu sync.Mutex
	parallel(t, len(ids), func(i int) (string, error) {
		list, err := client.ListAt[idOnly](context.Background(), c, path, map[string]string{"id": ids[i]}, query, "")
		if err != nil {
			return "", err
		}
		mu.Lock()
		out[ids[i]] = idsOf(list)
		mu.Unlock()
		return "", nil
	})
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

type idOnly struct {
	ID string `json:"id"`
}

func idsOf(list []idOnly) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.ID)
	}
	sort.Strings(out)
	return out
}

// compare reports every disagreement between the tool's evaluation and the controller.
func compare(n *reach.Network, a *reach.Access, ctrl controllerAccess) []string {
	var diffs []string
	tool := map[string]bool{}
	for _, p := range a.GrantedPairs() {
		tool[grantKey(p.IdentityID, p.ServiceID, p.Type)] = true
	}
	describe := func(k string) string {
		f := strings.Fields(k)
		return fmt.Sprintf("%s -> %s (%s)", n.Identities[f[0]].Name, n.Services[f[1]].Name, f[2])
	}
	for k := range tool {
		if !ctrl.grants[k] {
			diffs = append(diffs, "the tool grants, the controller does not: "+describe(k))
		}
	}
	for k := range ctrl.grants {
		if !tool[k] {
			diffs = append(diffs, "the controller grants, the tool does not: "+describe(k))
		}
	}
	for id, want := range ctrl.identityRouters {
		if got := a.RoutersOfIdentity(id); fmt.Sprint(got) != fmt.Sprint(want) {
			diffs = append(diffs, fmt.Sprintf("routers of identity %s: tool %v, controller %v", n.Identities[id].Name, got, want))
		}
	}
	for id, want := range ctrl.serviceRouters {
		if got := a.RoutersOfService(id); fmt.Sprint(got) != fmt.Sprint(want) {
			diffs = append(diffs, fmt.Sprintf("routers of service %s: tool %v, controller %v", n.Services[id].Name, got, want))
		}
	}
	for id, want := range ctrl.postureChecks {
		if got := n.PostureChecksOf(id); fmt.Sprint(got) != fmt.Sprint(want) {
			diffs = append(diffs, fmt.Sprintf("posture checks of service policy %s: tool %v, controller %v", n.ServicePolicies[id].Name, got, want))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// plannedChange is a random change to a network: as a plan's resource changes, and as the
// API calls that make it.
type plannedChange struct {
	resourceChanges []map[string]any
	apply           []func() error
}

func (pc *plannedChange) planJSON() []byte {
	b, _ := json.Marshal(map[string]any{"format_version": "1.2", "resource_changes": pc.resourceChanges})
	return b
}

func rc(address, typ string, actions []string, before, after, afterUnknown map[string]any) map[string]any {
	var b, a any
	if before != nil {
		b = before
	}
	if after != nil {
		a = after
	}
	if afterUnknown == nil {
		afterUnknown = map[string]any{}
	}
	return map[string]any{"address": address, "mode": "managed", "type": typ,
		"change": map[string]any{"actions": actions, "before": b, "after": a, "after_unknown": afterUnknown}}
}

// change draws one change per network: a policy's selectors, type or semantic rewritten, a
// policy deleted, a policy added, or an identity's role attributes changed.
func (g *generator) change(nets []*randomNetwork) *plannedChange {
	ctx := context.Background()
	pc := &plannedChange{}
	for _, n := range nets {
		switch g.rnd.IntN(4) {
		case 0:
			p := n.policies[g.rnd.IntN(len(n.policies))]
			before := p.planState(true)
			redrawn := g.policy(n, p.Name)
			redrawn.ID = p.ID
			*p = *redrawn
			pc.resourceChanges = append(pc.resourceChanges, rc("ziti_service_policy."+p.Name, "ziti_service_policy", []string{"update"}, before, p.planState(true), nil))
			pc.apply = append(pc.apply, func() error { return updatePolicy(ctx, g.c, p) })
		case 1:
			i := g.rnd.IntN(len(n.policies))
			p := n.policies[i]
			n.policies = append(n.policies[:i:i], n.policies[i+1:]...)
			pc.resourceChanges = append(pc.resourceChanges, rc("ziti_service_policy."+p.Name, "ziti_service_policy", []string{"delete"}, p.planState(true), nil, nil))
			pc.apply = append(pc.apply, func() error { return client.ServicePolicies.Delete(ctx, g.c, p.ID) })
		case 2:
			p := g.policy(n, fmt.Sprintf("%s-policy-new", n.prefix))
			n.policies = append(n.policies, p)
			pc.resourceChanges = append(pc.resourceChanges, rc("ziti_service_policy."+p.Name, "ziti_service_policy", []string{"create"}, nil, p.planState(false), map[string]any{"id": true}))
			pc.apply = append(pc.apply, func() error {
				id, err := createPolicy(ctx, g.c, p)
				p.ID = id
				return err
			})
		default:
			i := g.rnd.IntN(len(n.identities))
			id, name := n.identities[i], fmt.Sprintf("%s-identity-%d", n.prefix, i)
			attrs := append(g.attributes(n.attrs), n.prefix+"-changed") // always a real change (a no-op PATCH answers 500)
			before := map[string]any{"id": id, "name": name}
			after := map[string]any{"id": id, "name": name, "role_attributes": attrs}
			pc.resourceChanges = append(pc.resourceChanges, rc("ziti_identity."+name, "ziti_identity", []string{"update"}, before, after, nil))
			pc.apply = append(pc.apply, func() error {
				return g.c.Do(ctx, client.Request{Method: http.MethodPatch, Path: "/identities/{id}", Params: map[string]string{"id": id},
					Body: map[string]any{"roleAttributes": attrs}})
			})
		}
	}
	return pc
}
