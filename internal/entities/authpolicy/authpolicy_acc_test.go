package authpolicy_test

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
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_auth_policy.p"

// signers are two external JWT signers the policies name.
func signers(prefix string) string {
	return fmt.Sprintf(`
resource "ziti_external_jwt_signer" "a" {
  name          = "%[1]s-a"
  issuer        = "https://%[1]s-a"
  audience      = "openziti"
  jwks_endpoint = "https://%[1]s-a/jwks"
}
resource "ziti_external_jwt_signer" "b" {
  name          = "%[1]s-b"
  issuer        = "https://%[1]s-b"
  audience      = "openziti"
  jwks_endpoint = "https://%[1]s-b/jwks"
}
`, prefix)
}

func policy(name string, lines ...string) string {
	return acctest.Resource("ziti_auth_policy", "p", append([]string{fmt.Sprintf("name = %q", name)}, lines...)...)
}

func TestAccAuthPolicy_lifecycle(t *testing.T) {
	name := acctest.Name("ap")
	onlyJWT := []string{`primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.a.id] }`, `tags = { owner = "tf" }`}
	everything := []string{
		`primary_cert = { allow_expired_certs = true }`,
		`primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.a.id, ziti_external_jwt_signer.b.id] }`,
		`primary_updb = { min_password_length = 12, require_special_char = true, require_number_char = true, require_mixed_case = true, max_attempts = 3, lockout_duration_minutes = 15 }`,
		`secondary_totp = true`,
		`secondary_ext_jwt_signer = ziti_external_jwt_signer.b.id`,
	}
	var id, signerA string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.AuthPolicies, "ziti_auth_policy"),
		Steps: []resource.TestStep{
			{
				Config: signers(name) + policy(name, onlyJWT...),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "primary_cert", knownvalue.Null()),
					acctest.Value(addr, "primary_updb", knownvalue.Null()),
					acctest.Value(addr, "primary_ext_jwt", knownvalue.ObjectExact(map[string]knownvalue.Check{"allowed_signers": knownvalue.SetSizeExact(1)})),
					acctest.Value(addr, "secondary_totp", knownvalue.Bool(false)),
					acctest.Value(addr, "secondary_ext_jwt_signer", knownvalue.Null()),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id), acctest.CaptureID("ziti_external_jwt_signer.a", &signerA),
					acctest.CheckAPI(t, client.AuthPolicies, &id, func(d *rest_model.AuthPolicyDetail) error {
						p := d.Primary
						if *p.Cert.Allowed || *p.Updb.Allowed || !*p.ExtJWT.Allowed || len(p.ExtJWT.AllowedSigners) != 1 || p.ExtJWT.AllowedSigners[0] != signerA {
							return fmt.Errorf("controller holds cert=%v updb=%v extJwt=%v signers=%v, want only ext-jwt with %s",
								*p.Cert.Allowed, *p.Updb.Allowed, *p.ExtJWT.Allowed, p.ExtJWT.AllowedSigners, signerA)
						}
						return nil
					})),
			},
			{
				// The signer by name instead of id: the same signer on the controller, and the
				// state keeps the name as written, so the next plan is empty.
				Config: signers(name) + policy(name, fmt.Sprintf(`primary_ext_jwt = { allowed_signers = [%q] }`, name+"-a"), `tags = { owner = "tf" }`),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(addr, "primary_ext_jwt",
					knownvalue.ObjectExact(map[string]knownvalue.Check{"allowed_signers": acctest.StringSet(name + "-a")}))},
				Check: acctest.CheckAPI(t, client.AuthPolicies, &id, func(d *rest_model.AuthPolicyDetail) error {
					if s := d.Primary.ExtJWT.AllowedSigners; len(s) != 1 || s[0] != signerA {
						return fmt.Errorf("controller holds signers %v, want [%s]", s, signerA)
					}
					return nil
				}),
			},
			{
				Config:           signers(name) + policy(name, fmt.Sprintf(`primary_ext_jwt = { allowed_signers = [%q] }`, name+"-a"), `tags = { owner = "tf" }`),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				Config:           signers(name) + policy(name, everything...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "primary_cert", knownvalue.ObjectExact(map[string]knownvalue.Check{"allow_expired_certs": knownvalue.Bool(true)})),
					acctest.Value(addr, "primary_updb", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"min_password_length": knownvalue.Int64Exact(12), "require_special_char": knownvalue.Bool(true), "require_number_char": knownvalue.Bool(true),
						"require_mixed_case": knownvalue.Bool(true), "max_attempts": knownvalue.Int64Exact(3), "lockout_duration_minutes": knownvalue.Int64Exact(15)})),
					acctest.Value(addr, "primary_ext_jwt", knownvalue.ObjectExact(map[string]knownvalue.Check{"allowed_signers": knownvalue.SetSizeExact(2)})),
					acctest.Value(addr, "secondary_totp", knownvalue.Bool(true)),
					acctest.SameValue(addr, "secondary_ext_jwt_signer", "ziti_external_jwt_signer.b", "id"),
				},
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id),
					acctest.CheckAPI(t, client.AuthPolicies, &id, func(d *rest_model.AuthPolicyDetail) error {
						u := d.Primary.Updb
						if !*u.Allowed || *u.MinPasswordLength != 12 || *u.MaxAttempts != 3 || *u.LockoutDurationMinutes != 15 || !*d.Secondary.RequireTotp {
							return fmt.Errorf("controller holds updb=%+v secondary totp=%v", *u, *d.Secondary.RequireTotp)
						}
						return nil
					})),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator turns password logins off and TOTP off in the console: the plan shows it.
				PreConfig: acctest.ChangeOutOfBand(t, client.AuthPolicies, &id, func(d *rest_model.AuthPolicyDetail) *rest_model.AuthPolicyUpdate {
					off := false
					d.Primary.Updb.Allowed = &off
					d.Secondary.RequireTotp = &off
					return &rest_model.AuthPolicyUpdate{AuthPolicyCreate: rest_model.AuthPolicyCreate{Name: d.Name, Primary: d.Primary, Secondary: d.Secondary, Tags: d.Tags}}
				}),
				Config:           signers(name) + policy(name, everything...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "secondary_totp", knownvalue.Bool(true)),
					acctest.Value(addr, "primary_updb", knownvalue.ObjectPartial(map[string]knownvalue.Check{"max_attempts": knownvalue.Int64Exact(3)})),
				},
			},
			{
				// Back to JWT only: certificates and passwords are refused again on the controller.
				Config:           signers(name) + policy(name, onlyJWT...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.AuthPolicies, &id, func(d *rest_model.AuthPolicyDetail) error {
					if *d.Primary.Cert.Allowed || *d.Primary.Updb.Allowed || *d.Secondary.RequireTotp || d.Secondary.RequireExtJWTSigner != nil {
						return fmt.Errorf("controller still allows cert=%v updb=%v or requires totp=%v signer=%v", *d.Primary.Cert.Allowed,
							*d.Primary.Updb.Allowed, *d.Secondary.RequireTotp, d.Secondary.RequireExtJWTSigner)
					}
					return nil
				}),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.AuthPolicies, &id),
				Config:           signers(name) + policy(name, onlyJWT...),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

func TestAccAuthPolicy_invalidConfigs(t *testing.T) {
	// A signer that does not exist is reported at plan time (PlanOnly), on the attribute.
	unknown := func(name, attr, line string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: policy("x", line),
			Error: regexp.MustCompile(`(?s)Unknown external JWT signer no-such-signer.*\b` + attr + `\s+=.*names no external JWT signer`)}
	}
	nested := func(name, want, line string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: policy("x", line), Error: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		unknown("signer that does not exist", "primary_ext_jwt", `primary_ext_jwt = { allowed_signers = ["no-such-signer"] }`),
		unknown("secondary signer that does not exist", "secondary_ext_jwt_signer", `secondary_ext_jwt_signer = "no-such-signer"`),
		nested("blank signer", `primary_ext_jwt.allowed_signers\[Value\(""\)\] must name a signer`, `primary_ext_jwt = { allowed_signers = [""] }`),
		nested("ext_jwt without signers", `attribute "allowed_signers" is required`, `primary_ext_jwt = {}`),
		nested("password length 0", `primary_updb.min_password_length value must be between 1 and 255`, `primary_updb = { min_password_length = 0 }`),
		nested("negative attempts", `primary_updb.max_attempts value must be at least 0`, `primary_updb = { max_attempts = -1 }`),
		nested("negative lockout", `primary_updb.lockout_duration_minutes value must be at least 0`, `primary_updb = { lockout_duration_minutes = -5 }`),
	})
}

func TestAccAuthPolicy_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := signers(prefix) + fmt.Sprintf(`
resource "ziti_auth_policy" "one" {
  name            = "%[1]s-one"
  primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.a.id] }
}
resource "ziti_auth_policy" "two" {
  name         = "%[1]s-two"
  primary_cert = {}
  primary_updb = { max_attempts = 10 }
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_auth_policy", Plural: "ziti_auth_policies", List: "auth_policies", Entity: "auth policy",
		Filter: fmt.Sprintf("name contains %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_auth_policy.by_name", "primary_cert", knownvalue.Null()),
			acctest.Value("data.ziti_auth_policy.by_name", "primary_ext_jwt", knownvalue.ObjectExact(map[string]knownvalue.Check{"allowed_signers": knownvalue.SetSizeExact(1)})),
			acctest.Value("data.ziti_auth_policy.by_id", "primary_cert", knownvalue.ObjectExact(map[string]knownvalue.Check{"allow_expired_certs": knownvalue.Bool(false)})),
			acctest.Value("data.ziti_auth_policy.by_id", "primary_updb", knownvalue.ObjectPartial(map[string]knownvalue.Check{"max_attempts": knownvalue.Int64Exact(10)})),
			acctest.Value("data.ziti_auth_policy.by_id", "primary_ext_jwt", knownvalue.Null()),
		),
	})
}
