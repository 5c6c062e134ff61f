// Package jwtsigner is ziti_external_jwt_signer: an outside token issuer (a Kubernetes
// cluster's service-account issuer, an OIDC provider) whose JWTs the controller accepts as
// logins, so that a workload authenticates with the token its platform already gives it
// instead of a one-time enrollment secret; and its data sources.
package jwtsigner
