package testca

import "testing"

// PEM is a freshly generated, self-signed CA certificate (PEM) named commonName, valid for an
// hour either side of now: a CA that signed nothing a test controller serves.
func PEM(t testing.TB, commonName string) []byte {
	t.Helper()
	return New(t, commonName).CertPEM
}
