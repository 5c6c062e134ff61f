package typedconfig

import (
	"context"
	"fmt"
	"net"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// addressKind is what an address attribute accepts. The controller only checks that an address
// is a non-empty "idn-hostname" (it accepts "10.0.0.0/33" and "foo.*.com"); the tunnelers then
// treat anything that is not a valid IP, CIDR or leading wildcard as a DNS name that never
// matches. So the provider checks what the tunnelers will make of it.
type addressKind int

const (
	// interceptAddress is where clients intercept: IP, CIDR, hostname or *.domain.
	interceptAddress addressKind = iota
	// dialAddress is one address the hosting side dials: IP or hostname.
	dialAddress
	// sourceAddress is a client source: IP or CIDR.
	sourceAddress
)

func (k addressKind) describe() string {
	switch k {
	case dialAddress:
		return "An IP address or a hostname (e.g. `10.0.0.5`, `orders-db.internal`)."
	case sourceAddress:
		return "Each is an IP address or a CIDR (e.g. `10.0.0.5`, `10.8.0.0/16`)."
	}
	return "Each is an IP address, a CIDR, a hostname, or a wildcard domain whose `*` is the whole first label " +
		"(e.g. `10.0.0.5`, `10.8.0.0/16`, `llm-proxy.ziti`, `*.customer.internal`)."
}

// validateAddress returns why s is not an address of kind k, or "".
func validateAddress(k addressKind, s string) string {
	switch {
	case s == "":
		return "an address may not be empty"
	case strings.TrimSpace(s) != s:
		return fmt.Sprintf("%q has leading or trailing spaces", s)
	case net.ParseIP(s) != nil:
		return ""
	case strings.Contains(s, "/"):
		if k == dialAddress {
			return fmt.Sprintf("%q is a CIDR; the hosting side dials one address: write an IP address or a hostname", s)
		}
		if _, _, err := net.ParseCIDR(s); err != nil {
			return fmt.Sprintf("%q is not a valid CIDR: write an IP address and a prefix length that fits it, e.g. 10.8.0.0/16 or fd00::/64", s)
		}
		return ""
	case k == sourceAddress:
		return fmt.Sprintf("%q is not an IP address or a CIDR", s)
	case strings.Contains(s, "*"):
		if k == dialAddress {
			return fmt.Sprintf("%q is a wildcard; the hosting side dials one address: write an IP address or a hostname (or use forward_address)", s)
		}
		rest, ok := strings.CutPrefix(s, "*.")
		if !ok || strings.Contains(rest, "*") {
			return fmt.Sprintf("%q: a wildcard must be the whole first label and appear only there, e.g. *.example.com", s)
		}
		if msg := validateHostname(rest); msg != "" {
			return fmt.Sprintf("%q: the domain after *. %s", s, msg)
		}
		return ""
	}
	if msg := validateHostname(s); msg != "" {
		return fmt.Sprintf("%q is not an IP address, a CIDR or a hostname: it %s", s, msg)
	}
	return ""
}

// validateHostname checks DNS syntax (letters of any script, digits, '-' and '_' in labels).
func validateHostname(s string) string {
	name := strings.TrimSuffix(s, ".")
	if len(name) > 253 {
		return "is longer than 253 characters"
	}
	for _, label := range strings.Split(name, ".") {
		switch {
		case label == "":
			return "has an empty label (two dots in a row, or a leading dot)"
		case len(label) > 63:
			return fmt.Sprintf("has the label %q longer than 63 characters", label)
		case strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-"):
			return fmt.Sprintf("has the label %q starting or ending with '-'", label)
		}
		for _, r := range label {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
				return fmt.Sprintf("contains %q, which hostnames cannot contain", r)
			}
		}
	}
	return ""
}

// addressValidator checks each element of an address set, or one address string.
type addressValidator struct{ kind addressKind }

func (v addressValidator) Description(context.Context) string { return v.kind.describe() }
func (v addressValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (v addressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := validateAddress(v.kind, req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid address", msg)
	}
}
