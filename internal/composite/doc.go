// Package composite manages the entities a mission resource (ziti_private_resource,
// ziti_egress_allowlist) owns: configs, services, service policies and service edge router
// policies, through the same client calls as the primitive resources. A composite describes
// the children it wants; Reconcile creates, updates and deletes them in dependency order.
// Reading them back (drift) is the composite's own business: it maps what the controller holds
// to its attributes.
package composite
