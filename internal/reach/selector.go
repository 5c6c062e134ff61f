package reach

import "strings"

// match is a three-valued answer: an unknown role set or unknown attributes make "maybe".
type match int

const (
	no match = iota
	maybe
	yes
)

// and is yes only when both are, no when either is.
func and(a, b match) match { return min(a, b) }

// or is yes when either is, no only when both are.
func or(a, b match) match { return max(a, b) }

// selects reports whether roles select e, as the controller evaluates a policy against an
// entity (controller/db evaluatePolicyAgainstEntity, v1.7.2): the entity is selected when it
// is named ("@<id>"; the provider also accepts "@<name>", which it resolves to the id before the
// controller sees it), when the roles hold "#all" whatever the semantic, or when its role
// attributes contain all (AllOf) or any (AnyOf) of the attributes named. AllOf with no
// attribute named selects by ids only.
func selects(roles Roles, semantic string, e *Entity) match {
	if roles.Unknown {
		return maybe
	}
	var attrs []string
	for _, r := range roles.Values {
		switch {
		case r == "#all":
			return yes
		case strings.HasPrefix(r, "@"):
			if ref := r[1:]; ref == e.ID || ref == e.Name {
				return yes
			}
		case strings.HasPrefix(r, "#"):
			attrs = append(attrs, r[1:])
		}
	}
	if len(attrs) == 0 {
		return no
	}
	if e.Attributes.Unknown {
		return maybe
	}
	has := map[string]bool{}
	for _, a := range e.Attributes.Values {
		has[a] = true
	}
	matched := 0
	for _, a := range attrs {
		if has[a] {
			matched++
		}
	}
	if strings.EqualFold(semantic, AnyOf) {
		return boolMatch(matched > 0)
	}
	return boolMatch(matched == len(attrs)) // AllOf, the controller's default
}

func boolMatch(b bool) match {
	if b {
		return yes
	}
	return no
}

// selected is every entity of pool that roles select, yes or maybe.
func selected(roles Roles, semantic string, pool map[string]*Entity) map[string]match {
	out := map[string]match{}
	for id, e := range pool {
		if m := selects(roles, semantic, e); m != no {
			out[id] = m
		}
	}
	return out
}
