package typedconfig

import (
	"strings"
	"testing"
)

func TestValidateAddress(t *testing.T) {
	cases := []struct {
		kind addressKind
		in   string
		want string // "" for valid, else a fragment of the message
	}{
		{interceptAddress, "10.0.0.5", ""},
		{interceptAddress, "fd00::1", ""},
		{interceptAddress, "10.8.0.0/16", ""},
		{interceptAddress, "fd00::/64", ""},
		{interceptAddress, "llm-proxy.ziti", ""},
		{interceptAddress, "gateway", ""},
		{interceptAddress, "*.customer.internal", ""},
		{interceptAddress, "bücher.example", ""},
		{interceptAddress, "10.0.0.0/33", "not a valid CIDR"},
		{interceptAddress, "foo/8", "not a valid CIDR"},
		{interceptAddress, "foo.*.com", "wildcard must be the whole first label"},
		{interceptAddress, "*foo.com", "wildcard must be the whole first label"},
		{interceptAddress, "*.a.*.b", "wildcard must be the whole first label"},
		{interceptAddress, "*", "wildcard must be the whole first label"},
		{interceptAddress, "*..com", "empty label"},
		{interceptAddress, "a..b", "empty label"},
		{interceptAddress, "-a.b", "starting or ending with '-'"},
		{interceptAddress, "a b.c", "contains ' '"},
		{interceptAddress, " a.b", "leading or trailing spaces"},
		{interceptAddress, "", "may not be empty"},
		{dialAddress, "127.0.0.1", ""},
		{dialAddress, "orders-db.internal", ""},
		{dialAddress, "10.0.0.0/8", "dials one address"},
		{dialAddress, "*.x.com", "dials one address"},
		{sourceAddress, "10.0.0.0/8", ""},
		{sourceAddress, "10.0.0.1", ""},
		{sourceAddress, "host.example", "not an IP address or a CIDR"},
	}
	for _, c := range cases {
		got := validateAddress(c.kind, c.in)
		switch {
		case c.want == "" && got != "":
			t.Errorf("validateAddress(%d, %q) = %q, want valid", c.kind, c.in, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("validateAddress(%d, %q) = %q, want a message containing %q", c.kind, c.in, got, c.want)
		}
	}
}
