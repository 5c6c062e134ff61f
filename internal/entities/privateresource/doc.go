// Package privateresource is ziti_private_resource: a customer's database or API registered
// on the overlay, reachable only by the agents named, one-way and port-specific.
package privateresource
