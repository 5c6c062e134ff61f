package revocation

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Selector selects identities (or services): all of them, or those with the given ids, the
// given "@" references (an id or a name, as policies and users write them) or role attributes.
type Selector struct {
	All        bool
	IDs        []string
	Refs       []string // "@x" without the "@": an id or a name
	Attributes []string // "#attr" without the "#"
}

// FromRoles reads role selectors as a policy holds them: "#all", "#attr", "@id" or "@name".
// Anything else (e.g. an unknown value the provider cannot read) selects all, to be safe.
func FromRoles(roles []string) Selector {
	var s Selector
	for _, r := range roles {
		switch {
		case r == "#all":
			return Selector{All: true}
		case strings.HasPrefix(r, "#"):
			s.Attributes = append(s.Attributes, strings.TrimPrefix(r, "#"))
		case strings.HasPrefix(r, "@"):
			s.Refs = append(s.Refs, strings.TrimPrefix(r, "@"))
		default:
			return Selector{All: true}
		}
	}
	return s
}

func (s Selector) empty() bool {
	return !s.All && len(s.IDs) == 0 && len(s.Refs) == 0 && len(s.Attributes) == 0
}

func (s Selector) String() string {
	if s.All {
		return "all"
	}
	var parts []string
	parts = append(parts, s.IDs...)
	for _, r := range s.Refs {
		parts = append(parts, "@"+r)
	}
	for _, a := range s.Attributes {
		parts = append(parts, "#"+a)
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Reach is a set of identity/service pairs whose access a change may have reduced: a circuit
// is in it when its dialing or hosting identity is selected by Identities and its service by
// Services.
type Reach struct {
	Identities, Services Selector
}

// Scope is what a sweep looks at: every open circuit (Full), or the circuits of its reaches.
// The zero Scope selects nothing.
type Scope struct {
	Full    bool
	Reaches []Reach
}

// Full is the scope of a change whose reach cannot be known: every open circuit.
func Full() Scope { return Scope{Full: true} }

// Identity is the scope of a change to (or the deletion of) one identity: its circuits, as
// dialer or host, to any service.
func Identity(id string) Scope {
	return Scope{Reaches: []Reach{{Identities: Selector{IDs: []string{id}}, Services: Selector{All: true}}}}
}

// Service is the scope of a change to (or the deletion of) one service: its circuits.
func Service(id string) Scope {
	return Scope{Reaches: []Reach{{Identities: Selector{All: true}, Services: Selector{IDs: []string{id}}}}}
}

// Policy is the scope of a change to (or the deletion of) a service policy that selected
// identityRoles and serviceRoles BEFORE the change: only pairs that policy granted can have
// lost access through it (a new role, type, semantic or posture check can only take away
// from what the old roles selected). Roles are read as the policy holds them.
func Policy(identityRoles, serviceRoles []string) Scope {
	r := Reach{Identities: FromRoles(identityRoles), Services: FromRoles(serviceRoles)}
	if r.Identities.empty() || r.Services.empty() {
		return Scope{} // the policy granted nothing
	}
	return Scope{Reaches: []Reach{r}}
}

// Union is the scope of both changes.
func (s Scope) Union(o Scope) Scope {
	if s.Full || o.Full {
		return Full()
	}
	return Scope{Reaches: append(slices.Clone(s.Reaches), o.Reaches...)}
}

// Empty reports whether the scope selects nothing.
func (s Scope) Empty() bool { return !s.Full && len(s.Reaches) == 0 }

// String describes the scope for messages.
func (s Scope) String() string {
	if s.Full {
		return "every open circuit"
	}
	parts := make([]string, 0, len(s.Reaches))
	for _, r := range s.Reaches {
		parts = append(parts, fmt.Sprintf("circuits of identities [%s] to services [%s]", r.Identities, r.Services))
	}
	sort.Strings(parts)
	return strings.Join(slices.Compact(parts), "; ")
}

// idSet is a resolved Selector: all, or these ids.
type idSet struct {
	all bool
	ids map[string]bool
}

func (s idSet) has(id string) bool { return s.all || s.ids[id] }

type resolvedReach struct{ identities, services idSet }

// resolve turns selectors into ids. A selector that cannot be resolved selects all (the sweep
// then looks at more circuits, never fewer), and the failure is returned for the report.
func resolve(ctx context.Context, c *client.Client, s Scope) ([]resolvedReach, []string) {
	if s.Full {
		return []resolvedReach{{idSet{all: true}, idSet{all: true}}}, nil
	}
	var out []resolvedReach
	var problems []string
	for _, r := range s.Reaches {
		ids, err := resolveSelector(ctx, c, r.Identities, client.Identities.List)
		if err != nil {
			problems = append(problems, fmt.Sprintf("resolving identities [%s]: %v (looked at every identity instead)", r.Identities, err))
			ids = idSet{all: true}
		}
		svcs, err := resolveSelector(ctx, c, r.Services, client.Services.List)
		if err != nil {
			problems = append(problems, fmt.Sprintf("resolving services [%s]: %v (looked at every service instead)", r.Services, err))
			svcs = idSet{all: true}
		}
		out = append(out, resolvedReach{ids, svcs})
	}
	return out, problems
}

func resolveSelector[D any](ctx context.Context, c *client.Client, s Selector, list func(context.Context, *client.Client, string) ([]D, error)) (idSet, error) {
	if s.All {
		return idSet{all: true}, nil
	}
	set := idSet{ids: map[string]bool{}}
	for _, id := range s.IDs {
		set.ids[id] = true
	}
	var terms []string
	for _, r := range s.Refs {
		set.ids[r] = true // "@id"
		terms = append(terms, "name = "+quote(r))
	}
	for _, a := range s.Attributes {
		terms = append(terms, "anyOf(roleAttributes) = "+quote(a))
	}
	if len(terms) == 0 {
		return set, nil
	}
	found, err := list(ctx, c, strings.Join(terms, " or "))
	if err != nil {
		return idSet{}, err
	}
	for _, d := range found {
		id, err := client.IDOf(d)
		if err != nil {
			return idSet{}, err
		}
		set.ids[id] = true
	}
	return set, nil
}

// serviceFilter is a fabric API filter for the circuits of the scope's services, or "" when
// some reach selects all services (the circuits are then filtered here).
func serviceFilter(reaches []resolvedReach) string {
	ids := map[string]bool{}
	for _, r := range reaches {
		if r.services.all {
			return ""
		}
		for id := range r.services.ids {
			ids[id] = true
		}
	}
	if len(ids) == 0 || len(ids) > 100 {
		return ""
	}
	quoted := make([]string, 0, len(ids))
	for id := range ids {
		quoted = append(quoted, quote(id))
	}
	sort.Strings(quoted)
	return "service in [" + strings.Join(quoted, ", ") + "]"
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
