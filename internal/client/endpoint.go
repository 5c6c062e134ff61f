package client

import (
	"fmt"
	"net/url"
	"strings"
)

// ManagementBasePath is where the controller serves the edge management API.
const ManagementBasePath = "/edge/management/v1"

// clientBasePath is the edge client API, which identity files name in ztAPI.
const clientBasePath = "/edge/client/v1"

// NormalizeEndpoint turns what a user may write for the controller into the management API's
// base URL: "https://host:port", with or without a trailing slash or "/edge/management/v1".
// It rejects anything that is not https (the controller only speaks TLS) and other paths, so a
// typo fails at configuration instead of as a 404 on the first request.
func NormalizeEndpoint(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, fmt.Errorf("the endpoint is empty")
	}
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("endpoint %q has no scheme: write it as https://host:port", raw)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a URL: %v", raw, err)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("endpoint %q uses %q: the controller API is served over https only", raw, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("endpoint %q has no host: write it as https://host:port", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("endpoint %q may not carry credentials, a query or a fragment", raw)
	}
	switch p := strings.TrimRight(u.Path, "/"); p {
	case "", ManagementBasePath:
	case clientBasePath:
		return nil, fmt.Errorf("endpoint %q is the edge client API; the provider needs the management API (https://%s or https://%s%s)", raw, u.Host, u.Host, ManagementBasePath)
	default:
		return nil, fmt.Errorf("endpoint %q has path %q; expected no path or %s", raw, u.Path, ManagementBasePath)
	}
	return &url.URL{Scheme: "https", Host: u.Host, Path: ManagementBasePath}, nil
}

// endpointFromZtAPI derives the management endpoint from an identity file's ztAPI, which names
// the client API of the same controller (same host and port).
func endpointFromZtAPI(ztAPI string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(ztAPI))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("the identity's ztAPI %q is not a URL", ztAPI)
	}
	return NormalizeEndpoint("https://" + u.Host)
}
