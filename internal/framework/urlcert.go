package framework

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// HTTPURLValidator accepts an absolute http:// or https:// URL with a host (a JWKS endpoint,
// an OIDC authorization server): the controller fetches or redirects to it, so anything else
// fails later and far from the attribute that caused it.
func HTTPURLValidator() validator.String { return httpURLValidator{} }

type httpURLValidator struct{}

func (httpURLValidator) Description(context.Context) string {
	return "an absolute http:// or https:// URL"
}
func (v httpURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (httpURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%q is not an absolute http:// or https:// URL with a host, such as https://issuer.example.com/.well-known/jwks.json", s))
	}
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
func CertificatePEMValidator(mustBeCA bool) validator.String { return certificateValidator{mustBeCA} }

type certificateValidator struct{ mustBeCA bool }

func (v certificateValidator) Description(context.Context) string {
	if v.mustBeCA {
		return "a PEM CA certificate (basic constraints CA:TRUE)"
	}
	return "a PEM certificate"
}
func (v certificateValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (v certificateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	cert, err := ParseCertificatePEM(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid certificate",
			fmt.Sprintf("expected a PEM certificate (e.g. file(\"ca.pem\")): %v", err))
		return
	}
	if v.mustBeCA && (!cert.IsCA || !cert.BasicConstraintsValid) {
		resp.Diagnostics.AddAttributeError(req.Path, "Not a CA certificate",
			fmt.Sprintf("the certificate %q is not a CA (its basic constraints do not say CA:TRUE), so it cannot sign client certificates: "+
				"give the certificate of the CA that issues them, not a leaf certificate", cert.Subject.String()))
	}
}

// SameCertificatePEM reports whether two PEM documents hold the same first certificate, so
// that the controller's re-encoding of a certificate (line breaks, trailing newline) does not
// show as a change.
func SameCertificatePEM(a, b string) bool {
	ca, err1 := ParseCertificatePEM(a)
	cb, err2 := ParseCertificatePEM(b)
	return err1 == nil && err2 == nil && ca.Equal(cb)
}
