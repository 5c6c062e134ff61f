// Package identity is ziti_identity: an agent, workload or person with a cryptographic
// identity on the overlay, and its data sources ziti_identity and ziti_identities.
package identity
