package framework

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// HTTPURLValidator accepts an absolute http:// or https:// URL with a host (a JWKS endpoint,
// an OIDC authorization server): the controller fetches or redirects to it, so anything else
// fails later and far from the attribute that caused it.
func HTTPURLValidator() validator.String {
	return StringCheck{Desc: "an absolute http:// or https:// URL", Summary: "Invalid URL", Check: func(s string) error {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an absolute http:// or https:// URL with a host, such as https://issuer.example.com/.well-known/jwks.json", s)
		}
		return nil
	}}
}

// ParseCertificatePEM reads the first certificate of a PEM document.
func ParseCertificatePEM(s string) (*x509.Certificate, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("no PEM block of type CERTIFICATE (-----BEGIN CERTIFICATE-----) found")
	}
	return x509.ParseCertificate(block.Bytes)
}

// CertificatePEMValidator accepts a PEM certificate; with mustBeCA, only a certificate that may
// sign others (basic constraints CA:TRUE), which is what the controller requires of a CA.
func CertificatePEMValidator(mustBeCA bool) validator.String {
	desc := "a PEM certificate"
	if mustBeCA {
		desc = "a PEM CA certificate (basic constraints CA:TRUE)"
	}
	return StringCheck{Desc: desc, Summary: "Invalid certificate", Check: func(s string) error {
		cert, err := ParseCertificatePEM(s)
		if err != nil {
			return fmt.Errorf("expected a PEM certificate (e.g. file(\"ca.pem\")): %v", err)
		}
		if mustBeCA && (!cert.IsCA || !cert.BasicConstraintsValid) {
			return Invalid{Summary: "Not a CA certificate",
				Detail: fmt.Sprintf("the certificate %q is not a CA (its basic constraints do not say CA:TRUE), so it cannot sign client certificates: "+
					"give the certificate of the CA that issues them, not a leaf certificate", cert.Subject.String())}
		}
		return nil
	}}
}

// SameCertificatePEM reports whether two PEM documents hold the same first certificate, so
// that the controller's re-encoding of a certificate (line breaks, trailing newline) does not
// show as a change.
func SameCertificatePEM(a, b string) bool {
	ca, err1 := ParseCertificatePEM(a)
	cb, err2 := ParseCertificatePEM(b)
	return err1 == nil && err2 == nil && ca.Equal(cb)
}
