package client

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/go-openapi/runtime"
	httptransport "github.com/go-openapi/runtime/client"
	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/openziti/edge-api/rest_management_api_client"
	"github.com/openziti/edge-api/rest_management_api_client/authentication"
	"github.com/openziti/edge-api/rest_management_api_client/current_api_session"
)

// Client is a logged-in connection to one controller's management API.
type Client struct {
	// API is the generated edge-api management client, wired to this client's transport.
	API *rest_management_api_client.ZitiEdgeManagement

	endpoint  *url.URL
	transport *transport

	fabricOnce sync.Once
	fabric     *transport // the fabric API, made on first use
	session    *session
	http       *http.Client
	warnings   []string
}

// Defaults for Config fields left zero.
const (
	DefaultRequestTimeout = 30 * time.Second
)

// New validates cfg, builds the HTTP client, and opens the API session. Configuration mistakes
// come back as *ConfigError naming the attribute to change.
func New(ctx context.Context, cfg Config) (*Client, error) {
	method, err := cfg.authMethod()
	if err != nil {
		return nil, err
	}
	red := &redactor{}
	red.add(cfg.Password, cfg.ExtJWT, string(cfg.KeyPEM))

	var ident *loadedIdentity
	if len(cfg.IdentityJSON) > 0 {
		if ident, err = parseIdentityJSON(cfg.IdentityJSON); err != nil {
			return nil, configErr(SettingIdentityJSON, "Invalid identity file", "%v", err)
		}
		red.add(string(ident.KeyPEM))
		cfg.CertPEM, cfg.KeyPEM = ident.CertPEM, ident.KeyPEM
	}

	endpoint, err := resolveEndpoint(cfg.Endpoint, ident)
	if err != nil {
		return nil, err
	}

	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if len(cfg.CertPEM) > 0 {
		pair, perr := tls.X509KeyPair(cfg.CertPEM, cfg.KeyPEM)
		if perr != nil {
			return nil, red.Error(configErr(SettingCertPEM, "Invalid client certificate or key", "%v", perr))
		}
		tlsConfig.Certificates = []tls.Certificate{pair}
	}

	base := newBaseTransport()
	c := &Client{endpoint: endpoint}
	switch {
	case cfg.InsecureSkipVerify:
		tlsConfig.InsecureSkipVerify = true //nolint:gosec // the user's explicit insecure_skip_verify; the provider warns on every run
		c.warnings = append(c.warnings, "insecure_skip_verify is set: the controller's certificate is NOT verified, so anyone on the path can impersonate it and read the credentials.")
	case len(cfg.CAPEM) > 0:
		if tlsConfig.RootCAs, err = poolFromPEM(SettingCAPEM, cfg.CAPEM); err != nil {
			return nil, err
		}
	case ident != nil && len(ident.CAPEM) > 0:
		if tlsConfig.RootCAs, err = poolFromPEM(SettingIdentityJSON, ident.CAPEM); err != nil {
			return nil, err
		}
	case cfg.TrustOnFirstUse:
		pool, n, ferr := fetchCABundle(ctx, endpoint.Host, base)
		if ferr != nil {
			return nil, configErr(SettingTrustOnFirstUse, "Could not fetch the controller's CA bundle", "%v", ferr)
		}
		tlsConfig.RootCAs = pool
		c.warnings = append(c.warnings, "trust_on_first_use is set: the controller's CA bundle ("+strconv.Itoa(n)+" certificates) was fetched from "+endpoint.Host+caBundlePath+" without verification. Pin it with ca_file or ca_pem instead.")
	default:
		// System roots: right for a controller with a publicly trusted certificate.
		tlsConfig.RootCAs = nil
	}
	base.TLSClientConfig = tlsConfig

	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	c.http = &http.Client{Transport: userAgent(base, cfg.UserAgent), Timeout: timeout}

	rt := httptransport.NewWithClient(endpoint.Host, endpoint.Path, []string{"https"}, c.http)
	// The runtime dumps whole requests (passwords, session tokens) when DEBUG or SWAGGER_DEBUG
	// is set in the environment; logging goes through tflog instead.
	rt.SetDebug(false)

	c.session = &session{redact: red}
	c.transport = &transport{rt: rt, session: c.session, redact: red, retry: newRetryPolicy(cfg)}
	c.API = rest_management_api_client.New(c.transport, strfmt.Default)

	auth := &authenticator{api: authentication.New(c.transport, strfmt.Default), method: method,
		username: cfg.Username, password: cfg.Password, extJWT: cfg.ExtJWT, extJWTFile: cfg.ExtJWTFile, redact: red}
	c.session.login = auth.login
	if err := c.session.refresh(ctx, 0); err != nil {
		return nil, err
	}
	tflog.Debug(red.Context(ctx), "ziti api session opened", map[string]any{"endpoint": endpoint.String(), "method": string(method), "identity": c.session.info.IdentityName})
	return c, nil
}

func resolveEndpoint(raw string, ident *loadedIdentity) (*url.URL, error) {
	if raw != "" {
		u, err := NormalizeEndpoint(raw)
		if err != nil {
			return nil, configErr(SettingEndpoint, "Invalid endpoint", "%v", err)
		}
		return u, nil
	}
	if ident != nil && ident.ZtAPI != "" {
		u, err := endpointFromZtAPI(ident.ZtAPI)
		if err != nil {
			return nil, configErr(SettingIdentityJSON, "Invalid identity file", "%v", err)
		}
		return u, nil
	}
	return nil, configErr(SettingEndpoint, "Missing endpoint", "set endpoint (or ZITI_API_URL) to the controller, e.g. https://ctrl.example.com:1280")
}

func newBaseTransport() *http.Transport {
	return &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        32,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
	}
}

type userAgentTransport struct {
	next http.RoundTripper
	ua   string
}

func (t userAgentTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.next.RoundTrip(r)
}

func userAgent(next http.RoundTripper, ua string) http.RoundTripper {
	if ua == "" {
		return next
	}
	return userAgentTransport{next: next, ua: ua}
}

// Endpoint is the normalized management API base URL.
func (c *Client) Endpoint() *url.URL { return c.endpoint }

// Warnings are things the user should hear about on every run (insecure TLS settings).
func (c *Client) Warnings() []string { return c.warnings }

// Session describes the current API session.
func (c *Client) Session() SessionInfo {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.info
}

// SessionsOpened counts the API sessions this client has opened (1 unless one expired).
func (c *Client) SessionsOpened() int {
	c.session.mu.Lock()
	defer c.session.mu.Unlock()
	return c.session.opened
}

// Transport is the authenticated runtime transport, for generic requests.
func (c *Client) Transport() runtime.ClientTransport { return c.transport }

// Close ends the API session and releases idle connections.
func (c *Client) Close(ctx context.Context) {
	params := current_api_session.NewDeleteCurrentAPISessionParamsWithContext(ctx)
	_, _ = c.API.CurrentAPISession.DeleteCurrentAPISession(params, nil)
	c.http.CloseIdleConnections()
}
