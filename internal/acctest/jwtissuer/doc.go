// Package jwtissuer is a token issuer for data-plane tests of external JWT signers: its own
// RSA key pair, its JSON Web Key Set served over HTTP on loopback (what a Kubernetes API
// server's service-account issuer publishes), and tokens minted per test with the issuer,
// audience, subject and expiry the test asks for.
package jwtissuer
