package privateresource_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
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
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
)

func driftConfig(prefix string) string {
	return fmt.Sprintf(`
resource "ziti_private_resource" "db" {
  name              = "%[1]s-db"
  address           = "%[1]s-db.ziti"
  ports             = [5432]
  target_address    = "127.0.0.1"
  host_roles        = ["#%[1]s-hosts"]
  dial_roles        = ["#%[1]s-billing"]
  edge_router_roles = ["#%[1]s-routers"]
  tags              = { customer = "acme" }
}
`, prefix)
}

// ids of the owned entities, captured after the first apply.
type ownedIDs struct{ service, intercept, host, dial, bind, routers string }

func captureOwned(ids *ownedIDs) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		a := rs.Primary.Attributes
		*ids = ownedIDs{a["service_id"], a["intercept_config_id"], a["host_config_id"], a["dial_policy_id"], a["bind_policy_id"], a["service_edge_router_policy_id"]}
		return nil
	}
}

func policyUpdate(d *rest_model.ServicePolicyDetail) *rest_model.ServicePolicyUpdate {
	return &rest_model.ServicePolicyUpdate{Name: d.Name, Type: d.Type, Semantic: d.Semantic, IdentityRoles: d.IdentityRoles,
		ServiceRoles: d.ServiceRoles, PostureCheckRoles: d.PostureCheckRoles, Tags: d.Tags}
}

func serviceUpdate(d *rest_model.ServiceDetail) *rest_model.ServiceUpdate {
	u := &rest_model.ServiceUpdate{Name: d.Name, EncryptionRequired: *d.EncryptionRequired, Configs: d.Configs, Tags: d.Tags,
		TerminatorStrategy: *d.TerminatorStrategy, RoleAttributes: []string{}}
	if d.RoleAttributes != nil {
		u.RoleAttributes = *d.RoleAttributes
	}
	return u
}

func routerPolicyUpdate(d *rest_model.ServiceEdgeRouterPolicyDetail) *rest_model.ServiceEdgeRouterPolicyUpdate {
	return &rest_model.ServiceEdgeRouterPolicyUpdate{Name: d.Name, Semantic: d.Semantic, EdgeRouterRoles: d.EdgeRouterRoles, ServiceRoles: d.ServiceRoles, Tags: d.Tags}
}

func configUpdate(d *rest_model.ConfigDetail, change func(data map[string]any)) *rest_model.ConfigUpdate {
	data, _ := d.Data.(map[string]any)
	change(data)
	return &rest_model.ConfigUpdate{Name: d.Name, Data: data, Tags: d.Tags}
}

// driftCase is one field of one owned entity, changed through the management API.
type driftCase struct {
	name   string
	change func(t *testing.T, ids *ownedIDs)
	// check reads the controller after the apply: the field is back.
	check func(t *testing.T, ids *ownedIDs) error
}

func sortedRoles(r []string) []string {
	out := append([]string{}, r...)
	sort.Strings(out)
	return out
}

func expectRoles(field string, got, want []string) error {
	if !reflect.DeepEqual(sortedRoles(got), sortedRoles(want)) {
		return fmt.Errorf("%s is %v on the controller after the apply, want %v", field, got, want)
	}
	return nil
}

func getPolicy(t *testing.T, id string) *rest_model.ServicePolicyDetail {
	d, err := client.ServicePolicies.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		t.Fatalf("reading service policy %s: %v", id, err)
	}
	return d
}

func getService(t *testing.T, id string) *rest_model.ServiceDetail {
	d, err := client.Services.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		t.Fatalf("reading service %s: %v", id, err)
	}
	return d
}

func getConfig(t *testing.T, id string) map[string]any {
	d, err := client.Configs.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		t.Fatalf("reading config %s: %v", id, err)
	}
	data, _ := d.Data.(map[string]any)
	return data
}

func changePolicy(t *testing.T, id string, f func(u *rest_model.ServicePolicyUpdate)) {
	acctest.ChangeOutOfBand(t, client.ServicePolicies, &id, func(d *rest_model.ServicePolicyDetail) *rest_model.ServicePolicyUpdate {
		u := policyUpdate(d)
		f(u)
		return u
	})()
}

func changeService(t *testing.T, id string, f func(u *rest_model.ServiceUpdate)) {
	acctest.ChangeOutOfBand(t, client.Services, &id, func(d *rest_model.ServiceDetail) *rest_model.ServiceUpdate {
		u := serviceUpdate(d)
		f(u)
		return u
	})()
}

func changeConfig(t *testing.T, id string, f func(data map[string]any)) {
	acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate { return configUpdate(d, f) })()
}

func changeRouterPolicy(t *testing.T, id string, f func(u *rest_model.ServiceEdgeRouterPolicyUpdate)) {
	acctest.ChangeOutOfBand(t, client.ServiceEdgeRouterPolicies, &id, func(d *rest_model.ServiceEdgeRouterPolicyDetail) *rest_model.ServiceEdgeRouterPolicyUpdate {
		u := routerPolicyUpdate(d)
		f(u)
		return u
	})()
}

// policyRolesCases are the cases of one of the resource's policies (kind "dial" or "bind")
// granting #all out of band: its serviceRoles, then its identityRoles. The apply sets them
// back to the resource's service and to identityRoles.
func policyRolesCases(kind string, policy func(*ownedIDs) string, identityRoles string) []driftCase {
	all := rest_model.Roles{"#all"}
	return []driftCase{
		{kind + " policy serviceRoles #all",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, policy(ids), func(u *rest_model.ServicePolicyUpdate) { u.ServiceRoles = all })
			},
			func(t *testing.T, ids *ownedIDs) error {
				return expectRoles(kind+" serviceRoles", getPolicy(t, policy(ids)).ServiceRoles, []string{"@" + ids.service})
			}},
		{kind + " policy identityRoles",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, policy(ids), func(u *rest_model.ServicePolicyUpdate) { u.IdentityRoles = all })
			},
			func(t *testing.T, ids *ownedIDs) error {
				return expectRoles(kind+" identityRoles", getPolicy(t, policy(ids)).IdentityRoles, []string{identityRoles})
			}},
	}
}

func privateResourceDriftCases(prefix string) []driftCase {
	all := rest_model.Roles{"#all"}
	allOf, anyOf := rest_model.SemanticAllOf, rest_model.SemanticAnyOf
	bind, dial := rest_model.DialBindBind, rest_model.DialBindDial
	cases := policyRolesCases("dial", func(ids *ownedIDs) string { return ids.dial }, "#"+prefix+"-billing")
	cases = append(cases, []driftCase{
		{"dial policy postureCheckRoles",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, ids.dial, func(u *rest_model.ServicePolicyUpdate) { u.PostureCheckRoles = rest_model.Roles{"#mfa"} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				return expectRoles("dial postureCheckRoles", getPolicy(t, ids.dial).PostureCheckRoles, []string{})
			}},
		{"dial policy semantic",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, ids.dial, func(u *rest_model.ServicePolicyUpdate) { u.Semantic = &allOf })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := *getPolicy(t, ids.dial).Semantic; got != anyOf {
					return fmt.Errorf("dial semantic is %s after the apply", got)
				}
				return nil
			}},
		{"dial policy type",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, ids.dial, func(u *rest_model.ServicePolicyUpdate) { u.Type = &bind })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := *getPolicy(t, ids.dial).Type; got != dial {
					return fmt.Errorf("dial policy type is %s after the apply", got)
				}
				return nil
			}},
	}...)
	cases = append(cases, policyRolesCases("bind", func(ids *ownedIDs) string { return ids.bind }, "#"+prefix+"-hosts")...)
	return append(cases, []driftCase{
		{"ownership tag removed",
			func(t *testing.T, ids *ownedIDs) {
				changePolicy(t, ids.bind, func(u *rest_model.ServicePolicyUpdate) {
					tags := rest_model.SubTags{}
					for k, v := range u.Tags.SubTags {
						if k != composite.TagComposite {
							tags[k] = v
						}
					}
					u.Tags = &rest_model.Tags{SubTags: tags}
				})
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := getPolicy(t, ids.bind).Tags.SubTags[composite.TagComposite]; got != "private_resource" {
					return fmt.Errorf("bind policy tag %s is %v after the apply", composite.TagComposite, got)
				}
				return nil
			}},
		{"service roleAttributes",
			func(t *testing.T, ids *ownedIDs) {
				changeService(t, ids.service, func(u *rest_model.ServiceUpdate) { u.RoleAttributes = []string{"public"} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if d := getService(t, ids.service); d.RoleAttributes != nil && len(*d.RoleAttributes) > 0 {
					return fmt.Errorf("service roleAttributes are %v after the apply", *d.RoleAttributes)
				}
				return nil
			}},
		{"service configs",
			func(t *testing.T, ids *ownedIDs) {
				changeService(t, ids.service, func(u *rest_model.ServiceUpdate) { u.Configs = []string{ids.intercept} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				return expectRoles("service configs", getService(t, ids.service).Configs, []string{ids.intercept, ids.host})
			}},
		{"service terminatorStrategy",
			func(t *testing.T, ids *ownedIDs) {
				changeService(t, ids.service, func(u *rest_model.ServiceUpdate) { u.TerminatorStrategy = "random" })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := *getService(t, ids.service).TerminatorStrategy; got != composite.DefaultTerminatorStrategy {
					return fmt.Errorf("service terminatorStrategy is %s after the apply", got)
				}
				return nil
			}},
		{"intercept second address",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.intercept, func(d map[string]any) { d["addresses"] = []any{prefix + "-db.ziti", "*.wide.ziti"} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := fmt.Sprint(getConfig(t, ids.intercept)["addresses"]); got != "["+prefix+"-db.ziti]" {
					return fmt.Errorf("intercept addresses are %s after the apply", got)
				}
				return nil
			}},
		{"intercept port range",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.intercept, func(d map[string]any) {
					d["portRanges"] = []any{map[string]any{"low": 5432, "high": 5432}, map[string]any{"low": 1, "high": 65535}}
				})
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := fmt.Sprint(getConfig(t, ids.intercept)["portRanges"]); got != "[map[high:5432 low:5432]]" {
					return fmt.Errorf("intercept portRanges are %s after the apply", got)
				}
				return nil
			}},
		{"intercept protocols",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.intercept, func(d map[string]any) { d["protocols"] = []any{"tcp", "udp"} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := fmt.Sprint(getConfig(t, ids.intercept)["protocols"]); got != "[tcp]" {
					return fmt.Errorf("intercept protocols are %s after the apply", got)
				}
				return nil
			}},
		{"intercept source ip",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.intercept, func(d map[string]any) { d["allowedSourceAddresses"] = []any{"10.0.0.0/8"} })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got, ok := getConfig(t, ids.intercept)["allowedSourceAddresses"]; ok {
					return fmt.Errorf("intercept allowedSourceAddresses are %v after the apply", got)
				}
				return nil
			}},
		{"host address",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.host, func(d map[string]any) { d["address"] = "10.9.9.9" })
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := getConfig(t, ids.host)["address"]; got != "127.0.0.1" {
					return fmt.Errorf("host address is %v after the apply", got)
				}
				return nil
			}},
		{"host forwarded port ranges",
			func(t *testing.T, ids *ownedIDs) {
				changeConfig(t, ids.host, func(d map[string]any) {
					d["allowedPortRanges"] = []any{map[string]any{"low": 1, "high": 65535}}
				})
			},
			func(t *testing.T, ids *ownedIDs) error {
				if got := fmt.Sprint(getConfig(t, ids.host)["allowedPortRanges"]); got != "[map[high:5432 low:5432]]" {
					return fmt.Errorf("host allowedPortRanges are %s after the apply", got)
				}
				return nil
			}},
		{"router policy serviceRoles #all",
			func(t *testing.T, ids *ownedIDs) {
				changeRouterPolicy(t, ids.routers, func(u *rest_model.ServiceEdgeRouterPolicyUpdate) { u.ServiceRoles = all })
			},
			func(t *testing.T, ids *ownedIDs) error {
				d, err := client.ServiceEdgeRouterPolicies.Get(context.Background(), acctest.AdminClient(t), ids.routers)
				if err != nil {
					return err
				}
				return expectRoles("router policy serviceRoles", d.ServiceRoles, []string{"@" + ids.service})
			}},
		{"router policy edgeRouterRoles and semantic",
			func(t *testing.T, ids *ownedIDs) {
				changeRouterPolicy(t, ids.routers, func(u *rest_model.ServiceEdgeRouterPolicyUpdate) {
					u.EdgeRouterRoles, u.Semantic = all, &allOf
				})
			},
			func(t *testing.T, ids *ownedIDs) error {
				d, err := client.ServiceEdgeRouterPolicies.Get(context.Background(), acctest.AdminClient(t), ids.routers)
				if err != nil {
					return err
				}
				if *d.Semantic != anyOf {
					return fmt.Errorf("router policy semantic is %s after the apply", *d.Semantic)
				}
				return expectRoles("router policy edgeRouterRoles", d.EdgeRouterRoles, []string{"#" + prefix + "-routers"})
			}},
	}...)
}

// Every field of every entity the private resource owns, changed through the management API,
// shows in the next plan (an update, with in_sync planned back to true) and the apply puts it
// back: the controller holds the written value afterwards and the plan after it is empty.
func TestAccPrivateResource_outOfBandChangesAreRepaired(t *testing.T) {
	acctest.Shared(t)
	prefix := acctest.Name("prd")
	var ids ownedIDs
	steps := []resource.TestStep{{
		Config: driftConfig(prefix),
		Check:  captureOwned(&ids),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
		},
	}}
	for _, dc := range privateResourceDriftCases(prefix) {
		steps = append(steps, resource.TestStep{
			PreConfig: func() { dc.change(t, &ids) },
			Config:    driftConfig(prefix),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if err := dc.check(t, &ids); err != nil {
					return fmt.Errorf("%s: %w", dc.name, err)
				}
				return nil
			},
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Services, "ziti_private_resource"),
		Steps:                    steps,
	})
}

// A refresh alone records drift that no attribute shows as in_sync = false (and warns, naming
// the entity and the field; the unit tests of composite.Compare check the wording).
func TestAccPrivateResource_refreshMarksOutOfSync(t *testing.T) {
	acctest.Shared(t)
	prefix := acctest.Name("prw")
	var ids ownedIDs
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: driftConfig(prefix), Check: captureOwned(&ids)},
			{
				PreConfig: func() {
					changeService(t, ids.service, func(u *rest_model.ServiceUpdate) { u.RoleAttributes = []string{"public"} })
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(addr, "in_sync", "false"),
				),
			},
		},
	})
}
