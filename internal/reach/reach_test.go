package reach

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestSelects_controllerSemantics(t *testing.T) {
	e := &Entity{ID: "id1", Name: "agent-1", Attributes: Attributes{Values: []string{"agents", "prod"}}}
	cases := []struct {
		roles    []string
		semantic string
		want     match
	}{
		{[]string{"#all"}, AllOf, yes},
		{[]string{"#all", "#other"}, AllOf, yes},
		{[]string{"@id1"}, AllOf, yes},
		{[]string{"@agent-1"}, AnyOf, yes},
		{[]string{"#agents", "#prod"}, AllOf, yes},
		{[]string{"#agents", "#dev"}, AllOf, no},
		{[]string{"#agents", "#dev"}, AnyOf, yes},
		{[]string{"#dev", "@id1"}, AllOf, yes}, // ids are a union with the attribute match
		{[]string{"@other"}, AnyOf, no},
		{nil, AnyOf, no},
		{[]string{"#agents"}, "", yes}, // empty semantic is AllOf
	}
	for _, c := range cases {
		if got := selects(Roles{Values: c.roles}, c.semantic, e); got != c.want {
			t.Errorf("selects(%v, %s) = %v, want %v", c.roles, c.semantic, got, c.want)
		}
	}
	if got := selects(Roles{Unknown: true}, AnyOf, e); got != maybe {
		t.Errorf("unknown roles: %v, want maybe", got)
	}
	unknownAttrs := &Entity{ID: "x", Attributes: Attributes{Unknown: true}}
	if got := selects(Roles{Values: []string{"#agents"}}, AnyOf, unknownAttrs); got != maybe {
		t.Errorf("unknown attributes: %v, want maybe", got)
	}
}

// sample is a small network: two agents, the orders database and the LLM proxy, a Dial policy
// per service, a router both sides may use.
func sample() *Network {
	n := NewNetwork()
	n.Identities["i1"] = &Entity{ID: "i1", Name: "research-agent-0", Attributes: Attributes{Values: []string{"research"}}}
	n.Identities["i2"] = &Entity{ID: "i2", Name: "billing-agent", Attributes: Attributes{Values: []string{"billing"}}}
	n.Configs["c1"] = &Config{ID: "c1", Endpoint: &Endpoint{Protocols: []string{"tcp"}, Addresses: []string{"orders-db.ziti"}, Ports: []PortRange{{5432, 5432}}}}
	n.Services["s1"] = &Service{Entity: Entity{ID: "s1", Name: "orders-db.ziti"}, ConfigIDs: []string{"c1"}}
	n.Services["s2"] = &Service{Entity: Entity{ID: "s2", Name: "llm-proxy.ziti"}}
	n.Routers["r1"] = &Entity{ID: "r1", Name: "router", Attributes: Attributes{Values: []string{"public"}}}
	n.EdgeRouterPolicies["e1"] = &RouterPolicy{ID: "e1", Name: "all", Subjects: Roles{Values: []string{"#all"}}, Routers: Roles{Values: []string{"#public"}}}
	n.ServiceEdgeRouterPolicies["se1"] = &RouterPolicy{ID: "se1", Name: "all", Subjects: Roles{Values: []string{"#all"}}, Routers: Roles{Values: []string{"#all"}}}
	n.ServicePolicies["p1"] = &ServicePolicy{ID: "p1", Name: "orders-db-dial", Type: Dial, Semantic: AnyOf,
		Identities: Roles{Values: []string{"#billing"}}, Services: Roles{Values: []string{"@s1"}}}
	n.ServicePolicies["p2"] = &ServicePolicy{ID: "p2", Name: "llm-dial", Type: Dial, Semantic: AnyOf,
		Identities: Roles{Values: []string{"@billing-agent"}}, Services: Roles{Values: []string{"@llm-proxy.ziti"}}}
	return n
}

const planHeader = `{"format_version":"1.2","resource_changes":[`

func diffLines(t *testing.T, n *Network, plan string) []string {
	t.Helper()
	p, err := ParsePlan("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	after, err := Apply(n, p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteDiff(&b, Compare(n, Evaluate(n), after, Evaluate(after)), "text"); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(b.String()), "\n")
}

func TestDiff_lines(t *testing.T) {
	plan := planHeader + `
 {"address":"ziti_service_policy.orders","mode":"managed","type":"ziti_service_policy","change":{"actions":["update"],
  "before":{"id":"p1","name":"orders-db-dial","type":"Dial","semantic":"AnyOf","identity_roles":["#billing"],"service_roles":["@s1"],"posture_check_roles":[]},
  "after":{"id":"p1","name":"orders-db-dial","type":"Dial","semantic":"AnyOf","identity_roles":["#billing","#research"],"service_roles":["@s1"],"posture_check_roles":[]},
  "after_unknown":{}}},
 {"address":"ziti_service_policy.llm","mode":"managed","type":"ziti_service_policy","change":{"actions":["delete"],
  "before":{"id":"p2","name":"llm-dial","type":"Dial","semantic":"AnyOf","identity_roles":["@billing-agent"],"service_roles":["@llm-proxy.ziti"]},
  "after":null,"after_unknown":{}}},
 {"address":"ziti_identity.new","mode":"managed","type":"ziti_identity","change":{"actions":["create"],
  "before":null,"after":{"name":"new-agent","role_attributes":null},"after_unknown":{"id":true,"role_attributes":true}}}
]}`
	got := diffLines(t, sample(), plan)
	want := []string{
		"- billing-agent -> llm-proxy.ziti (dial)",
		"? new-agent -> orders-db.ziti tcp/5432 (dial, unknown until apply: may be granted via orders-db-dial)",
		"+ research-agent-0 -> orders-db.ziti tcp/5432 (dial, via orders-db-dial)",
		"1 gained, 1 lost, 0 changed, 1 unknown until apply.",
	}
	sameLines(t, "diff", got, want)
}

func TestDiff_routerAndAll(t *testing.T) {
	plan := planHeader + `
 {"address":"ziti_edge_router_policy.all","mode":"managed","type":"ziti_edge_router_policy","change":{"actions":["delete"],
  "before":{"id":"e1","name":"all"},"after":null}},
 {"address":"ziti_service_policy.llm","mode":"managed","type":"ziti_service_policy","change":{"actions":["update"],
  "before":{"id":"p2","name":"llm-dial"},
  "after":{"id":"p2","name":"llm-dial","type":"Dial","semantic":"AnyOf","identity_roles":["#all"],"service_roles":["@llm-proxy.ziti"],"posture_check_roles":[]},"after_unknown":{}}}
]}`
	got := diffLines(t, sample(), plan)
	want := []string{
		"~ billing-agent -> llm-proxy.ziti (dial, via llm-dial, granted but no common edge router): no common edge router any more",
		"~ billing-agent -> orders-db.ziti tcp/5432 (dial, via orders-db-dial, granted but no common edge router): no common edge router any more",
		"+ research-agent-0 -> llm-proxy.ziti (dial, via llm-dial, granted but no common edge router)",
		"! dial policy llm-dial now grants dial to #all identities",
		"1 gained, 0 lost, 2 changed, 0 unknown until apply, 1 policies newly grant #all.",
	}
	sameLines(t, "diff", got, want)
}

func TestParsePlan_badInput(t *testing.T) {
	good := planHeader + `{"address":"ziti_identity.a","mode":"managed","type":"ziti_identity","change":{"actions":["no-op"],"before":{"id":"i1"},"after":{"id":"i1"}}}]}`
	cases := map[string]struct{ data, want string }{
		"truncated":      {good[:len(good)/2], "truncated"},
		"empty":          {"", "truncated"},
		"binary plan":    {"PK\x03\x04....", "binary plan file"},
		"state not plan": {`{"version":4,"resources":[]}`, "not a plan's JSON"},
		"other provider": {planHeader + `{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","change":{"actions":["create"]}}]}`, "plans no ziti_* resource (1 resource changes"},
		"not json":       {"plan: yes", "not valid JSON"},
	}
	for name, c := range cases {
		_, err := ParsePlan("plan.json", []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
	if _, err := ParsePlan("plan.json", []byte(good)); err != nil {
		t.Errorf("good plan: %v", err)
	}
}

func TestApply_unknownIDs(t *testing.T) {
	plan := planHeader + `{"address":"ziti_identity.a","mode":"managed","type":"ziti_identity","change":{"actions":["no-op"],"before":{"id":"elsewhere"},"after":{"id":"elsewhere"}}}]}`
	p, err := ParsePlan("plan.json", []byte(plan))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Apply(sample(), p)
	var u *UnknownIDsError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "ziti_identity.a (id elsewhere)") || !strings.Contains(err.Error(), "another controller") {
		t.Errorf("error %v, want the unknown id named", err)
	}
}

func TestCheck(t *testing.T) {
	n := sample()
	a := Evaluate(n)
	rules, err := ParseRules("rules.yaml", []byte(`
deny:
  - name: research never reaches orders
    from: ["#research"]
    address: orders-db.ziti:5432
  - name: billing never reaches orders
    from: ["#billing"]
    to: ["@orders-db.ziti"]
require:
  - name: research reaches the llm
    from: ["@research-agent-0"]
    to: ["@llm-proxy.ziti"]
`))
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Check(n, a, rules)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.String())
	}
	want := []string{
		`deny rule "billing never reaches orders" broken: billing-agent -> orders-db.ziti tcp/5432 (dial, via orders-db-dial)`,
		`require rule "research reaches the llm" broken: research-agent-0 -> llm-proxy.ziti (dial) is not granted`,
	}
	sameLines(t, "violations", got, want)

	bad, err := ParseRules("rules.yaml", []byte("deny:\n  - from: [\"#reserch\"]\n    to: [\"@nope\"]\n    address: nowhere.ziti\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(n, a, bad)
	for _, want := range []string{"from selector #reserch matches nothing", "to selector @nope matches nothing", "address nowhere.ziti is intercepted by no service"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	if _, err := ParseRules("rules.yaml", []byte("deny:\n  - from: [research]\n    to: [\"#x\"]\n    type: listen\n")); err == nil ||
		!strings.Contains(err.Error(), `selector "research" must start with #`) || !strings.Contains(err.Error(), `type "listen"`) {
		t.Errorf("invalid rule: %v", err)
	}
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Posture checks are conditions: a grant whose every policy names posture checks says so; a
// second policy granting without checks makes the access unconditional again.
func TestDiff_postureChecks(t *testing.T) {
	n := sample()
	n.PostureChecks["pc1"] = &Entity{ID: "pc1", Name: "mfa", Attributes: Attributes{Values: []string{"strong"}}}
	plan := planHeader + `
 {"address":"ziti_service_policy.orders","mode":"managed","type":"ziti_service_policy","change":{"actions":["update"],
  "before":{"id":"p1"},
  "after":{"id":"p1","name":"orders-db-dial","type":"Dial","semantic":"AnyOf","identity_roles":["#billing","#research"],"service_roles":["@s1"],"posture_check_roles":["#strong"]},
  "after_unknown":{}}},
 {"address":"ziti_service_policy.llm","mode":"managed","type":"ziti_service_policy","change":{"actions":["create"],
  "before":null,
  "after":{"name":"llm-any","type":"Dial","semantic":"AnyOf","identity_roles":["#research"],"service_roles":["@llm-proxy.ziti"],"posture_check_roles":["@mfa"]},
  "after_unknown":{"id":true}}}
]}`
	sameLines(t, "diff", diffLines(t, n, plan), []string{
		"~ billing-agent -> orders-db.ziti tcp/5432 (dial, via orders-db-dial, if posture checks pass: mfa): now requires posture checks mfa",
		"+ research-agent-0 -> llm-proxy.ziti (dial, via llm-any, if posture checks pass: mfa)",
		"+ research-agent-0 -> orders-db.ziti tcp/5432 (dial, via orders-db-dial, if posture checks pass: mfa)",
		"2 gained, 0 lost, 1 changed, 0 unknown until apply.",
	})
}

// A composite in a plan expands into the service and policies it owns: a new private resource
// is reachable by its dial_roles through <name>-dial and hosted through <name>-bind.
func TestDiff_privateResource(t *testing.T) {
	plan := planHeader + `
 {"address":"ziti_private_resource.db","mode":"managed","type":"ziti_private_resource","change":{"actions":["create"],
  "before":null,
  "after":{"name":"warehouse","address":"warehouse.internal","ports":[5432,5433],"protocols":["tcp"],"target_address":"10.0.0.5",
   "dial_roles":["#research"],"host_roles":["@billing-agent"],"posture_check_roles":[],"edge_router_roles":null},
  "after_unknown":{"id":true,"service_id":true,"dial_policy_id":true}}}
]}`
	sameLines(t, "diff", diffLines(t, sample(), plan), []string{
		"+ billing-agent -> warehouse (warehouse.internal tcp/5432-5433) (bind, via warehouse-bind)",
		"+ research-agent-0 -> warehouse (warehouse.internal tcp/5432-5433) (dial, via warehouse-dial)",
		"2 gained, 0 lost, 0 changed, 0 unknown until apply.",
	})
}

// A tunneler-enabled router planned with a Bind policy naming it: the router's identity hosts
// the service (it is no identity resource of the plan, the controller creates it).
func TestDiff_tunnelerRouterHosts(t *testing.T) {
	plan := planHeader + `
 {"address":"ziti_edge_router.dc1","mode":"managed","type":"ziti_edge_router","change":{"actions":["create"],
  "before":null,"after":{"name":"router-dc1","role_attributes":[],"is_tunneler_enabled":true},"after_unknown":{"id":true}}},
 {"address":"ziti_service_policy.host","mode":"managed","type":"ziti_service_policy","change":{"actions":["create"],
  "before":null,"after":{"name":"orders-bind","type":"Bind","semantic":"AnyOf","identity_roles":["@router-dc1"],"service_roles":["@orders-db.ziti"],"posture_check_roles":[]},
  "after_unknown":{"id":true}}}
]}`
	sameLines(t, "diff", diffLines(t, sample(), plan), []string{
		"+ router-dc1 -> orders-db.ziti tcp/5432 (bind, via orders-bind)",
		"1 gained, 0 lost, 0 changed, 0 unknown until apply.",
	})
}

// A planned reference to something that exists nowhere is reported, not silently dropped.
func TestDiff_unresolvedReference(t *testing.T) {
	plan := planHeader + `
 {"address":"ziti_service_policy.host","mode":"managed","type":"ziti_service_policy","change":{"actions":["create"],
  "before":null,"after":{"name":"orders-bind","type":"Bind","semantic":"AnyOf","identity_roles":["@router-typo"],"service_roles":["@orders-db.ziti"],"posture_check_roles":[]},
  "after_unknown":{"id":true}}}
]}`
	sameLines(t, "diff", diffLines(t, sample(), plan), []string{
		"? service policy orders-bind: identity_roles @router-typo names no identity of the controller or the plan",
		"0 gained, 0 lost, 0 changed, 0 unknown until apply, 1 references resolve to nothing.",
	})
}
