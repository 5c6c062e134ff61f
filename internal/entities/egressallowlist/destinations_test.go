package egressallowlist

import (
	"strings"
	"testing"
)

func TestCatchAll(t *testing.T) {
	for _, h := range []string{"0.0.0.0/0", "::/0", "*.com", "*.COM", "*.io.", "*"} {
		if CatchAll(h) == "" {
			t.Errorf("CatchAll(%q) = \"\", want a reason", h)
		}
	}
	for _, h := range []string{"10.0.0.0/8", "api.openai.com", "*.googleapis.com", "1.2.3.4", "fd00::/64", "0.0.0.0/1"} {
		if r := CatchAll(h); r != "" {
			t.Errorf("CatchAll(%q) = %q, want none", h, r)
		}
	}
}

func TestCheckDestinations(t *testing.T) {
	cases := []struct {
		name  string
		dests []dest
		allow bool
		want  []string // substrings, one per problem
	}{
		{"distinct", []dest{{"api.x.com", "tcp"}, {"*.x.com", "tcp"}, {"10.0.0.0/8", "tcp"}, {"api.x.com", "udp"}}, false, nil},
		{"wildcard slug", []dest{{"*.x.com", "tcp"}, {"wildcard.x.com", "tcp"}}, false, []string{`"*.x.com" and "wildcard.x.com"`}},
		{"cidr slug", []dest{{"10.0.0.0/8", "tcp"}, {"10.0.0.0_8", "tcp"}}, false, []string{`"10.0.0.0/8" and "10.0.0.0_8"`}},
		{"other protocol does not collide", []dest{{"*.x.com", "tcp"}, {"wildcard.x.com", "udp"}}, false, nil},
		{"case duplicate", []dest{{"API.x.com", "tcp"}, {"api.x.com", ""}}, false, []string{"listed more than once"}},
		{"catch-all v4", []dest{{"0.0.0.0/0", "tcp"}}, false, []string{"prefix length 0"}},
		{"catch-all v6", []dest{{"::/0", "udp"}}, false, []string{"prefix length 0"}},
		{"catch-all tld", []dest{{"*.com", "tcp"}}, false, []string{"top-level domain"}},
		{"catch-all allowed", []dest{{"0.0.0.0/0", "tcp"}, {"*.com", "tcp"}}, true, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := checkDestinations(tc.dests, tc.allow)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %d problems", got, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i].Detail, w) {
					t.Errorf("problem %d: %q, want it to contain %q", i, got[i].Detail, w)
				}
			}
		})
	}
}

func TestSlugIsCaseInsensitive(t *testing.T) {
	if entitySuffix("tcp", "API.X.com") != entitySuffix("tcp", "api.x.com") {
		t.Error("host case changes the entity names")
	}
}
