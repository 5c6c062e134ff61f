package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// The schemas of the provider and of every resource and data source are valid (the framework
// checks defaults, nesting and names when it serves them).
func TestSchemasAreValid(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	if len(resp.ResourceSchemas) == 0 || len(resp.DataSourceSchemas) == 0 {
		t.Fatalf("no resources (%d) or data sources (%d)", len(resp.ResourceSchemas), len(resp.DataSourceSchemas))
	}
	// Composite mission resources own several entities and have no data source of their own:
	// the access data sources describe what they grant.
	composites := map[string]bool{"ziti_private_resource": true, "ziti_egress_allowlist": true}
	for name := range resp.ResourceSchemas {
		if _, ok := resp.DataSourceSchemas[name]; !ok && !composites[name] {
			t.Errorf("resource %s has no singular data source", name)
		}
	}
}

func TestConfigurationWinsOverEnvironmentPerGroup(t *testing.T) {
	t.Setenv("ZITI_API_URL", "https://env:1280")
	t.Setenv("ZITI_USERNAME", "env-user")
	t.Setenv("ZITI_PASSWORD", "env-pass")
	t.Setenv("ZITI_CA_PEM", "env-ca")
	t.Setenv("ZITI_CA_FILE", "")
	t.Setenv("ZITI_REQUEST_TIMEOUT", "")
	t.Setenv("ZITI_MAX_RETRIES", "")

	var diags diag.Diagnostics
	m := emptyModel()
	m.ExtJWT = types.StringValue("header.payload.sig")
	cfg, ok := clientConfig(m, &diags)
	if !ok {
		t.Fatal(diags)
	}
	if cfg.Username != "" || cfg.Password != "" || cfg.ExtJWT == "" {
		t.Fatalf("credentials from the environment leaked into a configured ext_jwt: %+v", cfg)
	}
	if cfg.Endpoint != "https://env:1280" || string(cfg.CAPEM) != "env-ca" {
		t.Fatalf("endpoint and CA should still come from the environment: %+v", cfg)
	}

	m = emptyModel()
	cfg, ok = clientConfig(m, &diags)
	if !ok || cfg.Username != "env-user" || cfg.Password != "env-pass" {
		t.Fatalf("environment credentials not used when the configuration has none: %+v %v", cfg, diags)
	}
}

func TestInvalidEnvironmentValuesNameTheAttribute(t *testing.T) {
	t.Setenv("ZITI_REQUEST_TIMEOUT", "soon")
	t.Setenv("ZITI_INSECURE_SKIP_VERIFY", "maybe")
	var diags diag.Diagnostics
	if _, ok := clientConfig(emptyModel(), &diags); ok {
		t.Fatal("invalid values accepted")
	}
	attrs := map[string]bool{}
	for _, d := range diags {
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			attrs[withPath.Path().String()] = true
		}
	}
	if !attrs["request_timeout"] || !attrs["insecure_skip_verify"] {
		t.Fatalf("diagnostics %v do not name request_timeout and insecure_skip_verify", diags)
	}
}

func emptyModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), Username: types.StringNull(), Password: types.StringNull(),
		IdentityFile: types.StringNull(), IdentityJSON: types.StringNull(), CertPEM: types.StringNull(), KeyPEM: types.StringNull(),
		ExtJWT: types.StringNull(), CAPEM: types.StringNull(), CAFile: types.StringNull(),
		InsecureSkipVerify: types.BoolNull(), TrustOnFirstUse: types.BoolNull(), RequestTimeout: types.StringNull(), MaxRetries: types.Int64Null(), RevokeOpen: types.BoolNull(),
	}
}

func TestClusterEndpointsFromConfigurationOrEnvironment(t *testing.T) {
	t.Setenv("ZITI_API_URL", "")
	t.Setenv("ZITI_API_URLS", " https://a:1280, https://b:1280 ,")
	var diags diag.Diagnostics
	cfg, ok := clientConfig(emptyModel(), &diags)
	if !ok || strings.Join(cfg.Endpoints, " ") != "https://a:1280 https://b:1280" || cfg.Endpoint != "" {
		t.Fatalf("ZITI_API_URLS: endpoints %q, endpoint %q, %v", cfg.Endpoints, cfg.Endpoint, diags)
	}

	m := emptyModel()
	m.Endpoint = types.StringValue("https://one:1280")
	if cfg, _ = clientConfig(m, &diags); len(cfg.Endpoints) != 0 || cfg.Endpoint != "https://one:1280" {
		t.Fatalf("a configured endpoint must win over ZITI_API_URLS: %+v", cfg)
	}

	t.Setenv("ZITI_API_URL", "https://env:1280")
	m = emptyModel()
	m.Endpoints = types.ListValueMust(types.StringType, []attr.Value{types.StringValue("https://c:1280")})
	if cfg, _ = clientConfig(m, &diags); strings.Join(cfg.Endpoints, " ") != "https://c:1280" || cfg.Endpoint != "" {
		t.Fatalf("configured endpoints must win over both variables: %+v", cfg)
	}

	addClientError(&diags, &client.ConfigError{Setting: client.SettingEndpoints, Summary: "Duplicate endpoint"})
	last, ok := diags[len(diags)-1].(diag.DiagnosticWithPath)
	if !ok || last.Path().String() != "endpoints" {
		t.Fatalf("a client error about the cluster's members is reported on %v, want endpoints", diags[len(diags)-1])
	}
}
