package ziticonfig

import (
	"strings"
	"testing"
)

func TestValidateAddress(t *testing.T) {
	cases := []struct {
		kind AddressKind
		in   string
		want string // "" for valid, else a fragment of the message
	}{
		{InterceptAddress, "10.0.0.5", ""},
		{InterceptAddress, "fd00::1", ""},
		{InterceptAddress, "10.8.0.0/16", ""},
		{InterceptAddress, "fd00::/64", ""},
		{InterceptAddress, "llm-proxy.ziti", ""},
		{InterceptAddress, "gateway", ""},
		{InterceptAddress, "*.customer.internal", ""},
		{InterceptAddress, "bücher.example", ""},
		{InterceptAddress, "10.0.0.0/33", "not a valid CIDR"},
		{InterceptAddress, "foo/8", "not a valid CIDR"},
		{InterceptAddress, "foo.*.com", "wildcard must be the whole first label"},
		{InterceptAddress, "*foo.com", "wildcard must be the whole first label"},
		{InterceptAddress, "*.a.*.b", "wildcard must be the whole first label"},
		{InterceptAddress, "*", "wildcard must be the whole first label"},
		{InterceptAddress, "*..com", "empty label"},
		{InterceptAddress, "a..b", "empty label"},
		{InterceptAddress, "-a.b", "starting or ending with '-'"},
		{InterceptAddress, "a b.c", "contains ' '"},
		{InterceptAddress, " a.b", "leading or trailing spaces"},
		{InterceptAddress, "", "may not be empty"},
		{DialAddress, "127.0.0.1", ""},
		{DialAddress, "orders-db.internal", ""},
		{DialAddress, "10.0.0.0/8", "dials one address"},
		{DialAddress, "*.x.com", "dials one address"},
		{SourceAddress, "10.0.0.0/8", ""},
		{SourceAddress, "10.0.0.1", ""},
		{SourceAddress, "host.example", "not an IP address or a CIDR"},
	}
	for _, c := range cases {
		got := ValidateAddress(c.kind, c.in)
		switch {
		case c.want == "" && got != "":
			t.Errorf("ValidateAddress(%d, %q) = %q, want valid", c.kind, c.in, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("ValidateAddress(%d, %q) = %q, want a message containing %q", c.kind, c.in, got, c.want)
		}
	}
}
