package provider

import (
	"path/filepath"
	"strings"
	"testing"
)

// Tools beside the provider (ziti-access) resolve the same environment the same way, and get
// the same errors as one message.
func TestClientConfigFromEnvironment(t *testing.T) {
	t.Setenv("ZITI_API_URL", "https://env:1280")
	t.Setenv("ZITI_USERNAME", "env-user")
	t.Setenv("ZITI_PASSWORD", "env-pass")
	t.Setenv("ZITI_REQUEST_TIMEOUT", "45s")
	cfg, err := ClientConfigFromEnvironment()
	if err != nil || cfg.Endpoint != "https://env:1280" || cfg.Username != "env-user" || cfg.Password != "env-pass" || cfg.RequestTimeout.String() != "45s" {
		t.Fatalf("config %+v, error %v", cfg.Endpoint, err)
	}
	t.Setenv("ZITI_MAX_RETRIES", "many")
	if _, err = ClientConfigFromEnvironment(); err == nil || !strings.Contains(err.Error(), "Invalid ZITI_MAX_RETRIES: not a whole number") {
		t.Errorf("error %v, want the invalid ZITI_MAX_RETRIES named", err)
	}
	t.Setenv("ZITI_MAX_RETRIES", "")
	t.Setenv("ZITI_CA_FILE", filepath.Join(t.TempDir(), "missing.pem"))
	if _, err = ClientConfigFromEnvironment(); err == nil || !strings.Contains(err.Error(), "Cannot read ca_file") {
		t.Errorf("error %v, want the unreadable CA file named", err)
	}
}
