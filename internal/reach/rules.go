package reach

import (
	"bytes"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Rules is a rules file: access that must never exist (deny) and access that must (require).
//
//	deny:
//	  - name: research agents never reach the orders database
//	    from: ["#research-agents"]        # identity selectors: #attr, @name, @id, #all
//	    to: ["@orders-db.ziti"]           # service selectors, and/or
//	    address: orders-db.ziti:5432      # what a service intercepts (host or host:port)
//	    type: dial                        # dial, bind or any (default dial)
//	require:
//	  - name: billing reaches the LLM proxy
//	    from: ["@billing-agent"]
//	    to: ["@llm-proxy.ziti"]
type Rules struct {
	Deny    []Rule `yaml:"deny"`
	Require []Rule `yaml:"require"`
}

// Rule selects identities and services (or addresses) and a policy type.
type Rule struct {
	Name    string   `yaml:"name"`
	From    []string `yaml:"from"`
	To      []string `yaml:"to"`
	Address string   `yaml:"address"`
	Type    string   `yaml:"type"`
}

// ParseRules reads a rules file (YAML). name is the file's name, for errors.
func ParseRules(name string, data []byte) (*Rules, error) {
	var r Rules
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(r.Deny)+len(r.Require) == 0 {
		return nil, fmt.Errorf("%s has no rules: write a deny: or require: list", name)
	}
	var problems []string
	for i, rule := range r.all() {
		what := rule.label(i)
		if len(rule.From) == 0 {
			problems = append(problems, what+": from (identity selectors) is empty")
		}
		if len(rule.To) == 0 && rule.Address == "" {
			problems = append(problems, what+": set to (service selectors) or address")
		}
		switch rule.Type {
		case "", "dial", "bind", "any":
		default:
			problems = append(problems, fmt.Sprintf("%s: type %q must be dial, bind or any", what, rule.Type))
		}
		for _, sel := range append(append([]string{}, rule.From...), rule.To...) {
			if !strings.HasPrefix(sel, "#") && !strings.HasPrefix(sel, "@") {
				problems = append(problems, fmt.Sprintf("%s: selector %q must start with # (an attribute, or #all) or @ (a name or id)", what, sel))
			}
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s: %s", name, strings.Join(problems, "; "))
	}
	return &r, nil
}

func (r *Rules) all() []Rule { return append(append([]Rule{}, r.Deny...), r.Require...) }

func (r Rule) label(i int) string {
	if r.Name != "" {
		return fmt.Sprintf("rule %q", r.Name)
	}
	return fmt.Sprintf("rule %d", i+1)
}

func (r Rule) types() []string {
	switch r.Type {
	case "bind":
		return []string{Bind}
	case "any":
		return []string{Dial, Bind}
	}
	return []string{Dial}
}

// Violation is a rule broken by the network.
type Violation struct {
	Rule   string `json:"rule"`
	Kind   string `json:"kind"` // "deny" or "require"
	Access string `json:"access"`
}

func (v Violation) String() string {
	return fmt.Sprintf("%s rule %q broken: %s", v.Kind, v.Rule, v.Access)
}

// Check evaluates the rules against a network. A rule naming something that exists nowhere
// (an "@" reference, an attribute no entity carries, an address no service intercepts) is an
// error naming it: such a rule could never fail.
func Check(n *Network, a *Access, rules *Rules) ([]Violation, error) {
	services := n.serviceEntities()
	var missing []string
	type resolved struct {
		rule       Rule
		kind       string
		identities map[string]match
		services   map[string]match
	}
	var all []resolved
	for i, rule := range rules.all() {
		kind := "deny"
		if i >= len(rules.Deny) {
			kind = "require"
		}
		label := rule.label(i)
		ids := selected(Roles{Values: rule.From}, AnyOf, n.Identities)
		missing = append(missing, nothingSelected(label, "from", rule.From, n.Identities)...)
		svcs := map[string]match{}
		if len(rule.To) > 0 {
			svcs = selected(Roles{Values: rule.To}, AnyOf, services)
			missing = append(missing, nothingSelected(label, "to", rule.To, services)...)
		}
		if rule.Address != "" {
			found := false
			for id, s := range n.Services {
				if intercepts(n.EndpointsOf(s), rule.Address) {
					found = true
					if len(rule.To) == 0 {
						svcs[id] = yes
					}
				} else if len(rule.To) > 0 {
					delete(svcs, id)
				}
			}
			if !found {
				missing = append(missing, fmt.Sprintf("%s: address %s is intercepted by no service", label, rule.Address))
			}
		}
		all = append(all, resolved{rule, kind, ids, svcs})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the rules name things that exist nowhere (a typo, or something not created yet): %s", strings.Join(missing, "; "))
	}
	var out []Violation
	for i, r := range all {
		name := r.rule.Name
		if name == "" {
			name = r.rule.label(i)
		}
		for _, iid := range byName(r.identities, func(id string) string { return n.Identities[id].Name }) {
			for _, sid := range byName(r.services, func(id string) string { return n.Services[id].Name }) {
				for _, typ := range r.rule.types() {
					g := a.Grants[Pair{iid, sid, typ}]
					line := Change{Line: lineOf(n, iid, sid, typ, g)}
					switch {
					case r.kind == "deny" && g != nil && g.Certain():
						line.Kind = Added
						out = append(out, Violation{name, r.kind, strings.TrimPrefix(line.String(), "+ ")})
					case r.kind == "deny" && g != nil:
						line.Kind = Unknown
						out = append(out, Violation{name, r.kind, strings.TrimPrefix(line.String(), "? ")})
					case r.kind == "require" && (g == nil || !g.Certain() || g.Router == no):
						why := "is not granted"
						if g != nil && g.Certain() {
							why = "is granted but no edge router is shared"
						} else if g != nil {
							why = "is granted only maybe (unknown until apply)"
						}
						out = append(out, Violation{name, r.kind, fmt.Sprintf("%s -> %s (%s) %s", line.Line.Identity, line.Line.Target, strings.ToLower(typ), why)})
					}
				}
			}
		}
	}
	return out, nil
}

func lineOf(n *Network, iid, sid, typ string, g *Grant) Line {
	s := n.Services[sid]
	l := Line{Identity: n.Identities[iid].Name, Service: s.Name, Target: target(n, s), Type: strings.ToLower(typ), CommonRouter: "yes"}
	if g != nil {
		l.Via, l.MaybeVia, l.PostureChecks, l.CommonRouter = g.Policies, g.Unknown, g.PostureChecks, matchWord(g.Router)
	}
	return l
}

// nothingSelected names the selectors of a rule that select no entity.
func nothingSelected(label, field string, selectors []string, pool map[string]*Entity) []string {
	var out []string
	for _, sel := range selectors {
		if sel == "#all" {
			continue
		}
		if len(selected(Roles{Values: []string{sel}}, AnyOf, pool)) == 0 {
			out = append(out, fmt.Sprintf("%s: %s selector %s matches nothing", label, field, sel))
		}
	}
	sort.Strings(out)
	return out
}

// intercepts reports whether endpoints capture address ("host" or "host:port"). Wildcard
// addresses ("*.example.com") and CIDRs match the hosts they cover.
func intercepts(eps []Endpoint, address string) bool {
	host, portStr, err := net.SplitHostPort(address)
	if err != nil {
		host, portStr = address, ""
	}
	port, _ := strconv.ParseInt(portStr, 10, 64)
	for _, ep := range eps {
		if !anyHost(ep.Addresses, host) {
			continue
		}
		if portStr == "" {
			return true
		}
		for _, r := range ep.Ports {
			if port >= r.Low && port <= r.High {
				return true
			}
		}
	}
	return false
}

func anyHost(addresses []string, host string) bool {
	host = strings.ToLower(host)
	for _, a := range addresses {
		a = strings.ToLower(a)
		switch {
		case a == host:
			return true
		case strings.HasPrefix(a, "*.") && strings.HasSuffix(host, a[1:]):
			return true
		}
		if _, cidr, err := net.ParseCIDR(a); err == nil {
			if ip := net.ParseIP(host); ip != nil && cidr.Contains(ip) {
				return true
			}
		}
	}
	return false
}

// byName orders the ids of a selection by the entities' names, so reports are stable.
func byName(set map[string]match, name func(id string) string) []string {
	ids := sortedKeys(set)
	sort.SliceStable(ids, func(i, j int) bool { return name(ids[i]) < name(ids[j]) })
	return ids
}
