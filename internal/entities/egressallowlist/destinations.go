package egressallowlist

import (
	"fmt"
	"net"
	"sort"
	"strings"
)

// NormalizeHost is the form of a destination host the allowlist writes and keys by: DNS names
// and IPv6 addresses are case-insensitive, so "API.OpenAI.com" is "api.openai.com".
func NormalizeHost(host string) string { return strings.ToLower(host) }

// CatchAll says why host matches (nearly) every destination, which makes an allowlist
// meaningless: a CIDR with prefix length 0 (0.0.0.0/0, ::/0), a bare "*", or a wildcard over a
// top-level domain (*.com). "" when it does not.
func CatchAll(host string) string {
	h := strings.TrimSuffix(NormalizeHost(host), ".")
	if h == "*" {
		return fmt.Sprintf("%q matches every host name", host)
	}
	if _, n, err := net.ParseCIDR(h); err == nil {
		if ones, _ := n.Mask.Size(); ones == 0 {
			return fmt.Sprintf("%q is a CIDR with prefix length 0: it matches every address", host)
		}
		return ""
	}
	if rest, ok := strings.CutPrefix(h, "*."); ok && rest != "" && !strings.Contains(rest, ".") {
		return fmt.Sprintf("%q is a wildcard over the whole top-level domain .%s", host, rest)
	}
	return ""
}

// slug is a host as it appears in the owned entities' names.
func slug(host string) string {
	return strings.NewReplacer("*", "wildcard", "/", "_", ":", "_").Replace(NormalizeHost(host))
}

// entitySuffix is what a destination adds to the allowlist's name in its owned entities'
// names: "<name>-<protocol>-<slug>" (and -intercept, -host for its configs).
func entitySuffix(protocol, host string) string { return protocol + "-" + slug(host) }

// DestinationServiceName is the name of the service an allowlist owns for one destination
// (the access review tool names planned destinations with it).
func DestinationServiceName(allowlist, protocol, host string) string {
	return allowlist + "-" + entitySuffix(protocol, NormalizeHost(host))
}

// dest is one destination as the plan-time checks see it.
type dest struct {
	Host, Protocol string
}

// problem is one plan-time error about the destinations.
type problem struct {
	Summary, Detail string
}

// checkDestinations finds destinations listed twice (after normalisation), destinations whose
// owned entities would get the same names, and catch-all destinations (unless allowed).
func checkDestinations(dests []dest, allowCatchAll bool) []problem {
	var out []problem
	byKey := map[string]string{}  // normalised protocol:host -> host as written
	byName := map[string]string{} // entity suffix -> host as written
	for _, d := range dests {
		proto := d.Protocol
		if proto == "" {
			proto = "tcp"
		}
		k := destinationKey(proto, NormalizeHost(d.Host))
		if first, dup := byKey[k]; dup {
			out = append(out, problem{"Destination listed twice",
				fmt.Sprintf("%s is listed more than once for %s (as %q and %q; host names are compared without case): merge its ports into one destination", d.Host, proto, first, d.Host)})
			continue
		}
		byKey[k] = d.Host
		suffix := entitySuffix(proto, d.Host)
		if first, clash := byName[suffix]; clash {
			out = append(out, problem{"Destinations collide in their entity names",
				fmt.Sprintf("%q and %q (%s) would both own entities named <name>-%s: in the names, * becomes \"wildcard\" and / and : become _. "+
					"Remove one of them (they cannot both be meant), or list the other under another protocol.", first, d.Host, proto, suffix)})
			continue
		}
		byName[suffix] = d.Host
		if reason := CatchAll(d.Host); reason != "" && !allowCatchAll {
			out = append(out, problem{"Catch-all destination",
				reason + ": the allowlist would let its agents reach (nearly) anything, which is no allowlist. " +
					"List the destinations the agents need, or set allow_catch_all = true if this is really meant (ziti_network_audit reports it either way)."})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Detail < out[j].Detail })
	return out
}
