package identity_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_identity.agent"

func identityConfig(name, attrs, extra string) string {
	return acctest.Resource("ziti_identity", "agent", fmt.Sprintf("name = %q", name), "role_attributes = ["+attrs+"]", extra)
}

func TestAccIdentity_lifecycle(t *testing.T) {
	name := acctest.Name("agent")
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps: []resource.TestStep{
			{
				// app_data written unsorted and spaced: the controller answers it compact and
				// sorted, which must not show as a change.
				Config: identityConfig(name, `"agents", "tier-a"`, `tags = { owner = "tf" }
  app_data = "{\"team\": \"ml\",   \"replicas\": 2}"`),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(name)),
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "tier-a")),
					acctest.Value(addr, "is_admin", knownvalue.Bool(false)),
					acctest.Value(addr, "auth_policy", knownvalue.StringExact("default")),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
					acctest.Value(addr, "enrolled", knownvalue.Bool(false)),
					acctest.Value(addr, "enrollment_jwt", knownvalue.StringRegexp(regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`))),
					acctest.Value(addr, "enrollment_expires_at", knownvalue.NotNull()),
					acctest.Value(addr, "default_hosting_precedence", knownvalue.StringExact("default")),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				// The same role attributes in another order: nothing to do.
				Config: identityConfig(name, `"tier-a", "agents"`, `tags = { owner = "tf" }
  app_data = "{\"team\": \"ml\",   \"replicas\": 2}"`),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Update in place: attributes, tags, hosting settings.
				Config: identityConfig(name, `"agents", "tier-b"`, `tags = { owner = "tf", env = "test" }
  default_hosting_cost       = 10
  default_hosting_precedence = "required"`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "tier-b")),
					acctest.Value(addr, "default_hosting_cost", knownvalue.Int64Exact(10)),
					acctest.Value(addr, "app_data", knownvalue.Null()),
				},
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator changes the identity in the console: the plan shows the drift and
				// the apply puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Identities, &id, func(d *rest_model.IdentityDetail) *rest_model.IdentityUpdate {
					attrs := rest_model.Attributes{"agents", "admin-tools"}
					return &rest_model.IdentityUpdate{Name: d.Name, Type: ptr(rest_model.IdentityTypeDefault), IsAdmin: d.IsAdmin, RoleAttributes: &attrs}
				}),
				Config: identityConfig(name, `"agents", "tier-b"`, `tags = { owner = "tf", env = "test" }
  default_hosting_cost       = 10
  default_hosting_precedence = "required"`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "tier-b")),
				},
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        acctest.DeleteOutOfBand(t, client.Identities, &id),
				Config:           identityConfig(name, `"agents"`, ""),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
			{
				// A different enrollment method cannot be changed on the controller: replace.
				Config:           identityConfig(name, `"agents"`, `enrollment { method = "none" }`),
				ConfigPlanChecks: acctest.ExpectReplace(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "enrollment_jwt", knownvalue.Null()),
				},
			},
		},
	})
}

// An enrollment block that spells out the default does not replace the identity.
func TestAccIdentity_explicitDefaultEnrollmentIsNoReplacement(t *testing.T) {
	name := acctest.Name("agent")
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps: []resource.TestStep{
			{Config: identityConfig(name, "", "")},
			{
				Config:           identityConfig(name, "", `enrollment { method = "ott" }`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
			},
		},
	})
}

// An agent enrolls with its JWT through the SDK: the identity then reports enrolled and its
// JWT is gone from the state.
func TestAccIdentity_enrolledAgent(t *testing.T) {
	name := acctest.Name("agent")
	var id string
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: identityConfig(name, `"agents"`, ""), Check: acctest.CaptureID(addr, &id)},
			{
				PreConfig: func() {
					if _, err := acctest.EnrollIdentity(context.Background(), acctest.AdminClient(t), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: identityConfig(name, `"agents"`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "enrolled", knownvalue.Bool(true)),
					acctest.Value(addr, "enrollment_jwt", knownvalue.Null()),
					acctest.Value(addr, "enrollment_expires_at", knownvalue.Null()),
				},
			},
		},
	})
}

// A token that expired unused is re-issued in place by the next apply: same identity, new
// token, new expiry.
func TestAccIdentity_expiredEnrollmentIsReissuedInPlace(t *testing.T) {
	name := acctest.Name("agent")
	var id string
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: identityConfig(name, `"agents"`, ""), Check: acctest.CaptureID(addr, &id)},
			{
				PreConfig: func() { acctest.ExpireEnrollment(t, id) },
				Config:    identityConfig(name, `"agents"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("enrollment_jwt")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "enrollment_jwt", knownvalue.NotNull()),
					acctest.Value(addr, "enrolled", knownvalue.Bool(false)),
				},
				// The token is re-issued in place: same identity.
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), func(*terraform.State) error { return checkEnrollmentValid(t, id) }),
			},
		},
	})
}

// Renaming onto a name another identity has: the controller answers 200 and keeps the old
// name; the provider says so on name instead of storing a state that is not true.
func TestAccIdentity_renameOntoExistingNameIsAnError(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps:        acctest.RenameOntoTakenName("ziti_identity"),
	})
}

func TestAccIdentity_invalidConfigs(t *testing.T) {
	invalid := func(name, line, want string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource("ziti_identity", "x", `name = "x"`, line), Error: regexp.MustCompile(want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("role attribute with #", `role_attributes = ["#agents"]`, `may not start with "#"`),
		invalid("role attribute with @", `role_attributes = ["@agents"]`, `may not start with "@"`),
		invalid("unknown precedence", `default_hosting_precedence = "sometimes"`, `value must be one of`),
		invalid("app_data not an object", `app_data = jsonencode([1, 2])`, `expected a JSON object`),
		invalid("ottca without ca", `enrollment { method = "ottca" }`, `method "ottca" needs the certificate authority`),
		invalid("updb without username", `enrollment { method = "updb" }`, `method "updb" needs the username`),
		invalid("username with ott", `enrollment { username = "x" }`, `username is only used with method "updb"`),
		invalid("unknown enrollment method", `enrollment { method = "magic" }`, `value must be one of`),
	})
}

func TestAccIdentity_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_identity" "one" {
  name            = "%[1]s-one"
  role_attributes = ["%[1]s"]
}
resource "ziti_identity" "two" {
  name            = "%[1]s-two"
  role_attributes = ["%[1]s"]
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_identity", Plural: "ziti_identities", List: "identities", Entity: "identity",
		Filter: fmt.Sprintf("anyOf(roleAttributes) = %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_identity.by_name", "role_attributes", acctest.StringSet(prefix)),
		),
	})
}

func ptr[T any](v T) *T { return &v }

func checkEnrollmentValid(t *testing.T, id string) error {
	d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		return err
	}
	if d.Enrollment == nil || d.Enrollment.Ott == nil || time.Time(d.Enrollment.Ott.ExpiresAt).Before(time.Now().Add(time.Hour)) {
		return fmt.Errorf("the enrollment was not re-issued: %+v", d.Enrollment)
	}
	return nil
}
