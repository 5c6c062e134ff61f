// Package ca is ziti_certificate_authority: a team's own CA (cert-manager, SPIFFE, a corporate
// PKI) registered on the controller, so that workloads holding certificates from it can enroll
// and log in without a token from the controller; with its verification (proof that the
// registrant holds the CA's key) in the same apply when the key is given write-only; and its
// data sources.
package ca
