package egressallowlist_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

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

const driftAddr = "ziti_egress_allowlist.d"

func driftConfig(prefix string) string {
	return fmt.Sprintf(`
resource "ziti_egress_allowlist" "d" {
  name              = "%[1]s-eg"
  identity_roles    = ["#%[1]s-agents"]
  gateway_roles     = ["#%[1]s-gateways"]
  edge_router_roles = ["#%[1]s-routers"]
  destination = [
    { host = "API.%[1]s.test", ports = [443] },
    { host = "*.%[1]s-cdn.test", ports = [443, 8443] },
  ]
}
`, prefix)
}

type change struct {
	name  string
	apply func(t *testing.T, ids map[string]string)
	check func(t *testing.T, ids map[string]string) error
}

func changePolicy(t *testing.T, id string, f func(u *rest_model.ServicePolicyUpdate)) {
	acctest.ChangeOutOfBand(t, client.ServicePolicies, &id, func(d *rest_model.ServicePolicyDetail) *rest_model.ServicePolicyUpdate {
		u := &rest_model.ServicePolicyUpdate{Name: d.Name, Type: d.Type, Semantic: d.Semantic, IdentityRoles: d.IdentityRoles,
			ServiceRoles: d.ServiceRoles, PostureCheckRoles: d.PostureCheckRoles, Tags: d.Tags}
		f(u)
		return u
	})()
}

func changeConfig(t *testing.T, id string, f func(data map[string]any)) {
	acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
		data, _ := d.Data.(map[string]any)
		f(data)
		return &rest_model.ConfigUpdate{Name: d.Name, Data: data, Tags: d.Tags}
	})()
}

func configData(t *testing.T, id string) map[string]any {
	d, err := client.Configs.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		t.Fatalf("reading config %s: %v", id, err)
	}
	data, _ := d.Data.(map[string]any)
	return data
}

// Out-of-band changes of what the allowlist owns show in the next plan and the apply puts
// them back. Hosts are written in lower case (the user's spelling stays in the state).
func TestAccEgressAllowlist_outOfBandChangesAreRepaired(t *testing.T) {
	acctest.Shared(t)
	prefix := acctest.Name("egd")
	ids := map[string]string{}
	api, cdn := "tcp:api."+prefix+".test", "tcp:*."+prefix+"-cdn.test"
	all, allOf := rest_model.Roles{"#all"}, rest_model.SemanticAllOf
	changes := []change{
		{"dial policy serviceRoles #all",
			func(t *testing.T, ids map[string]string) {
				changePolicy(t, ids["policy:dial"], func(u *rest_model.ServicePolicyUpdate) { u.ServiceRoles = all })
			},
			func(t *testing.T, ids map[string]string) error {
				d, err := client.ServicePolicies.Get(context.Background(), acctest.AdminClient(t), ids["policy:dial"])
				if err != nil {
					return err
				}
				if len(d.ServiceRoles) != 2 || d.ServiceRoles[0] == "#all" {
					return fmt.Errorf("dial serviceRoles are %v after the apply", d.ServiceRoles)
				}
				return nil
			}},
		{"bind policy semantic",
			func(t *testing.T, ids map[string]string) {
				changePolicy(t, ids["policy:bind"], func(u *rest_model.ServicePolicyUpdate) { u.Semantic = &allOf })
			},
			func(t *testing.T, ids map[string]string) error {
				d, err := client.ServicePolicies.Get(context.Background(), acctest.AdminClient(t), ids["policy:bind"])
				if err != nil {
					return err
				}
				if *d.Semantic != rest_model.SemanticAnyOf {
					return fmt.Errorf("bind semantic is %s after the apply", *d.Semantic)
				}
				return nil
			}},
		{"destination service roleAttributes",
			func(t *testing.T, ids map[string]string) {
				id := ids["service:"+api]
				acctest.ChangeOutOfBand(t, client.Services, &id, func(d *rest_model.ServiceDetail) *rest_model.ServiceUpdate {
					return &rest_model.ServiceUpdate{Name: d.Name, EncryptionRequired: true, Configs: d.Configs, Tags: d.Tags, RoleAttributes: []string{"public"}}
				})()
			},
			func(t *testing.T, ids map[string]string) error {
				d, err := client.Services.Get(context.Background(), acctest.AdminClient(t), ids["service:"+api])
				if err != nil {
					return err
				}
				if d.RoleAttributes != nil && len(*d.RoleAttributes) > 0 {
					return fmt.Errorf("roleAttributes are %v after the apply", *d.RoleAttributes)
				}
				return nil
			}},
		{"intercept config second address",
			func(t *testing.T, ids map[string]string) {
				changeConfig(t, ids["config:intercept/"+api], func(d map[string]any) { d["addresses"] = []any{"api." + prefix + ".test", "*.evil.test"} })
			},
			func(t *testing.T, ids map[string]string) error {
				if got := fmt.Sprint(configData(t, ids["config:intercept/"+api])["addresses"]); got != "[api."+prefix+".test]" {
					return fmt.Errorf("intercept addresses are %s after the apply", got)
				}
				return nil
			}},
		{"host config allowed addresses widened",
			func(t *testing.T, ids map[string]string) {
				changeConfig(t, ids["config:host/"+cdn], func(d map[string]any) { d["allowedAddresses"] = []any{"*." + prefix + "-cdn.test", "*.test"} })
			},
			func(t *testing.T, ids map[string]string) error {
				if got := fmt.Sprint(configData(t, ids["config:host/"+cdn])["allowedAddresses"]); got != "[*."+prefix+"-cdn.test]" {
					return fmt.Errorf("host allowedAddresses are %s after the apply", got)
				}
				return nil
			}},
		{"router policy serviceRoles #all",
			func(t *testing.T, ids map[string]string) {
				id := ids["routers:routers"]
				acctest.ChangeOutOfBand(t, client.ServiceEdgeRouterPolicies, &id, func(d *rest_model.ServiceEdgeRouterPolicyDetail) *rest_model.ServiceEdgeRouterPolicyUpdate {
					return &rest_model.ServiceEdgeRouterPolicyUpdate{Name: d.Name, Semantic: d.Semantic, EdgeRouterRoles: d.EdgeRouterRoles, ServiceRoles: all, Tags: d.Tags}
				})()
			},
			func(t *testing.T, ids map[string]string) error {
				d, err := client.ServiceEdgeRouterPolicies.Get(context.Background(), acctest.AdminClient(t), ids["routers:routers"])
				if err != nil {
					return err
				}
				if len(d.ServiceRoles) != 2 || d.ServiceRoles[0] == "#all" {
					return fmt.Errorf("router policy serviceRoles are %v after the apply", d.ServiceRoles)
				}
				return nil
			}},
	}
	steps := []resource.TestStep{{
		Config: driftConfig(prefix),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(driftAddr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
			// 2 destinations x 3 entities, Dial, Bind, router policy; keyed by the lower-case host.
			statecheck.ExpectKnownValue(driftAddr, tfjsonpath.New("owned_ids"), knownvalue.MapSizeExact(9)),
			statecheck.ExpectKnownValue(driftAddr, tfjsonpath.New("owned_ids").AtMapKey("service:"+api), knownvalue.NotNull()),
		},
		Check: func(s *terraform.State) error {
			for k, v := range s.RootModule().Resources[driftAddr].Primary.Attributes {
				if key, ok := strings.CutPrefix(k, "owned_ids."); ok && key != "%" {
					ids[key] = v
				}
			}
			if got := fmt.Sprint(configData(t, ids["config:intercept/"+api])["addresses"]); got != "[api."+prefix+".test]" {
				return fmt.Errorf("the intercept config holds %s, want the lower-case host", got)
			}
			return nil
		},
	}}
	for _, c := range changes {
		steps = append(steps, resource.TestStep{
			PreConfig: func() { c.apply(t, ids) },
			Config:    driftConfig(prefix),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(driftAddr, plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if err := c.check(t, ids); err != nil {
					return fmt.Errorf("%s: %w", c.name, err)
				}
				return nil
			},
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.ServicePolicies, "ziti_egress_allowlist"),
		Steps:                    steps,
	})
}
