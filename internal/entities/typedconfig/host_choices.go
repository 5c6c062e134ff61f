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
	values                        func(m *hostTerminatorModel) (fixed attr.Value, forward types.Bool, allowed attr.Value)
}

var choices = []choice{
	{"protocol", "protocol", "forward_protocol", "allowed_protocols", func(m *hostTerminatorModel) (attr.Value, types.Bool, attr.Value) {
		return m.Protocol, m.ForwardProtocol, m.AllowedProtocols
	}},
	{"address", "address", "forward_address", "allowed_addresses", func(m *hostTerminatorModel) (attr.Value, types.Bool, attr.Value) {
		return m.Address, m.ForwardAddress, m.AllowedAddresses
	}},
	{"port", "port", "forward_port", "allowed_port_ranges", func(m *hostTerminatorModel) (attr.Value, types.Bool, attr.Value) {
		return m.Port, m.ForwardPort, m.AllowedPortRanges
	}},
}

// validateHost checks a host.v1 config's either/or settings at plan time.
func validateHost(_ context.Context, m *hostModel, diags *diag.Diagnostics) {
	validateTerminator(&m.hostTerminatorModel, path.Empty(), diags)
}

// validateHostV2 checks each terminator of a host.v2 config.
func validateHostV2(ctx context.Context, m *hostV2Model, diags *diag.Diagnostics) {
	if m.Terminators.IsNull() || m.Terminators.IsUnknown() {
		return
	}
	var terminators []hostTerminatorModel
	if d := m.Terminators.ElementsAs(ctx, &terminators, false); d.HasError() {
		return // an unknown nested object: checked again once it is known
	}
	for i := range terminators {
		validateTerminator(&terminators[i], path.Root("terminators").AtListIndex(i), diags)
	}
}

// validateTerminator checks one terminator's settings, whose attributes are under at. The
// controller accepts a fixed value together with its forward flag (and the tunneler then
// picks one silently), so this is the only place the mistake is caught.
func validateTerminator(m *hostTerminatorModel, at path.Path, diags *diag.Diagnostics) {
	// Terraform quotes the resource's line for an attribute inside a list: name the terminator.
	where := ""
	if len(at.Steps()) > 0 {
		where = "In " + at.String() + ": "
	}
	for _, c := range choices {
		fixed, forward, allowed := c.values(m)
		if fixed.IsUnknown() || forward.IsUnknown() || allowed.IsUnknown() {
			continue
		}
		forwarding, hasFixed, hasAllowed := forward.ValueBool(), !fixed.IsNull(), !allowed.IsNull()
		switch {
		case hasFixed && forwarding:
			diags.AddAttributeError(at.AtName(c.fixed), "Conflicting "+c.what+" settings",
				fmt.Sprintf(where+"%s and %s = true are exclusive: either dial the fixed %s, or forward the %s the client intercepted (within %s). Remove one of them.",
					c.fixed, c.forward, c.what, c.what, c.allowed))
		case !hasFixed && !forwarding:
			diags.AddAttributeError(at.AtName(c.fixed), "Missing "+c.what,
				fmt.Sprintf(where+"Set %s (the %s to dial), or set %s = true with %s (forward the %s the client intercepted).",
					c.fixed, c.what, c.forward, c.allowed, c.what))
		case forwarding && !hasAllowed:
			diags.AddAttributeError(at.AtName(c.allowed), "Missing "+c.allowed,
				fmt.Sprintf(where+"%s = true needs %s: the values the hosting side may forward to.", c.forward, c.allowed))
		case !forwarding && hasAllowed:
			diags.AddAttributeError(at.AtName(c.allowed), "Unused "+c.allowed,
				fmt.Sprintf(where+"%s is only used with %s = true; remove it, or replace %s with %s = true.", c.allowed, c.forward, c.fixed, c.forward))
		}
	}
	if !m.ForwardAddressTranslations.IsNull() && !m.ForwardAddressTranslations.IsUnknown() &&
		!m.ForwardAddress.IsUnknown() && !m.ForwardAddress.ValueBool() {
		diags.AddAttributeError(at.AtName("forward_address_translations"), "Unused forward_address_translations",
			where+"forward_address_translations rewrites forwarded addresses and is only used with forward_address = true; "+
				"remove it, or replace address with forward_address = true and allowed_addresses.")
	}
}
