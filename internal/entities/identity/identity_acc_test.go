package identity_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_identity.agent"

func identityConfig(name, attrs, extra string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name            = %q
  role_attributes = [%s]
  %s
}
`, name, attrs, extra)
}

func strs(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

func TestAccIdentity_lifecycle(t *testing.T) {
	name := acctest.Name("agent")
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps: []resource.TestStep{
			{
				// app_data written unsorted and spaced: the controller answers it compact and
				// sorted, which must not show as a change.
				Config: identityConfig(name, `"agents", "tier-a"`, `tags = { owner = "tf" }
  app_data = "{\"team\": \"ml\",   \"replicas\": 2}"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_attributes"), strs("agents", "tier-a")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("is_admin"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("auth_policy"), knownvalue.StringExact("default")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("tags"), knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrolled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_jwt"), knownvalue.StringRegexp(regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_expires_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("default_hosting_precedence"), knownvalue.StringExact("default")),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				// The same role attributes in another order: nothing to do.
				Config: identityConfig(name, `"tier-a", "agents"`, `tags = { owner = "tf" }
  app_data = "{\"team\": \"ml\",   \"replicas\": 2}"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Update in place: attributes, tags, hosting settings.
				Config: identityConfig(name, `"agents", "tier-b"`, `tags = { owner = "tf", env = "test" }
  default_hosting_cost       = 10
  default_hosting_precedence = "required"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_attributes"), strs("agents", "tier-b")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("default_hosting_cost"), knownvalue.Int64Exact(10)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("app_data"), knownvalue.Null()),
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
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_attributes"), strs("agents", "tier-b")),
				},
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        acctest.DeleteOutOfBand(t, client.Identities, &id),
				Config:           identityConfig(name, `"agents"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}},
			},
			{
				// A different enrollment method cannot be changed on the controller: replace.
				Config:           identityConfig(name, `"agents"`, `enrollment { method = "none" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_jwt"), knownvalue.Null()),
				},
			},
		},
	})
}

// An enrollment block that spells out the default does not replace the identity.
func TestAccIdentity_explicitDefaultEnrollmentIsNoReplacement(t *testing.T) {
	name := acctest.Name("agent")
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps: []resource.TestStep{
			{Config: identityConfig(name, "", "")},
			{
				Config:           identityConfig(name, "", `enrollment { method = "ott" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
			},
		},
	})
}

// An agent enrolls with its JWT through the SDK: the identity then reports enrolled and its
// JWT is gone from the state.
func TestAccIdentity_enrolledAgent(t *testing.T) {
	name := acctest.Name("agent")
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
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
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrolled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_jwt"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_expires_at"), knownvalue.Null()),
				},
			},
		},
	})
}

// A token that expired unused is re-issued in place by the next apply: same identity, new
// token, new expiry.
func TestAccIdentity_expiredEnrollmentIsReissuedInPlace(t *testing.T) {
	name := acctest.Name("agent")
	var id, idAfter string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: identityConfig(name, `"agents"`, ""), Check: acctest.CaptureID(addr, &id)},
			{
				PreConfig: func() { expireEnrollment(t, id) },
				Config:    identityConfig(name, `"agents"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("enrollment_jwt")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_jwt"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrolled"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &idAfter), func(*terraformState) error {
					if idAfter != id {
						return fmt.Errorf("the identity was replaced (%s -> %s); the token must be re-issued in place", id, idAfter)
					}
					return checkEnrollmentValid(t, id)
				}),
			},
		},
	})
}

// Renaming onto a name another identity has: the controller answers 200 and keeps the old
// name; the provider says so on name instead of storing a state that is not true.
func TestAccIdentity_renameOntoExistingNameIsAnError(t *testing.T) {
	a, b := acctest.Name("a"), acctest.Name("b")
	two := func(second string) string {
		return fmt.Sprintf(`
resource "ziti_identity" "a" { name = %q }
resource "ziti_identity" "b" { name = %q }
`, a, second)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: two(b)},
			{Config: two(a), ExpectError: regexp.MustCompile(`(?s)did not apply the name.*still named`)},
		},
	})
}

func TestAccIdentity_invalidConfigs(t *testing.T) {
	cases := map[string]struct{ extra, want string }{
		"role attribute with #":     {`role_attributes = ["#agents"]`, `may not start with "#"`},
		"role attribute with @":     {`role_attributes = ["@agents"]`, `may not start with "@"`},
		"unknown precedence":        {`default_hosting_precedence = "sometimes"`, `value must be one of`},
		"app_data not an object":    {`app_data = jsonencode([1, 2])`, `expected a JSON object`},
		"ottca without ca":          {`enrollment { method = "ottca" }`, `method "ottca" needs the certificate authority`},
		"updb without username":     {`enrollment { method = "updb" }`, `method "updb" needs the username`},
		"username with ott":         {`enrollment { username = "x" }`, `username is only used with method "updb"`},
		"unknown enrollment method": {`enrollment { method = "magic" }`, `value must be one of`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 acctest.PreCheck(t),
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("resource \"ziti_identity\" \"x\" {\n  name = \"x\"\n  %s\n}\n", tc.extra),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func TestAccIdentity_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	config := fmt.Sprintf(`
resource "ziti_identity" "one" {
  name            = "%[1]s-one"
  role_attributes = ["%[1]s"]
}
resource "ziti_identity" "two" {
  name            = "%[1]s-two"
  role_attributes = ["%[1]s"]
}
data "ziti_identity" "by_name" {
  name       = ziti_identity.one.name
}
data "ziti_identity" "by_id" {
  id = ziti_identity.two.id
}
data "ziti_identities" "tagged" {
  filter     = "anyOf(roleAttributes) = \"%[1]s\""
  depends_on = [ziti_identity.one, ziti_identity.two]
}
`, prefix)
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ziti_identity.by_name", tfjsonpath.New("role_attributes"), strs(prefix)),
					statecheck.CompareValuePairs("data.ziti_identity.by_name", tfjsonpath.New("id"), "ziti_identity.one", tfjsonpath.New("id"), compareEqual),
					statecheck.ExpectKnownValue("data.ziti_identity.by_id", tfjsonpath.New("name"), knownvalue.StringExact(prefix+"-two")),
					statecheck.ExpectKnownValue("data.ziti_identities.tagged", tfjsonpath.New("identities"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.ziti_identities.tagged", tfjsonpath.New("identities").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact(prefix+"-one")),
				},
			},
			{
				Config:      config + "\ndata \"ziti_identity\" \"none\" {\n  name = \"" + prefix + "-missing\"\n}\n",
				ExpectError: regexp.MustCompile(`Expected exactly one identity`),
			},
		},
	})
}

func ptr[T any](v T) *T { return &v }

// expireEnrollment shortens the pending enrollment so that it expires within a second and
// waits for that, as a token left unused for three hours would.
func expireEnrollment(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	c := acctest.AdminClient(t)
	d, err := client.Identities.Get(ctx, c, id)
	if err != nil || d.Enrollment == nil || d.Enrollment.Ott == nil {
		t.Fatalf("identity %s has no pending ott enrollment: %v", id, err)
	}
	soon := strfmt.DateTime(time.Now().Add(time.Second))
	if err := c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/enrollments/{id}/refresh",
		Params: map[string]string{"id": d.Enrollment.Ott.ID}, Body: &rest_model.EnrollmentRefresh{ExpiresAt: &soon}}); err != nil {
		t.Fatalf("shortening the enrollment: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
}

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
