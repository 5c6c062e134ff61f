package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/fullsailor/pkcs7"
)

// caBundlePath is where the controller publishes its CA bundle (EST, base64 PKCS#7).
const caBundlePath = "/.well-known/est/cacerts"

func poolFromPEM(setting Setting, pemBytes []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, configErr(setting, "Invalid CA bundle", "no PEM certificate could be read from it")
	}
	return pool, nil
}

// fetchFirstCABundle fetches the CA bundle from the first member that answers; the other
// members must then present certificates it verifies (checkMembers).
func fetchFirstCABundle(ctx context.Context, endpoints []*url.URL, base *http.Transport) (*x509.CertPool, string, int, error) {
	var failures []string
	for _, u := range endpoints {
		pool, n, err := fetchCABundle(ctx, u.Host, base)
		if err == nil {
			return pool, u.Host, n, nil
		}
		failures = append(failures, u.Host+": "+err.Error())
	}
	return nil, "", 0, errors.New(strings.Join(failures, "; "))
}

// fetchCABundle downloads the controller's CA bundle WITHOUT verifying the server: it is only
// called when the user explicitly opted into trust_on_first_use.
func fetchCABundle(ctx context.Context, host string, base *http.Transport) (*x509.CertPool, int, error) {
	tr := base.Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true} //nolint:gosec // explicit user opt-in (trust_on_first_use), verified use afterwards
	hc := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+host+caBundlePath, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/pkcs7-mime")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("fetching %s: %w", caBundlePath, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, 0, fmt.Errorf("fetching %s: HTTP %d", caBundlePath, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("reading %s: %w", caBundlePath, err)
	}
	certs, err := parsePKCS7Bundle(body)
	if err != nil {
		return nil, 0, err
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, len(certs), nil
}

func parsePKCS7Bundle(body []byte) ([]*x509.Certificate, error) {
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
	if err != nil {
		return nil, fmt.Errorf("the CA bundle is not base64: %v", err)
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, fmt.Errorf("the CA bundle is not PKCS#7: %v", err)
	}
	if len(p7.Certificates) == 0 {
		return nil, errors.New("the CA bundle holds no certificate")
	}
	return p7.Certificates, nil
}

// explainTLSError turns a verification failure into what the user should change. It returns
// nil when err is not about certificate verification.
func explainTLSError(err error) *ConfigError {
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verifyErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknownAuthority), errors.As(err, &verifyErr) && !errors.As(err, &hostErr) && !errors.As(err, &invalid):
		return configErr(SettingCAPEM, "The controller's certificate is not trusted",
			"TLS verification failed (%v). Set ca_file or ca_pem (ZITI_CA_FILE) to the controller's CA bundle, "+
				"use an identity file (it carries the CA), or set trust_on_first_use = true to fetch the bundle from the controller", err)
	case errors.As(err, &hostErr):
		return configErr(SettingEndpoint, "The controller's certificate does not match the endpoint",
			"TLS verification failed (%v). Use a host name or address the certificate names", err)
	case errors.As(err, &invalid):
		return configErr(SettingCAPEM, "The controller's certificate is invalid", "TLS verification failed: %v", err)
	}
	return nil
}
