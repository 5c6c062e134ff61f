// Package authpolicy is ziti_auth_policy: which ways an identity may log in (a certificate, a
// JWT from named external signers, a password with lockout rules) and what it must add (TOTP,
// a second JWT), so that a workload identity can be held to its platform's token and nothing
// else; and its data sources.
package authpolicy
