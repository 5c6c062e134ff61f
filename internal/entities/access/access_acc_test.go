package access_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// accessFixture is two agents and two services: the granted agent may dial db (one policy,
// with posture checks) and llm (two policies, one with posture checks, one without); the
// router hosts both; the other agent gets nothing.
type accessFixture struct {
	granted, other, llm, db, attr string
}

func newAccessFixture() accessFixture {
	return accessFixture{granted: acctest.Name("granted"), other: acctest.Name("other"),
		llm: acctest.Name("llm"), db: acctest.Name("db"), attr: "acc-" + acctest.RandomSuffix()}
}

// config is the fixture; withDB=false removes the db grant and llm's second grant.
func (f accessFixture) config(router string, withDB bool) string {
	grants := ""
	if withDB {
		grants = fmt.Sprintf(`
resource "ziti_service_policy" "dial_db" {
  name                = "%[1]s-dial-db"
  type                = "Dial"
  identity_roles      = ["@${ziti_identity.granted.name}"]
  service_roles       = ["@${ziti_service.db.name}"]
  posture_check_roles = ["#%[1]s-trusted-os"]
}
resource "ziti_service_policy" "dial_llm_direct" {
  name           = "%[1]s-dial-llm-direct"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.granted.id}"]
  service_roles  = ["@${ziti_service.llm.id}"]
  # With dial_llm granting llm without posture checks, these do not make llm require them.
  posture_check_roles = ["#%[1]s-trusted-os"]
}
`, f.attr)
	}
	policies := `ziti_service_policy.dial_llm, ziti_service_policy.host`
	if withDB {
		policies += `, ziti_service_policy.dial_db, ziti_service_policy.dial_llm_direct`
	}
	return fmt.Sprintf(`
resource "ziti_identity" "granted" {
  name            = %[2]q
  role_attributes = ["%[1]s-agents"]
}
resource "ziti_identity" "other" { name = %[3]q }
resource "ziti_service" "llm" {
  name            = %[4]q
  role_attributes = ["%[1]s-llm"]
}
resource "ziti_service" "db" { name = %[5]q }
%[9]s
resource "ziti_service_policy" "host" {
  name           = "%[1]s-host"
  type           = "Bind"
  identity_roles = ["@%[6]s"]
  service_roles  = ["@${ziti_service.llm.name}", "@${ziti_service.db.name}"]
}
%[7]s
data "ziti_identity_access" "granted" {
  identity   = ziti_identity.granted.name
  depends_on = [%[8]s]
}
data "ziti_identity_access" "other" {
  identity   = ziti_identity.other.id
  depends_on = [%[8]s]
}
data "ziti_identity_access" "router" {
  identity   = %[6]q
  depends_on = [%[8]s]
}
data "ziti_service_access" "llm" {
  service    = ziti_service.llm.name
  depends_on = [%[8]s]
}
data "ziti_service_access" "db" {
  service    = ziti_service.db.id
  depends_on = [%[8]s]
}
`, f.attr, f.granted, f.other, f.llm, f.db, router, grants, policies,
		acctest.ServicePolicy("dial_llm", f.attr+"-dial-llm", "Dial", "#"+f.attr+"-agents", "#"+f.attr+"-llm"))
}

func grantValue(service string, policies []string, online, posture bool) knownvalue.Check {
	names := make([]knownvalue.Check, len(policies))
	for i, p := range policies {
		names[i] = knownvalue.StringExact(p)
	}
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"service_name":             knownvalue.StringExact(service),
		"policies":                 knownvalue.SetExact(names),
		"has_online_common_router": knownvalue.Bool(online),
		"posture_checks_required":  knownvalue.Bool(posture),
	})
}

func memberValue(name string, admin bool) knownvalue.Check {
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{
		"identity_name": knownvalue.StringExact(name),
		"is_admin":      knownvalue.Bool(admin),
	})
}

// sameID asserts that a data source attribute holds the id of a resource.
func sameID(data string, at tfjsonpath.Path, res string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(data, at, res, tfjsonpath.New("id"), compare.ValuesSame())
}

// What an agent may reach, and who may reach a service, as the controller evaluates the
// policies: the granted agent sees exactly its two services with the policies that grant
// them; the other agent sees nothing; removing grants removes them from the answer.
func TestAccAccess_identityAndService(t *testing.T) {
	acctest.WaitRouterOnline(t)
	f := newAccessFixture()
	router := acctest.Shared(t).RouterName
	const ga, oa, ra = "data.ziti_identity_access.granted", "data.ziti_identity_access.other", "data.ziti_identity_access.router"
	const la, da = "data.ziti_service_access.llm", "data.ziti_service_access.db"
	dial, bind := tfjsonpath.New("dial"), tfjsonpath.New("bind")
	empty := knownvalue.ListExact([]knownvalue.Check{})
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: f.config(router, true),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID(ga, tfjsonpath.New("identity_id"), "ziti_identity.granted"),
					acctest.Value(ga, "identity_name", knownvalue.StringExact(f.granted)),
					// Sorted by service name: tf-acc-db-* before tf-acc-llm-*.
					statecheck.ExpectKnownValue(ga, dial, knownvalue.ListExact([]knownvalue.Check{
						grantValue(f.db, []string{f.attr + "-dial-db"}, true, true),
						grantValue(f.llm, []string{f.attr + "-dial-llm", f.attr + "-dial-llm-direct"}, true, false),
					})),
					sameID(ga, dial.AtSliceIndex(0).AtMapKey("service_id"), "ziti_service.db"),
					sameID(ga, dial.AtSliceIndex(1).AtMapKey("service_id"), "ziti_service.llm"),
					statecheck.ExpectKnownValue(ga, bind, empty),

					sameID(oa, tfjsonpath.New("identity_id"), "ziti_identity.other"),
					acctest.Value(oa, "identity_name", knownvalue.StringExact(f.other)),
					statecheck.ExpectKnownValue(oa, dial, empty),
					statecheck.ExpectKnownValue(oa, bind, empty),

					// The router hosts both services through the one Bind policy.
					statecheck.ExpectKnownValue(ra, bind, knownvalue.ListExact([]knownvalue.Check{
						grantValue(f.db, []string{f.attr + "-host"}, true, false),
						grantValue(f.llm, []string{f.attr + "-host"}, true, false),
					})),
					acctest.Value(ra, "identity_name", knownvalue.StringExact(router)),

					sameID(la, tfjsonpath.New("service_id"), "ziti_service.llm"),
					acctest.Value(la, "service_name", knownvalue.StringExact(f.llm)),
					acctest.Value(la, "dial_identities", knownvalue.ListExact([]knownvalue.Check{memberValue(f.granted, false)})),
					sameID(la, tfjsonpath.New("dial_identities").AtSliceIndex(0).AtMapKey("identity_id"), "ziti_identity.granted"),
					acctest.Value(la, "bind_identities", knownvalue.ListExact([]knownvalue.Check{memberValue(router, false)})),
					acctest.Value(la, "dialable_by_all", knownvalue.Bool(false)),

					acctest.Value(da, "service_name", knownvalue.StringExact(f.db)),
					acctest.Value(da, "dial_identities", knownvalue.ListExact([]knownvalue.Check{memberValue(f.granted, false)})),
					acctest.Value(da, "bind_identities", knownvalue.ListExact([]knownvalue.Check{memberValue(router, false)})),
				},
			},
			{
				// Taking the db grant and llm's second policy away. The data sources do not
				// depend on the deleted policies, so Terraform read them while planning, before
				// the delete: the next plan's read shows the change.
				Config: f.config(router, false),
			},
			{
				Config: f.config(router, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ga, dial, knownvalue.ListExact([]knownvalue.Check{
						grantValue(f.llm, []string{f.attr + "-dial-llm"}, true, false),
					})),
					acctest.Value(da, "dial_identities", empty),
					acctest.Value(da, "bind_identities", knownvalue.ListExact([]knownvalue.Check{memberValue(router, false)})),
					statecheck.ExpectKnownValue(oa, dial, empty),
				},
			},
		},
	})
}

// A reference that names nothing is an error on the attribute, telling the user what to fix.
func TestAccAccess_unknownReferences(t *testing.T) {
	missing := acctest.Name("missing")
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      fmt.Sprintf(`data "ziti_identity_access" "x" { identity = %q }`, missing),
				ExpectError: regexp.MustCompile(`Unknown identity ` + missing + `[\s\S]*names no identity`),
			},
			{
				Config:      fmt.Sprintf(`data "ziti_service_access" "x" { service = %q }`, missing),
				ExpectError: regexp.MustCompile(`Unknown service ` + missing + `[\s\S]*names no service`),
			},
		},
	})
}
