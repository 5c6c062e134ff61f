package policy_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// policyCase is one kind of policy, for the behaviours every policy shares.
type policyCase struct {
	typ   string // resource type
	fixed string // required attributes besides the roles, e.g. `type = "Dial"`
	named string // the role set that references one entity by @name / @id
	other string // the role set that selects by #attribute
	// ref is the entity the named set references.
	ref          func(t *testing.T, prefix string) ref
	rolesOf      func(t *testing.T, id string) map[string]rest_model.Roles
	checkDestroy func(t *testing.T) resource.TestCheckFunc
	deleteOOB    func(t *testing.T, id *string) func()
	// changeOOB sets the other role set to ["#oob"] behind Terraform's back.
	changeOOB func(t *testing.T, id *string) func()
}

// ref is an entity a role set references: its name, the HCL of "@name" and "@id", and its id.
type ref struct {
	name, byName, byID string
	id                 func(s *terraform.State) (string, error)
}

// agentRef is the identity every test config declares (ziti_identity.agent).
func agentRef(_ *testing.T, prefix string) ref {
	return ref{name: prefix + "-agent", byName: "@${ziti_identity.agent.name}", byID: "@${ziti_identity.agent.id}",
		id: func(s *terraform.State) (string, error) { return acctest.StateID(s, "ziti_identity.agent") }}
}

// quickstartRouterRef is the quickstart's edge router, which exists before the test.
func quickstartRouterRef(t *testing.T, _ string) ref {
	acctest.WaitForQuickstart(t)
	id := acctest.IDByName(t, client.EdgeRouters, acctest.QuickstartRouter)
	return ref{name: acctest.QuickstartRouter, byName: "@" + acctest.QuickstartRouter, byID: "@" + id,
		id: func(*terraform.State) (string, error) { return id, nil }}
}

func newCase[C, U, D any](typ string, api client.Entities[C, U, D], roles func(D) map[string]rest_model.Roles, withOther func(D, rest_model.Roles) U) policyCase {
	return policyCase{
		typ:          typ,
		rolesOf:      func(t *testing.T, id string) map[string]rest_model.Roles { return roles(acctest.Get(t, api, id)) },
		checkDestroy: func(t *testing.T) resource.TestCheckFunc { return acctest.CheckDestroyed(t, api, typ) },
		deleteOOB:    func(t *testing.T, id *string) func() { return acctest.DeleteOutOfBand(t, api, id) },
		changeOOB: func(t *testing.T, id *string) func() {
			return acctest.ChangeOutOfBand(t, api, id, func(d D) U { return withOther(d, rest_model.Roles{"#oob"}) })
		},
	}
}

func servicePolicyCase() policyCase {
	c := newCase("ziti_service_policy", client.ServicePolicies,
		func(d *rest_model.ServicePolicyDetail) map[string]rest_model.Roles {
			return map[string]rest_model.Roles{"identity_roles": d.IdentityRoles, "service_roles": d.ServiceRoles, "posture_check_roles": d.PostureCheckRoles}
		},
		func(d *rest_model.ServicePolicyDetail, services rest_model.Roles) *rest_model.ServicePolicyUpdate {
			return &rest_model.ServicePolicyUpdate{Name: d.Name, Type: d.Type, Semantic: d.Semantic, Tags: d.Tags,
				IdentityRoles: d.IdentityRoles, ServiceRoles: services, PostureCheckRoles: d.PostureCheckRoles}
		})
	c.fixed, c.named, c.other, c.ref = `type = "Dial"`, "identity_roles", "service_roles", agentRef
	return c
}

func edgeRouterPolicyCase() policyCase {
	c := newCase("ziti_edge_router_policy", client.EdgeRouterPolicies,
		func(d *rest_model.EdgeRouterPolicyDetail) map[string]rest_model.Roles {
			return map[string]rest_model.Roles{"identity_roles": d.IdentityRoles, "edge_router_roles": d.EdgeRouterRoles}
		},
		func(d *rest_model.EdgeRouterPolicyDetail, identities rest_model.Roles) *rest_model.EdgeRouterPolicyUpdate {
			return &rest_model.EdgeRouterPolicyUpdate{Name: d.Name, Semantic: d.Semantic, Tags: d.Tags, IdentityRoles: identities, EdgeRouterRoles: d.EdgeRouterRoles}
		})
	c.named, c.other, c.ref = "edge_router_roles", "identity_roles", quickstartRouterRef
	return c
}

func serviceEdgeRouterPolicyCase() policyCase {
	c := newCase("ziti_service_edge_router_policy", client.ServiceEdgeRouterPolicies,
		func(d *rest_model.ServiceEdgeRouterPolicyDetail) map[string]rest_model.Roles {
			return map[string]rest_model.Roles{"service_roles": d.ServiceRoles, "edge_router_roles": d.EdgeRouterRoles}
		},
		func(d *rest_model.ServiceEdgeRouterPolicyDetail, services rest_model.Roles) *rest_model.ServiceEdgeRouterPolicyUpdate {
			return &rest_model.ServiceEdgeRouterPolicyUpdate{Name: d.Name, Semantic: d.Semantic, Tags: d.Tags, ServiceRoles: services, EdgeRouterRoles: d.EdgeRouterRoles}
		})
	c.named, c.other, c.ref = "edge_router_roles", "service_roles", quickstartRouterRef
	return c
}

// config is the policy "p" (and the identity "agent" that policies may reference).
func (c policyCase) config(prefix string, named, other []string, extra string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name = "%[1]s-agent"
}

resource %[2]q "p" {
  name = "%[1]s-policy"
  %[3]s
  %[4]s = %[5]s
  %[6]s = %[7]s
  %[8]s
}
`, prefix, c.typ, c.fixed, c.named, hcl(named...), c.other, hcl(other...), extra)
}

// stateSet reads a set of strings from the flat state.
func stateSet(s *terraform.State, addr, attr string) ([]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s is not in the state", addr)
	}
	var out []string
	for k, v := range rs.Primary.Attributes {
		if rest, ok := strings.CutPrefix(k, attr+"."); ok && rest != "#" && rest != "%" {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out, nil
}

func TestAccServicePolicy_lifecycle(t *testing.T)    { testLifecycle(t, servicePolicyCase()) }
func TestAccEdgeRouterPolicy_lifecycle(t *testing.T) { testLifecycle(t, edgeRouterPolicyCase()) }
func TestAccServiceEdgeRouterPolicy_lifecycle(t *testing.T) {
	testLifecycle(t, serviceEdgeRouterPolicyCase())
}

// testLifecycle: create with an @name reference (state keeps @name, the controller holds
// @id), reordering is no change, update in place, the @id spelling, import by id and name,
// out-of-band change and delete, and destroy.
func testLifecycle(t *testing.T, c policyCase) {
	prefix := acctest.Name("pol")
	r := c.ref(t, prefix)
	addr := c.typ + ".p"
	var id string
	// The controller's form of the named set: the referenced entity's @id and the attribute.
	controllerNamed := func(s *terraform.State) ([]string, error) {
		refID, err := r.id(s)
		return []string{"@" + refID, "#n1"}, err
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: c.checkDestroy(t),
		Steps: []resource.TestStep{
			{
				Config: c.config(prefix, []string{r.byName, "#n1"}, []string{"#o1", "#o2"}, `tags = { owner = "tf" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(prefix+"-policy")),
					acctest.Value(addr, c.named, acctest.StringSet("@"+r.name, "#n1")),
					acctest.Value(addr, c.other, acctest.StringSet("#o1", "#o2")),
					acctest.Value(addr, "semantic", knownvalue.StringExact("AnyOf")),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id),
					checkControllerRoles(t, addr, c.named, c.rolesOf, controllerNamed)),
			},
			{
				// The same roles in another order: nothing to do.
				Config:           c.config(prefix, []string{"#n1", r.byName}, []string{"#o2", "#o1"}, `tags = { owner = "tf" }`),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				Config: c.config(prefix, []string{r.byName, "#n1"}, []string{"#o3"}, `semantic = "AllOf"
  tags = { owner = "tf", env = "test" }`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, c.other, acctest.StringSet("#o3")),
					acctest.Value(addr, c.named, acctest.StringSet("@"+r.name, "#n1")),
					acctest.Value(addr, "semantic", knownvalue.StringExact("AllOf")),
					acctest.Value(addr, "tags", knownvalue.MapSizeExact(2)),
				},
				Check: resource.ComposeTestCheckFunc(
					checkControllerRoles(t, addr, c.other, c.rolesOf, func(*terraform.State) ([]string, error) { return []string{"#o3"}, nil }),
					checkControllerRoles(t, addr, c.named, c.rolesOf, controllerNamed)),
			},
			{
				// The same entity by id: the state now holds the id form (what import sees).
				Config: c.config(prefix, []string{r.byID, "#n1"}, []string{"#o3"}, `semantic = "AllOf"
  tags = { owner = "tf", env = "test" }`),
				Check: resource.ComposeTestCheckFunc(
					checkControllerRoles(t, addr, c.named, c.rolesOf, controllerNamed),
					func(s *terraform.State) error {
						want, err := controllerNamed(s)
						got, _ := stateSet(s, addr, c.named)
						sort.Strings(want)
						if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
							return fmt.Errorf("state %s = %v, want %v (%v)", c.named, got, want, err)
						}
						return nil
					}),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + prefix + "-policy"},
			{
				// An operator edits the policy in the console: the plan shows it, the apply puts it back.
				PreConfig: c.changeOOB(t, &id),
				Config: c.config(prefix, []string{r.byID, "#n1"}, []string{"#o3"}, `semantic = "AllOf"
  tags = { owner = "tf", env = "test" }`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, c.other, acctest.StringSet("#o3")),
				},
				Check: checkControllerRoles(t, addr, c.other, c.rolesOf, func(*terraform.State) ([]string, error) { return []string{"#o3"}, nil }),
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        c.deleteOOB(t, &id),
				Config:           c.config(prefix, []string{r.byName}, []string{"#o3"}, ""),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, c.named, acctest.StringSet("@"+r.name)),
				},
			},
		},
	})
}
