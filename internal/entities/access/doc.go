// Package access serves the read-only data sources that answer "who can reach what" on the
// overlay: ziti_identity_access (what one identity can dial and bind, and why),
// ziti_service_access (who can dial and bind one service) and ziti_network_audit (findings
// about grants that are broader than they should be, or that grant nothing).
//
// They read the controller's effective-access endpoints (an identity's services per policy
// type, a policy's matched services and identities, policy advice), which evaluate role
// attributes and AllOf/AnyOf semantics exactly as the controller does when it authorizes a
// dial, instead of re-implementing role matching here.
package access
