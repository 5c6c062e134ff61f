package jwtsigner_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_external_jwt_signer.k8s"

func signer(name string, lines ...string) string {
	return acctest.Resource("ziti_external_jwt_signer", "k8s", append([]string{fmt.Sprintf("name = %q", name)}, lines...)...)
}

func TestAccExternalJWTSigner_lifecycle(t *testing.T) {
	name := acctest.Name("jwt")
	issuer := "https://" + name + ".example.com"
	created := []string{fmt.Sprintf("issuer = %q", issuer), `audience = "openziti"`,
		fmt.Sprintf("jwks_endpoint = %q", issuer+"/openid/v1/jwks"), `tags = { owner = "tf" }`}
	updated := []string{fmt.Sprintf("issuer = %q", issuer), `audience = "agents"`,
		fmt.Sprintf("jwks_endpoint = %q", issuer+"/keys"), `claims_property = "email"`, `use_external_id = false`, `enabled = false`,
		`external_auth_url = "https://login.example.com/authorize"`, `client_id = "ziti-desktop"`, `scopes = ["openid", "email"]`,
		`target_token = "ID"`}
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.ExternalJWTSigners, "ziti_external_jwt_signer"),
		Steps: []resource.TestStep{
			{
				Config: signer(name, created...),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "issuer", knownvalue.StringExact(issuer)),
					acctest.Value(addr, "audience", knownvalue.StringExact("openziti")),
					acctest.Value(addr, "claims_property", knownvalue.StringExact("sub")),
					acctest.Value(addr, "use_external_id", knownvalue.Bool(true)),
					acctest.Value(addr, "enabled", knownvalue.Bool(true)),
					acctest.Value(addr, "cert_pem", knownvalue.Null()),
					acctest.Value(addr, "kid", knownvalue.Null()),
					acctest.Value(addr, "external_auth_url", knownvalue.Null()),
					acctest.Value(addr, "client_id", knownvalue.Null()),
					acctest.Value(addr, "scopes", acctest.StringSet()),
					acctest.Value(addr, "target_token", knownvalue.StringExact("ACCESS")),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id),
					acctest.CheckAPI(t, client.ExternalJWTSigners, &id, func(d *rest_model.ExternalJWTSignerDetail) error {
						if *d.Issuer != issuer || *d.Audience != "openziti" || string(*d.JwksEndpoint) != issuer+"/openid/v1/jwks" ||
							*d.ClaimsProperty != "sub" || !*d.UseExternalID || !*d.Enabled {
							return fmt.Errorf("controller holds issuer=%s audience=%s jwks=%s claims=%s useExternalId=%v enabled=%v",
								*d.Issuer, *d.Audience, *d.JwksEndpoint, *d.ClaimsProperty, *d.UseExternalID, *d.Enabled)
						}
						return nil
					})),
			},
			{
				Config:           signer(name, updated...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "audience", knownvalue.StringExact("agents")),
					acctest.Value(addr, "claims_property", knownvalue.StringExact("email")),
					acctest.Value(addr, "use_external_id", knownvalue.Bool(false)),
					acctest.Value(addr, "enabled", knownvalue.Bool(false)),
					acctest.Value(addr, "scopes", acctest.StringSet("email", "openid")),
					acctest.Value(addr, "target_token", knownvalue.StringExact("ID")),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id),
					acctest.CheckAPI(t, client.ExternalJWTSigners, &id, func(d *rest_model.ExternalJWTSignerDetail) error {
						if *d.Enabled || *d.UseExternalID || *d.ClientID != "ziti-desktop" || *d.ExternalAuthURL != "https://login.example.com/authorize" ||
							len(d.Scopes) != 2 || string(*d.TargetToken) != "ID" {
							return fmt.Errorf("controller holds enabled=%v useExternalId=%v clientId=%s externalAuthUrl=%s scopes=%v targetToken=%s",
								*d.Enabled, *d.UseExternalID, *d.ClientID, *d.ExternalAuthURL, d.Scopes, *d.TargetToken)
						}
						return nil
					})),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator re-enables the signer and widens its audience in the console: the
				// plan shows it and the apply puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.ExternalJWTSigners, &id, func(d *rest_model.ExternalJWTSignerDetail) *rest_model.ExternalJWTSignerUpdate {
					enabled, audience := true, "anyone"
					return &rest_model.ExternalJWTSignerUpdate{Name: d.Name, Issuer: d.Issuer, Audience: &audience, JwksEndpoint: d.JwksEndpoint,
						ClaimsProperty: d.ClaimsProperty, UseExternalID: d.UseExternalID, Enabled: &enabled, ExternalAuthURL: d.ExternalAuthURL,
						ClientID: d.ClientID, Scopes: d.Scopes, TargetToken: d.TargetToken}
				}),
				Config:           signer(name, updated...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "audience", knownvalue.StringExact("agents")),
					acctest.Value(addr, "enabled", knownvalue.Bool(false)),
				},
			},
			{
				// Back to the minimal configuration: the OIDC settings are cleared on the controller.
				Config:           signer(name, created...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.ExternalJWTSigners, &id, func(d *rest_model.ExternalJWTSignerDetail) error {
					if d.ClientID != nil && *d.ClientID != "" || d.ExternalAuthURL != nil && *d.ExternalAuthURL != "" || len(d.Scopes) != 0 {
						return fmt.Errorf("controller still holds clientId=%v externalAuthUrl=%v scopes=%v", d.ClientID, d.ExternalAuthURL, d.Scopes)
					}
					return nil
				}),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.ExternalJWTSigners, &id),
				Config:           signer(name, created...),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

// A signer with a certificate instead of a JWKS endpoint; the certificate is read back as the
// same certificate whatever PEM layout the controller answers with.
func TestAccExternalJWTSigner_certificate(t *testing.T) {
	name := acctest.Name("jwtcert")
	pem := strings.TrimSpace(string(testca.PEM(t, name)))
	config := signer(name, fmt.Sprintf("issuer = %q", "https://"+name), `audience = "openziti"`, `kid = "key-1"`,
		"cert_pem = <<-EOT\n"+pem+"\n  EOT")
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.ExternalJWTSigners, "ziti_external_jwt_signer"),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "kid", knownvalue.StringExact("key-1")),
					acctest.Value(addr, "jwks_endpoint", knownvalue.Null()),
					acctest.Value(addr, "cert_pem", knownvalue.StringExact(pem+"\n")),
				},
			},
			{Config: config, ConfigPlanChecks: acctest.ExpectEmptyPlan()},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"cert_pem"}},
		},
	})
}

func TestAccExternalJWTSigner_invalidConfigs(t *testing.T) {
	const base = `audience = "openziti"`
	const jwks = `jwks_endpoint = "https://issuer.example.com/jwks"`
	invalid := func(name, attr, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: signer("x", lines...), Error: acctest.ErrorOn(attr, want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("jwks endpoint not a URL", "jwks_endpoint", `not an absolute http:// or https:// URL`, `issuer = "i"`, base, `jwks_endpoint = "issuer.example.com/jwks"`),
		invalid("jwks endpoint other scheme", "jwks_endpoint", `not an absolute http:// or https:// URL`, `issuer = "i"`, base, `jwks_endpoint = "ftp://issuer.example.com/jwks"`),
		invalid("issuer empty", "issuer", `must not be empty or blank`, `issuer = ""`, base, jwks),
		invalid("issuer blank", "issuer", `must not be empty or blank`, `issuer = "  "`, base, jwks),
		{Name: "audience missing", Config: signer("x", `issuer = "i"`, jwks), Error: regexp.MustCompile(`The argument "audience" is required`)},
		invalid("audience empty", "audience", `must not be empty or blank`, `issuer = "i"`, `audience = ""`, jwks),
		invalid("claims property with a space", "claims_property", `must be a top-level JWT claim name`, `issuer = "i"`, base, jwks, `claims_property = "service account"`),
		invalid("claims property a path", "claims_property", `must be a top-level JWT claim name`, `issuer = "i"`, base, jwks, `claims_property = "kubernetes.io/serviceaccount"`),
		{Name: "neither jwks nor cert", Config: signer("x", `issuer = "i"`, base), Error: regexp.MustCompile(`one \(and only one\) of\s+\[jwks_endpoint,cert_pem\] is\s+required`)},
		invalid("cert not PEM", "cert_pem", `expected a PEM certificate`, `issuer = "i"`, base, `cert_pem = "not a certificate"`),
		invalid("kid with jwks", "kid", `"jwks_endpoint" cannot be specified when "kid" is specified`, `issuer = "i"`, base, jwks, `kid = "k"`),
		invalid("unknown target token", "target_token", `value must be one of:.*"ACCESS".*"ID"`, `issuer = "i"`, base, jwks, `target_token = "REFRESH"`),
		invalid("external auth url not a URL", "external_auth_url", `not an absolute http`, `issuer = "i"`, base, jwks, `external_auth_url = "login"`),
	})
}

func TestAccExternalJWTSigner_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_external_jwt_signer" "one" {
  name          = "%[1]s-one"
  issuer        = "https://%[1]s-one"
  audience      = "openziti"
  jwks_endpoint = "https://%[1]s-one/jwks"
}
resource "ziti_external_jwt_signer" "two" {
  name            = "%[1]s-two"
  issuer          = "https://%[1]s-two"
  audience        = "agents"
  jwks_endpoint   = "https://%[1]s-two/jwks"
  claims_property = "email"
  enabled         = false
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_external_jwt_signer", Plural: "ziti_external_jwt_signers", List: "external_jwt_signers",
		Entity: "external JWT signer", Filter: fmt.Sprintf("name contains %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_external_jwt_signer.by_name", "issuer", knownvalue.StringExact("https://"+prefix+"-one")),
			acctest.Value("data.ziti_external_jwt_signer.by_name", "enabled", knownvalue.Bool(true)),
			acctest.Value("data.ziti_external_jwt_signer.by_id", "audience", knownvalue.StringExact("agents")),
			acctest.Value("data.ziti_external_jwt_signer.by_id", "claims_property", knownvalue.StringExact("email")),
			acctest.Value("data.ziti_external_jwt_signer.by_id", "enabled", knownvalue.Bool(false)),
		),
	})
}
