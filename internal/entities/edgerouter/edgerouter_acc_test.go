package edgerouter_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const (
	addr       = "ziti_edge_router.edge"
	quickstart = "router-quickstart"
	jwtPattern = `^eyJ[\w-]+\.[\w-]+\.[\w-]+$`
	routerType = "ziti_edge_router"
)

var jwt = knownvalue.StringRegexp(regexp.MustCompile(jwtPattern))

func routerConfig(name, attrs, extra string) string {
	return acctest.Resource(routerType, "edge", fmt.Sprintf("name = %q", name), "role_attributes = ["+attrs+"]", extra)
}

func TestAccEdgeRouter_lifecycle(t *testing.T) {
	name := acctest.Name("er")
	var id string
	created := `cost = 10
  tags     = { owner = "tf" }
  app_data = "{\"zone\": \"eu-1\",   \"rack\": 7}"`
	updated := `cost         = 20
  no_traversal = true
  disabled     = true
  tags         = { owner = "tf", env = "test" }`
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.EdgeRouters, routerType),
		Steps: []resource.TestStep{
			{
				Config: routerConfig(name, `"edge", "tier-a"`, created),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(name)),
					acctest.Value(addr, "role_attributes", acctest.StringSet("edge", "tier-a")),
					acctest.Value(addr, "cost", knownvalue.Int64Exact(10)),
					acctest.Value(addr, "is_tunneler_enabled", knownvalue.Bool(false)),
					acctest.Value(addr, "no_traversal", knownvalue.Bool(false)),
					acctest.Value(addr, "disabled", knownvalue.Bool(false)),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
					acctest.Value(addr, "app_data", knownvalue.NotNull()),
					acctest.Value(addr, "enrollment_jwt", jwt),
					acctest.Value(addr, "enrollment_expires_at", knownvalue.NotNull()),
					acctest.Value(addr, "is_verified", knownvalue.Bool(false)),
					acctest.Value(addr, "is_online", knownvalue.Bool(false)),
					acctest.Value(addr, "fingerprint", knownvalue.Null()),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				// The same role attributes in another order: nothing to do.
				Config:           routerConfig(name, `"tier-a", "edge"`, created),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Update in place: attributes, cost, traversal, disabled, tags; app_data removed.
				Config:           routerConfig(name, `"edge", "tier-b"`, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("edge", "tier-b")),
					acctest.Value(addr, "cost", knownvalue.Int64Exact(20)),
					acctest.Value(addr, "no_traversal", knownvalue.Bool(true)),
					acctest.Value(addr, "disabled", knownvalue.Bool(true)),
					acctest.Value(addr, "tags", knownvalue.MapSizeExact(2)),
					acctest.Value(addr, "app_data", knownvalue.Null()),
					// An update does not touch the pending enrollment.
					acctest.Value(addr, "enrollment_jwt", jwt),
				},
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), acctest.CheckAPI(t, client.EdgeRouters, &id, func(d *rest_model.EdgeRouterDetail) error {
					if *d.Cost != 20 || !*d.NoTraversal || !*d.Disabled || (d.AppData != nil && len(d.AppData.SubTags) != 0) {
						return fmt.Errorf("the controller holds cost=%d noTraversal=%v disabled=%v appData=%v", *d.Cost, *d.NoTraversal, *d.Disabled, d.AppData)
					}
					return nil
				})),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator changes the router in the console: the plan shows the drift and
				// the apply puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.EdgeRouters, &id, func(d *rest_model.EdgeRouterDetail) *rest_model.EdgeRouterUpdate {
					attrs := rest_model.Attributes{"edge", "rogue"}
					cost := int64(99)
					return &rest_model.EdgeRouterUpdate{Name: d.Name, RoleAttributes: &attrs, Cost: &cost, NoTraversal: d.NoTraversal, Disabled: d.Disabled, Tags: d.Tags}
				}),
				Config:           routerConfig(name, `"edge", "tier-b"`, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("edge", "tier-b")),
					acctest.Value(addr, "cost", knownvalue.Int64Exact(20)),
				},
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        acctest.DeleteOutOfBand(t, client.EdgeRouters, &id),
				Config:           routerConfig(name, `"edge"`, ""),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "cost", knownvalue.Int64Exact(0)),
					acctest.Value(addr, "disabled", knownvalue.Bool(false)),
					acctest.Value(addr, "enrollment_jwt", jwt),
				},
			},
		},
	})
}

// Switching the tunneler on and off is an in-place update; the controller creates and
// deletes the router's identity and system policy with it, and deletes both with the router.
func TestAccEdgeRouter_tunnelerToggledInPlace(t *testing.T) {
	name := acctest.Name("er-tun")
	renamed := name + "-renamed"
	var id string
	want := func(n string, identity, policy bool) func(*terraform.State) error {
		return func(*terraform.State) error {
			gotIdentity, gotPolicy, err := tunnelerEntities(t, id, n)
			if err != nil {
				return err
			}
			if gotIdentity != identity || gotPolicy != policy {
				return fmt.Errorf("router %s: identity exists=%v (want %v), system policy exists=%v (want %v)", id, gotIdentity, identity, gotPolicy, policy)
			}
			return nil
		}
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: func(s *terraform.State) error {
			if err := acctest.CheckDestroyed(t, client.EdgeRouters, routerType)(s); err != nil {
				return err
			}
			// The tunneler identity and system policy go with the router.
			return want(renamed, false, false)(s)
		},
		Steps: []resource.TestStep{
			{
				Config: routerConfig(name, "", ""),
				Check:  resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id), want(name, false, false)),
			},
			{
				Config:            routerConfig(name, "", "is_tunneler_enabled = true"),
				ConfigPlanChecks:  acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(addr, "is_tunneler_enabled", knownvalue.Bool(true))},
				Check:             resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), want(name, true, true)),
			},
			{
				// Renaming the router renames its identity.
				Config:           routerConfig(renamed, "", "is_tunneler_enabled = true"),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check:            resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), want(renamed, true, true)),
			},
			{
				Config:            routerConfig(renamed, "", ""),
				ConfigPlanChecks:  acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(addr, "is_tunneler_enabled", knownvalue.Bool(false))},
				Check:             resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), want(renamed, false, false)),
			},
			{
				// On again, so that the destroy shows the cascade.
				Config: routerConfig(renamed, "", "is_tunneler_enabled = true"),
				Check:  resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), want(renamed, true, true)),
			},
		},
	})
}

// The router enrolls outside Terraform: the token disappears, the router becomes verified and
// gets a fingerprint. These computed attributes are refreshed into the state without planning
// any change, and an update afterwards keeps them.
func TestAccEdgeRouter_enrollmentOutsideTerraformPlansNothing(t *testing.T) {
	name := acctest.Name("er-enroll")
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.EdgeRouters, routerType),
		Steps: []resource.TestStep{
			{Config: routerConfig(name, `"edge"`, ""), Check: acctest.CaptureID(addr, &id)},
			{
				PreConfig:        func() { enrollRouter(t, id) },
				Config:           routerConfig(name, `"edge"`, ""),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "enrollment_jwt", knownvalue.Null()),
					acctest.Value(addr, "enrollment_expires_at", knownvalue.Null()),
					acctest.Value(addr, "is_verified", knownvalue.Bool(true)),
					acctest.Value(addr, "fingerprint", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{40}$`))),
					acctest.Value(addr, "is_online", knownvalue.Bool(false)), // enrolled, but no router process runs
				},
			},
			{
				// A real change after enrollment: the computed attributes are known after the
				// apply and come back with the same values.
				Config:           routerConfig(name, `"edge", "enrolled"`, ""),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "enrollment_jwt", knownvalue.Null()),
					acctest.Value(addr, "is_verified", knownvalue.Bool(true)),
					acctest.Value(addr, "fingerprint", knownvalue.NotNull()),
				},
				Check: acctest.SameID(addr, &id),
			},
		},
	})
}

// Renaming onto a name another router has fails on name (see acctest.RenameOntoTakenName).
func TestAccEdgeRouter_renameOntoExistingNameIsAnError(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.EdgeRouters, routerType),
		Steps:        acctest.RenameOntoTakenName(routerType),
	})
}

func TestAccEdgeRouter_invalidConfigs(t *testing.T) {
	invalid := func(name, line, want string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource(routerType, "x", `name = "x"`, line), Error: regexp.MustCompile(want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("cost above 65535", `cost = 70000`, `(?s)cost.*must be between 0 and 65535, got: 70000`),
		invalid("negative cost", `cost = -1`, `(?s)cost.*must be between 0 and 65535, got: -1`),
		invalid("role attribute with #", `role_attributes = ["#x"]`, `(?s)role_attributes.*may not start with "#"`),
		invalid("role attribute with @", `role_attributes = ["@x"]`, `(?s)role_attributes.*may not start with "@"`),
		invalid("app_data not an object", `app_data = jsonencode([1, 2])`, `(?s)app_data.*expected a JSON object`),
		invalid("app_data a string", `app_data = jsonencode("zone")`, `(?s)app_data.*expected a JSON object`),
	})
}

// The quickstart's router, read by name: enrolled, online (once it has connected), public,
// tunneler-enabled. It is only read, never changed.
func TestAccEdgeRouter_dataSourceQuickstartRouter(t *testing.T) {
	const ds = "data.ziti_edge_router.qs"
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			PreConfig: func() { acctest.WaitRouterOnline(t) },
			Config: fmt.Sprintf(`
data "ziti_edge_router" "qs" {
  name = %q
}
data "ziti_edge_routers" "public" {
  filter = "anyOf(roleAttributes) = \"public\""
}
`, quickstart),
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.Value(ds, "id", knownvalue.NotNull()),
				acctest.Value(ds, "is_online", knownvalue.Bool(true)),
				acctest.Value(ds, "is_verified", knownvalue.Bool(true)),
				acctest.Value(ds, "is_tunneler_enabled", knownvalue.Bool(true)),
				acctest.Value(ds, "role_attributes", knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("public")})),
				acctest.Value(ds, "fingerprint", knownvalue.NotNull()),
				// enrollment_jwt is not a data source attribute (data sources store no secrets).
				acctest.Value(ds, "disabled", knownvalue.Bool(false)),
			},
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckTypeSetElemNestedAttrs("data.ziti_edge_routers.public", "edge_routers.*", map[string]string{"name": quickstart, "is_online": "true"}),
				resource.TestCheckTypeSetElemAttrPair("data.ziti_edge_routers.public", "ids.*", ds, "id"),
			),
		}},
	})
}

func TestAccEdgeRouter_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_edge_router" "one" {
  name            = "%[1]s-one"
  role_attributes = ["%[1]s"]
  cost            = 5
}
resource "ziti_edge_router" "two" {
  name            = "%[1]s-two"
  role_attributes = ["%[1]s"]
}
`, prefix)
	ds := acctest.DataSources{Type: routerType, Plural: "ziti_edge_routers", List: "edge_routers", Entity: "edge router",
		Filter: fmt.Sprintf("anyOf(roleAttributes) = %q", prefix)}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.EdgeRouters, routerType),
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_edge_router.by_name", "role_attributes", acctest.StringSet(prefix)),
			acctest.Value("data.ziti_edge_router.by_name", "cost", knownvalue.Int64Exact(5)),
			// The enrollment token stays with the resource; the data source shows its expiry only.
			acctest.SameValue("data.ziti_edge_router.by_name", "enrollment_expires_at", "ziti_edge_router.one", "enrollment_expires_at"),
			acctest.Value("data.ziti_edge_router.by_id", "is_verified", knownvalue.Bool(false)),
		),
	})
}

// The tunneler identity takes the router's name: when an identity already has it, the
// controller refuses the router. On create its error points at name; on an update (which the
// controller answers with an unattributed 500) the provider refuses at plan time, on the
// attribute that causes the clash.
func TestAccEdgeRouter_tunnelerNameTakenByIdentity(t *testing.T) {
	name := acctest.Name("er-clash")
	other := acctest.Name("er-free")
	acctest.CreateEnrolledIdentity(t, name, false)
	// The summary, then the offending line of the configuration, then the detail.
	clashOn := func(line string) *regexp.Regexp {
		return regexp.MustCompile(`(?s)The router's tunneler identity would clash.*\d+:\s+` + line + `.*already\s+named\s+"` + regexp.QuoteMeta(name) + `"`)
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.EdgeRouters, routerType),
		Steps: []resource.TestStep{
			{
				Config:      routerConfig(name, "", "is_tunneler_enabled = true"),
				ExpectError: regexp.MustCompile(`(?s)line \d+, in resource "ziti_edge_router" "edge":\s+\d+:\s+name\s+=.*duplicate value.*on identities store`),
			},
			{
				// Without the tunneler the name is free for a router.
				Config: routerConfig(name, "", ""),
			},
			{
				Config:      routerConfig(name, "", "is_tunneler_enabled = true"),
				PlanOnly:    true,
				ExpectError: clashOn(`is_tunneler_enabled = true`),
			},
			{
				// A tunneler router under a free name may not be renamed onto the identity's.
				Config: routerConfig(other, "", "is_tunneler_enabled = true"),
			},
			{
				Config:      routerConfig(name, "", "is_tunneler_enabled = true"),
				PlanOnly:    true,
				ExpectError: clashOn(`name\s+=`),
			},
		},
	})
}
