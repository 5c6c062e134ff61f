// Package enrollment is the ephemeral resources that hand out enrollment tokens without
// storing them: ziti_identity_enrollment and ziti_edge_router_enrollment; and Token, the
// token as the resources ziti_identity and ziti_edge_router keep it (enrollment_jwt_in_state).
//
// An enrollment token is the identity (or router) until it is used: whoever holds it becomes
// that agent. An ephemeral resource's result never reaches the state or a saved plan, so the
// token can flow from the controller straight into a write-only attribute of the resource that
// delivers it (a Kubernetes secret's data_wo, a vault entry), and nowhere else.
//
// Opening happens on every plan and every apply. A token is therefore re-issued only when none
// is pending or the pending one has expired (Twingate's connector tokens, re-generated on each
// read, invalidated what the previous run had delivered: their issue #802). An unexpired
// token is never touched, and a router or identity that has enrolled is never re-enrolled.
package enrollment
