package client

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeEndpoint(t *testing.T) {
	cases := []struct{ in, want, wantErr string }{ // want the URL, or an error mentioning wantErr
		{in: "https://ctrl:1280", want: "https://ctrl:1280/edge/management/v1"},
		{in: "https://ctrl:1280/", want: "https://ctrl:1280/edge/management/v1"},
		{in: "https://ctrl:1280/edge/management/v1", want: "https://ctrl:1280/edge/management/v1"},
		{in: "https://ctrl:1280/edge/management/v1/", want: "https://ctrl:1280/edge/management/v1"},
		{in: " https://10.0.0.1:443 ", want: "https://10.0.0.1:443/edge/management/v1"},
		{in: "https://ctrl.example.com", want: "https://ctrl.example.com/edge/management/v1"},
		{in: "https://[::1]:1280/edge/management/v1", want: "https://[::1]:1280/edge/management/v1"},
		{in: "", wantErr: "empty"},
		{in: "ctrl:1280", wantErr: "no scheme"},
		{in: "http://ctrl:1280", wantErr: "https only"},
		{in: "https://", wantErr: "no host"},
		{in: "https://ctrl:1280/edge/client/v1", wantErr: "client API"},
		{in: "https://ctrl:1280/api", wantErr: "expected no path"},
		{in: "https://user:pw@ctrl:1280", wantErr: "credentials"}, //nolint:gosec // G101: the refused input, not a credential
		{in: "https://ctrl:1280/?x=1", wantErr: "query"},
	}
	for _, tc := range cases {
		u, err := NormalizeEndpoint(tc.in)
		switch {
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("NormalizeEndpoint(%q) error = %v; want it to mention %q", tc.in, err, tc.wantErr)
		case tc.wantErr == "" && (err != nil || u.String() != tc.want):
			t.Errorf("NormalizeEndpoint(%q) = %v, %v; want %s", tc.in, u, err, tc.want)
		}
	}
}

func TestEndpointFromIdentityZtAPI(t *testing.T) {
	u, err := endpointFromZtAPI("https://ctrl.example.com:1280/edge/client/v1")
	if err != nil || u.String() != "https://ctrl.example.com:1280/edge/management/v1" {
		t.Fatalf("got %v, %v", u, err)
	}
}

func TestAuthMethodSelection(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want AuthMethod
		attr Setting // setting named by the error, "" for success
	}{
		{"password", Config{Username: "a", Password: "b"}, AuthPassword, ""},
		{"cert", Config{CertPEM: []byte("c"), KeyPEM: []byte("k")}, AuthCert, ""},
		{"identity", Config{IdentityJSON: []byte("{}")}, AuthCert, ""},
		{"ext-jwt", Config{ExtJWT: "j.w.t"}, AuthExtJWT, ""},
		{"nothing", Config{}, "", SettingUsername},
		{"username without password", Config{Username: "a"}, "", SettingPassword},
		{"password without username", Config{Password: "b"}, "", SettingUsername},
		{"cert without key", Config{CertPEM: []byte("c")}, "", SettingKeyPEM},
		{"key without cert", Config{KeyPEM: []byte("k")}, "", SettingCertPEM},
		{"two methods", Config{Username: "a", Password: "b", ExtJWT: "j"}, "", SettingUsername},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.cfg.authMethod()
			if tc.attr == "" {
				if err != nil || got != tc.want {
					t.Fatalf("got %q, %v; want %q", got, err, tc.want)
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Setting != tc.attr {
				t.Fatalf("got %v; want a ConfigError on %s", err, tc.attr)
			}
		})
	}
}

func TestParseIdentityJSON(t *testing.T) {
	id, err := parseIdentityJSON([]byte(`{"ztAPI":"https://c:1280/edge/client/v1","id":{"cert":"pem:CERT","key":"pem:KEY","ca":"pem:CA"}}`))
	if err != nil || string(id.CertPEM) != "CERT" || string(id.KeyPEM) != "KEY" || string(id.CAPEM) != "CA" || id.ZtAPI == "" {
		t.Fatalf("got %+v, %v", id, err)
	}
	if _, err := parseIdentityJSON([]byte(`{"id":{"cert":"pem:C"}}`)); err == nil || !strings.Contains(err.Error(), "id.key") {
		t.Fatalf("missing key: %v", err)
	}
	if _, err := parseIdentityJSON([]byte(`{"id":{"cert":"file:///nonexistent/c.pem","key":"pem:K"}}`)); err == nil || !strings.Contains(err.Error(), "/nonexistent/c.pem") {
		t.Fatalf("unreadable file: %v", err)
	}
}
