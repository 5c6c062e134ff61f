package client

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-openapi/runtime"
	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/openziti/edge-api/rest_management_api_client"
	"github.com/openziti/edge-api/rest_management_api_client/authentication"
	"github.com/openziti/edge-api/rest_management_api_client/current_api_session"
)

// Client is a logged-in connection to a controller's management API: one controller, or the
// members of a cluster, failing over between them.
type Client struct {
	// API is the generated edge-api management client, wired to this client's transport.
	API *rest_management_api_client.ZitiEdgeManagement

	cluster   *cluster
	transport *transport
	fabric    *transport // the fabric API, same members and sessions
	lookups   *lookupCache
	http      *http.Client
	warnings  []string
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

	endpoints, err := resolveEndpoints(cfg, ident)
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
	c := &Client{}
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
		pool, host, n, ferr := fetchFirstCABundle(ctx, endpoints, base)
		if ferr != nil {
			return nil, configErr(SettingTrustOnFirstUse, "Could not fetch the controller's CA bundle", "%v", ferr)
		}
		tlsConfig.RootCAs = pool
		c.warnings = append(c.warnings, "trust_on_first_use is set: the controller's CA bundle ("+strconv.Itoa(n)+" certificates) was fetched from "+host+caBundlePath+" without verification. Pin it with ca_file or ca_pem instead.")
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

	c.cluster = &cluster{}
	for _, u := range endpoints {
		c.cluster.members = append(c.cluster.members, newMember(u, c.http, red))
	}
	policy := newRetryPolicy(cfg)
	c.lookups = newLookupCache()
	c.transport = &transport{cluster: c.cluster, redact: red, retry: policy, lookups: c.lookups}
	c.fabric = &transport{cluster: c.cluster, fabric: true, redact: red, retry: policy, lookups: c.lookups}
	c.API = rest_management_api_client.New(c.transport, strfmt.Default)

	// Each member is logged in to through a transport of its own. With other members to go
	// to, a member that fails a login is left at once: the request moves on.
	loginPolicy := policy
	loginPolicy.never = !c.cluster.single()
	for _, m := range c.cluster.members {
		pinned := &transport{cluster: c.cluster, pinned: m, redact: red, retry: loginPolicy}
		auth := &authenticator{api: authentication.New(pinned, strfmt.Default), method: method,
			username: cfg.Username, password: cfg.Password, extJWT: cfg.ExtJWT, extJWTFile: cfg.ExtJWTFile, redact: red}
		m.session.login = auth.login
	}
	m, err := c.openFirstSession(ctx, policy)
	if err != nil {
		return nil, err
	}
	if err := c.checkMembers(ctx, m); err != nil {
		c.Close(ctx)
		return nil, err
	}
	tflog.Debug(red.Context(ctx), "ziti api session opened", map[string]any{"endpoint": m.endpoint.String(), "members": len(endpoints), "method": string(method), "identity": m.session.info.IdentityName})
	return c, nil
}

// openFirstSession logs in to the first member that lets it, in the order the user gave, so
// that configuration mistakes surface before any plan. When every member is down it goes
// round again within the retry budget, then names each member and why.
func (c *Client) openFirstSession(ctx context.Context, policy retryPolicy) (*member, error) {
	started := time.Now()
	var failures []string
	for round := 1; ; round++ {
		var last error
		for range c.cluster.members {
			m := c.cluster.current()
			_, _, err := m.session.ensure(ctx)
			if err == nil {
				return m, nil
			}
			if c.cluster.single() || !shouldFailOver(http.MethodPost, opAuthenticate, err) {
				return nil, err // wrong credentials, TLS, or a single controller already retried
			}
			failures = append(failures, memberFailure(m, err))
			c.cluster.failOver(m, err)
			last = err
		}
		wait, stop := policy.next(http.MethodPost, opAuthenticate, round, started, last)
		if stop != nil {
			return nil, fmt.Errorf("no controller of the cluster could be logged in to (%v): %s", stop, strings.Join(failures, "; "))
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// endpointOfIdentity is the controller an identity file names, when no endpoint is set.
func endpointOfIdentity(ident *loadedIdentity) (*url.URL, error) {
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

// Endpoint is the normalized management API base URL of the controller requests go to now.
func (c *Client) Endpoint() *url.URL { return c.cluster.current().endpoint }

// Warnings are things the user should hear about on every run (insecure TLS settings).
func (c *Client) Warnings() []string { return c.warnings }

// Session describes the API session with the controller requests go to now.
func (c *Client) Session() SessionInfo {
	s := c.cluster.current().session
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// SessionsOpened counts the API sessions this client has opened, on every member (1 unless
// one expired or the client failed over).
func (c *Client) SessionsOpened() int {
	n := 0
	for _, m := range c.cluster.members {
		m.session.mu.Lock()
		n += m.session.opened
		m.session.mu.Unlock()
	}
	return n
}

// Transport is the authenticated runtime transport, for generic requests.
func (c *Client) Transport() runtime.ClientTransport { return c.transport }

// Close ends the API session on every member that has one and releases idle connections.
// It does not retry: a member that is down has nothing to end.
func (c *Client) Close(ctx context.Context) {
	once := c.transport.retry
	once.never = true
	for _, m := range c.cluster.members {
		m.session.mu.Lock()
		open := m.session.token != ""
		m.session.mu.Unlock()
		if !open {
			continue
		}
		pinned := &transport{cluster: c.cluster, pinned: m, redact: c.transport.redact, retry: once}
		params := current_api_session.NewDeleteCurrentAPISessionParamsWithContext(ctx)
		_, _ = current_api_session.New(pinned, strfmt.Default).DeleteCurrentAPISession(params, nil)
	}
	c.http.CloseIdleConnections()
}
