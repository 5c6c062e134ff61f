package typedconfig

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// choice is one of host.v1's either/or settings: dial a fixed value, or forward the intercepted
// one within an allowed set.
type choice struct {
	what, fixed, forward, allowed string
	values                        func(m *hostModel) (fixed attr.Value, forward types.Bool, allowed attr.Value)
}

var choices = []choice{
	{"protocol", "protocol", "forward_protocol", "allowed_protocols", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Protocol, m.ForwardProtocol, m.AllowedProtocols
	}},
	{"address", "address", "forward_address", "allowed_addresses", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Address, m.ForwardAddress, m.AllowedAddresses
	}},
	{"port", "port", "forward_port", "allowed_port_ranges", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Port, m.ForwardPort, m.AllowedPortRanges
	}},
}

// validateHost checks the either/or settings at plan time. The controller accepts a fixed
// value together with its forward flag (and the tunneler then picks one silently), so this is
// the only place the mistake is caught.
func validateHost(_ context.Context, m *hostModel, diags *diag.Diagnostics) {
	for _, c := range choices {
		fixed, forward, allowed := c.values(m)
		if fixed.IsUnknown() || forward.IsUnknown() || allowed.IsUnknown() {
			continue
		}
		forwarding, hasFixed, hasAllowed := forward.ValueBool(), !fixed.IsNull(), !allowed.IsNull()
		switch {
		case hasFixed && forwarding:
			diags.AddAttributeError(path.Root(c.fixed), "Conflicting "+c.what+" settings",
				fmt.Sprintf("%s and %s = true are exclusive: either dial the fixed %s, or forward the %s the client intercepted (within %s). Remove one of them.",
					c.fixed, c.forward, c.what, c.what, c.allowed))
		case !hasFixed && !forwarding:
			diags.AddAttributeError(path.Root(c.fixed), "Missing "+c.what,
				fmt.Sprintf("Set %s (the %s to dial), or set %s = true with %s (forward the %s the client intercepted).",
					c.fixed, c.what, c.forward, c.allowed, c.what))
		case forwarding && !hasAllowed:
			diags.AddAttributeError(path.Root(c.allowed), "Missing "+c.allowed,
				fmt.Sprintf("%s = true needs %s: the values the hosting side may forward to.", c.forward, c.allowed))
		case !forwarding && hasAllowed:
			diags.AddAttributeError(path.Root(c.allowed), "Unused "+c.allowed,
				fmt.Sprintf("%s is only used with %s = true; remove it, or replace %s with %s = true.", c.allowed, c.forward, c.fixed, c.forward))
		}
	}
}
