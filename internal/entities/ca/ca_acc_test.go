package ca_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_certificate_authority.team"

// heredoc writes a PEM document as an HCL heredoc value.
func heredoc(pem []byte) string { return "<<-EOT\n" + strings.TrimSpace(string(pem)) + "\n  EOT" }

func caConfig(name string, ca *testca.CA, lines ...string) string {
	return acctest.Resource("ziti_certificate_authority", "team", append([]string{fmt.Sprintf("name = %q", name), "cert_pem = " + heredoc(ca.CertPEM)}, lines...)...)
}

// Without the key the CA is registered unverified, with its verification token for the manual
// path (verification: TestAccCertificateAuthority_verification, which needs write-only
// attributes; this test also runs through the older CLIs of the smoke subset).
func TestAccCertificateAuthority_lifecycle(t *testing.T) {
	name := acctest.Name("ca")
	team, second := testca.New(t, name), testca.New(t, name+"-2")
	updated := []string{`auth_enabled = false`, `auto_ca_enrollment = true`, `ott_ca_enrollment = true`,
		`identity_name_format = "agent-[commonName]"`, `identity_roles = ["agents", "team-a"]`,
		`external_id_claim = { location = "SAN_URI", matcher = "SCHEME", matcher_criteria = "spiffe", index = 0 }`, `tags = { owner = "tf" }`}
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.CertificateAuthorities, "ziti_certificate_authority"),
		Steps: []resource.TestStep{
			{
				Config: caConfig(name, team),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "verified", knownvalue.Bool(false)),
					acctest.Value(addr, "verification_token", knownvalue.NotNull()),
					acctest.Value(addr, "fingerprint", knownvalue.NotNull()),
					acctest.Value(addr, "auth_enabled", knownvalue.Bool(true)),
					acctest.Value(addr, "auto_ca_enrollment", knownvalue.Bool(false)),
					acctest.Value(addr, "ott_ca_enrollment", knownvalue.Bool(false)),
					acctest.Value(addr, "identity_name_format", knownvalue.StringExact("[caName]-[commonName]")),
					acctest.Value(addr, "identity_roles", acctest.StringSet()),
					acctest.Value(addr, "external_id_claim", knownvalue.Null()),
					acctest.Value(addr, "verification_key_wo", knownvalue.Null()),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				Config:           caConfig(name, team, updated...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "verified", knownvalue.Bool(false)),
					acctest.Value(addr, "auth_enabled", knownvalue.Bool(false)),
					acctest.Value(addr, "identity_roles", acctest.StringSet("agents", "team-a")),
					acctest.Value(addr, "external_id_claim", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"location": knownvalue.StringExact("SAN_URI"), "matcher": knownvalue.StringExact("SCHEME"), "matcher_criteria": knownvalue.StringExact("spiffe"),
						"parser": knownvalue.StringExact("NONE"), "parser_criteria": knownvalue.StringExact(""), "index": knownvalue.Int64Exact(0)})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id),
					acctest.CheckAPI(t, client.CertificateAuthorities, &id, func(d *rest_model.CaDetail) error {
						if *d.IsAuthEnabled || !*d.IsAutoCaEnrollmentEnabled || !*d.IsOttCaEnrollmentEnabled || *d.IdentityNameFormat != "agent-[commonName]" {
							return fmt.Errorf("controller holds auth=%v auto=%v ott=%v format=%s", *d.IsAuthEnabled,
								*d.IsAutoCaEnrollmentEnabled, *d.IsOttCaEnrollmentEnabled, *d.IdentityNameFormat)
						}
						return nil
					})),
			},
			{Config: caConfig(name, team, updated...), ConfigPlanChecks: acctest.ExpectEmptyPlan()},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator enables certificate logins in the console: the plan shows it.
				PreConfig: acctest.ChangeOutOfBand(t, client.CertificateAuthorities, &id, func(d *rest_model.CaDetail) *rest_model.CaUpdate {
					on := true
					return &rest_model.CaUpdate{Name: d.Name, IsAuthEnabled: &on, IsAutoCaEnrollmentEnabled: d.IsAutoCaEnrollmentEnabled,
						IsOttCaEnrollmentEnabled: d.IsOttCaEnrollmentEnabled, IdentityNameFormat: d.IdentityNameFormat, IdentityRoles: d.IdentityRoles,
						ExternalIDClaim: d.ExternalIDClaim, Tags: d.Tags}
				}),
				Config:            caConfig(name, team, updated...),
				ConfigPlanChecks:  acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(addr, "auth_enabled", knownvalue.Bool(false))},
			},
			{
				// Back to the defaults: the claim and roles are cleared on the controller.
				Config:           caConfig(name, team),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.CertificateAuthorities, &id, func(d *rest_model.CaDetail) error {
					if len(d.IdentityRoles) != 0 || d.ExternalIDClaim != nil && d.ExternalIDClaim.Location != nil && *d.ExternalIDClaim.Location != "" {
						return fmt.Errorf("controller still holds roles %v, claim %+v", d.IdentityRoles, d.ExternalIDClaim)
					}
					return nil
				}),
			},
			{
				// Another certificate: the controller cannot change it, so the CA is replaced.
				Config:           caConfig(name, second),
				ConfigPlanChecks: acctest.ExpectReplace(addr),
				Check:            acctest.CaptureID(addr, &id),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.CertificateAuthorities, &id),
				Config:           caConfig(name, second),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

// writeOnlyCLIs: write-only attributes need OpenTofu 1.11+ or Terraform 1.11+.
var writeOnlyCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// Registered and verified in one apply, with the key never in the state; a CA registered
// unverified is verified by the apply that adds the key together with another change.
func TestAccCertificateAuthority_verification(t *testing.T) {
	name, later := acctest.Name("cav"), acctest.Name("cal")
	team, other := testca.New(t, name), testca.New(t, later)
	oneApply := caConfig(name, team, "auto_ca_enrollment = true", "verification_key_wo = "+heredoc(team.KeyPEM))
	const laterAddr = "ziti_certificate_authority.later"
	laterCA := func(lines ...string) string {
		return acctest.Resource("ziti_certificate_authority", "later", append([]string{fmt.Sprintf("name = %q", later), "cert_pem = " + heredoc(other.CertPEM)}, lines...)...)
	}
	var id string
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyCLIs,
		CheckDestroy:           acctest.CheckDestroyed(t, client.CertificateAuthorities, "ziti_certificate_authority"),
		Steps: []resource.TestStep{
			{
				Config: oneApply + laterCA(),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "verified", knownvalue.Bool(true)),
					acctest.Value(addr, "verification_key_wo", knownvalue.Null()),
					acctest.Value(laterAddr, "verified", knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id),
					acctest.CheckAPI(t, client.CertificateAuthorities, &id, func(d *rest_model.CaDetail) error {
						if !*d.IsVerified {
							return fmt.Errorf("the controller has not verified the CA")
						}
						return nil
					})),
			},
			{Config: oneApply + laterCA(), ConfigPlanChecks: acctest.ExpectEmptyPlan()},
			{
				Config:            oneApply + laterCA(`ott_ca_enrollment = true`, "verification_key_wo = "+heredoc(other.KeyPEM)),
				ConfigPlanChecks:  acctest.ExpectUpdate(laterAddr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(laterAddr, "verified", knownvalue.Bool(true))},
			},
		},
	})
}

func TestAccCertificateAuthority_invalidConfigs(t *testing.T) {
	team, other := testca.New(t, "team"), testca.New(t, "other")
	leaf, _ := team.Issue(t, "agent")
	invalid := func(name, attr, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource("ziti_certificate_authority", "team", append([]string{`name = "x"`}, lines...)...), Error: acctest.ErrorOn(attr, want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("certificate does not parse", "cert_pem", `expected a PEM certificate`, `cert_pem = "not a certificate"`),
		invalid("certificate is not a CA", "cert_pem", `is not a CA`, "cert_pem = "+heredoc(leaf)),
		{Name: "key of another CA", Config: caConfig("x", team, "verification_key_wo = "+heredoc(other.KeyPEM)),
			Error: acctest.ErrorOn("verification_key_wo", `is not the private key of the CA certificate`)},
		{Name: "key not PEM", Config: caConfig("x", team, `verification_key_wo = "secret"`),
			Error: acctest.ErrorOn("verification_key_wo", `is not a PEM private key`)},
		{Name: "unknown claim location", Config: caConfig("x", team, `external_id_claim = { location = "SUBJECT" }`),
			Error: regexp.MustCompile(`external_id_claim.location value must be one of`)},
		{Name: "blank name format", Config: caConfig("x", team, `identity_name_format = ""`),
			Error: acctest.ErrorOn("identity_name_format", `must not be empty`)},
		{Name: "role attribute with #", Config: caConfig("x", team, `identity_roles = ["#agents"]`),
			Error: acctest.ErrorOn("identity_roles", `may not start with "#"`)},
	})
}

func TestAccCertificateAuthority_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	one, two := testca.New(t, prefix+"-one"), testca.New(t, prefix+"-two")
	resources := acctest.Resource("ziti_certificate_authority", "one", fmt.Sprintf("name = %q", prefix+"-one"), "cert_pem = "+heredoc(one.CertPEM)) +
		acctest.Resource("ziti_certificate_authority", "two", fmt.Sprintf("name = %q", prefix+"-two"), "cert_pem = "+heredoc(two.CertPEM),
			`ott_ca_enrollment = true`, "verification_key_wo = "+heredoc(two.KeyPEM))
	ds := acctest.DataSources{Type: "ziti_certificate_authority", Plural: "ziti_certificate_authorities", List: "certificate_authorities",
		Entity: "certificate authority", Filter: fmt.Sprintf("name contains %q", prefix)}
	acctest.Test(t, resource.TestCase{
		TerraformVersionChecks: writeOnlyCLIs,
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_certificate_authority.by_name", "verified", knownvalue.Bool(false)),
			acctest.Value("data.ziti_certificate_authority.by_id", "verified", knownvalue.Bool(true)),
			acctest.Value("data.ziti_certificate_authority.by_id", "ott_ca_enrollment", knownvalue.Bool(true)),
		),
	})
}
