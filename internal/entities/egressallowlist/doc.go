// Package egressallowlist is ziti_egress_allowlist: the destinations outside the overlay an
// agent may reach (api.openai.com:443 and nothing else), each on its own ports only.
package egressallowlist
