package policy_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const spAddr = "ziti_service_policy.p"

func servicePolicyConfig(name, typ, identityRoles, extra string) string {
	return fmt.Sprintf(`
resource "ziti_service_policy" "p" {
  name           = %q
  type           = %q
  identity_roles = %s
  service_roles  = ["#llm-proxy"]
  %s
}
`, name, typ, identityRoles, extra)
}

// The controller changes a policy's type on PUT, so Dial -> Bind updates the policy in
// place. A PUT that changes the type also drops the posture checks, so with posture checks a
// type change replaces the policy instead (and the new one has them).
func TestAccServicePolicy_typeChange(t *testing.T) {
	name := acctest.Name("sp")
	var id string
	onController := func(wantType string, wantPostureChecks rest_model.Roles, sameID bool) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			now, err := acctest.StateID(s, spAddr)
			if err != nil {
				return err
			}
			if (now == id) != sameID {
				return fmt.Errorf("policy id %s -> %s: want the same policy: %v", id, now, sameID)
			}
			id = now
			d := acctest.Get(t, client.ServicePolicies, id)
			if string(*d.Type) != wantType || !slices.Equal(d.PostureCheckRoles, wantPostureChecks) {
				return fmt.Errorf("the controller holds type %s, posture checks %v; want %s, %v", *d.Type, d.PostureCheckRoles, wantType, wantPostureChecks)
			}
			return nil
		}
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.ServicePolicies, "ziti_service_policy"),
		Steps: []resource.TestStep{
			{
				Config: servicePolicyConfig(name, "Dial", `["#agents"]`, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(spAddr, "type", knownvalue.StringExact("Dial")),
					acctest.Value(spAddr, "posture_check_roles", knownvalue.SetSizeExact(0)),
				},
				Check: acctest.CaptureID(spAddr, &id),
			},
			{
				Config:            servicePolicyConfig(name, "Bind", `["#agents"]`, ""),
				ConfigPlanChecks:  acctest.ExpectUpdate(spAddr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(spAddr, "type", knownvalue.StringExact("Bind"))},
				Check:             onController("Bind", nil, true),
			},
			{
				Config:            servicePolicyConfig(name, "Bind", `["#agents"]`, `posture_check_roles = ["#trusted-os"]`),
				ConfigPlanChecks:  acctest.ExpectUpdate(spAddr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(spAddr, "posture_check_roles", acctest.StringSet("#trusted-os"))},
				Check:             onController("Bind", rest_model.Roles{"#trusted-os"}, true),
			},
			{
				Config:           servicePolicyConfig(name, "Dial", `["#agents"]`, `posture_check_roles = ["#trusted-os"]`),
				ConfigPlanChecks: acctest.ExpectReplace(spAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(spAddr, "type", knownvalue.StringExact("Dial")),
					acctest.Value(spAddr, "posture_check_roles", acctest.StringSet("#trusted-os")),
				},
				Check: onController("Dial", rest_model.Roles{"#trusted-os"}, false),
			},
		},
	})
}

// A reference to an identity that does not exist fails on identity_roles, naming it, and
// creates nothing.
func TestAccServicePolicy_unknownIdentityReference(t *testing.T) {
	name := acctest.Name("sp")
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      servicePolicyConfig(name, "Dial", `["@does-not-exist"]`, ""),
			ExpectError: regexp.MustCompile(`(?s)Unknown identity does-not-exist.*identity_roles = \["@does-not-exist"\].*"does-not-exist" names no\s+identity`),
		}},
		CheckDestroy: func(*terraform.State) error {
			found, err := client.ServicePolicies.List(context.Background(), acctest.AdminClient(t), `name="`+name+`"`)
			if err != nil || len(found) != 0 {
				return fmt.Errorf("a failed create left %d policies named %s (%v)", len(found), name, err)
			}
			return nil
		},
	})
}

// An identity referenced by @name is deleted outside Terraform. The controller silently drops
// its @id from the policy; the next plan shows that drift. When the identity is not managed by
// the same configuration, the name no longer resolves and the apply says so; when it is, the
// plan creates the identity again and the policy points at the new one.
func TestAccServicePolicy_referencedIdentityDeletedOutOfBand(t *testing.T) {
	t.Run("identity outside the configuration", func(t *testing.T) {
		name := acctest.Name("sp")
		agent := name + "-agent"
		var agentID, policyID string
		acctest.Test(t, resource.TestCase{
			CheckDestroy: acctest.CheckDestroyed(t, client.ServicePolicies, "ziti_service_policy"),
			Steps: []resource.TestStep{
				{
					PreConfig: func() { agentID = createIdentity(t, agent) },
					Config:    servicePolicyConfig(name, "Dial", hcl("@"+agent), ""),
					Check: resource.ComposeTestCheckFunc(acctest.CaptureID(spAddr, &policyID),
						checkControllerRoles(t, spAddr, "identity_roles", rolesOfServicePolicy,
							func(*terraform.State) ([]string, error) { return []string{"@" + agentID}, nil })),
				},
				{
					PreConfig: func() {
						if err := client.Identities.Delete(context.Background(), acctest.AdminClient(t), agentID); err != nil {
							t.Fatal(err)
						}
						// The cascade: the policy no longer names the identity.
						if got := rolesOfServicePolicy(t, policyID)["identity_roles"]; len(got) != 0 {
							t.Fatalf("after deleting identity %s the controller still holds identity_roles %v", agentID, got)
						}
					},
					Config: servicePolicyConfig(name, "Dial", hcl("@"+agent), ""),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(spAddr, plancheck.ResourceActionUpdate),
					}},
					ExpectError: regexp.MustCompile(`(?s)Unknown identity ` + regexp.QuoteMeta(agent) + `.*identity_roles.*names no\s+identity`),
				},
				{
					// Refreshed: the state shows what the controller holds now (no grant), and
					// the plan keeps showing the grant the configuration asks for.
					RefreshState:       true,
					ExpectNonEmptyPlan: true,
					Check:              resource.TestCheckResourceAttr(spAddr, "identity_roles.#", "0"),
				},
			},
		})
	})
	t.Run("identity in the configuration", func(t *testing.T) {
		name := acctest.Name("sp")
		config := fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name = "%[1]s-agent"
}
%[2]s`, name, servicePolicyConfig(name, "Dial", `["@${ziti_identity.agent.name}"]`, ""))
		var oldID, newID string
		acctest.Test(t, resource.TestCase{
			CheckDestroy: acctest.CheckDestroyed(t, client.ServicePolicies, "ziti_service_policy"),
			Steps: []resource.TestStep{
				{Config: config, Check: acctest.CaptureID("ziti_identity.agent", &oldID)},
				{
					PreConfig: acctest.DeleteOutOfBand(t, client.Identities, &oldID),
					Config:    config,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("ziti_identity.agent", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(spAddr, plancheck.ResourceActionUpdate),
					}},
					ConfigStateChecks: []statecheck.StateCheck{
						acctest.Value(spAddr, "identity_roles", acctest.StringSet("@"+name+"-agent")),
					},
					Check: resource.ComposeTestCheckFunc(acctest.CaptureID("ziti_identity.agent", &newID),
						checkControllerRoles(t, spAddr, "identity_roles", rolesOfServicePolicy, func(*terraform.State) ([]string, error) {
							if newID == oldID {
								return nil, fmt.Errorf("the identity was not recreated")
							}
							return []string{"@" + newID}, nil
						})),
				},
				{
					Config:           config,
					ConfigPlanChecks: acctest.ExpectEmptyPlan(),
				},
			},
		})
	})
}

func rolesOfServicePolicy(t *testing.T, id string) map[string]rest_model.Roles {
	return servicePolicyCase().rolesOf(t, id)
}

// createIdentity creates an identity outside Terraform.
func createIdentity(t *testing.T, name string) string {
	typ, admin := rest_model.IdentityTypeDefault, false
	id, err := client.Identities.Create(context.Background(), acctest.AdminClient(t), &rest_model.IdentityCreate{Name: &name, Type: &typ, IsAdmin: &admin})
	if err != nil {
		t.Fatalf("creating identity %s: %v", name, err)
	}
	return id
}
