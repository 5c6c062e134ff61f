package policy_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Invalid configurations fail at plan, on the attribute to change.
func TestAccPolicies_invalidConfigs(t *testing.T) {
	// invalid is a policy of type typ named "x" with the given lines.
	invalid := func(name, typ, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource(typ, "x", append([]string{`name = "x"`}, lines...)...), Error: regexp.MustCompile(want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("unknown type", "ziti_service_policy", `(?s)type = "Sometimes".*value must be one of: \["Dial" "Bind"\]`, `type = "Sometimes"`),
		invalid("missing type", "ziti_service_policy", `The argument "type" is required`),
		invalid("unknown semantic", "ziti_edge_router_policy", `(?s)semantic = "Mostly".*value must be one of: \["AnyOf" "AllOf"\]`, `semantic = "Mostly"`),
		invalid("#all with another role", "ziti_service_policy", `(?s)identity_roles = \["#all", "#agents"\].*#all selects everything and must be the only\s+element`,
			`type = "Dial"`, `identity_roles = ["#all", "#agents"]`),
		invalid("#all with another router", "ziti_service_edge_router_policy", `(?s)edge_router_roles = .*#all selects everything`,
			`edge_router_roles = ["@router-quickstart", "#all"]`),
		invalid("bare #", "ziti_edge_router_policy", `(?s)identity_roles = \["#"\].*role "#" has no attribute or name after "#"`, `identity_roles = ["#"]`),
		invalid("bare @", "ziti_service_policy", `(?s)service_roles = \["@"\].*role "@" has no attribute or name after "@"`, `type = "Bind"`, `service_roles = ["@"]`),
		invalid("no prefix", "ziti_service_edge_router_policy", `(?s)service_roles = .*role "llm-proxy" must start with #`, `service_roles = ["llm-proxy"]`),
		{Name: "empty name", Config: acctest.Resource("ziti_edge_router_policy", "x", `name = ""`), Error: regexp.MustCompile(`(?s)name = "".*length must be at least 1`)},
	})
}

// The singular data sources by name and id, the plural ones by filter, and the quickstart's
// policies as they are.
func TestAccPolicies_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	config := acctest.ServicePolicy("dial", prefix+"-dial", "Dial", "#"+prefix+"-agents", "#llm-proxy") + fmt.Sprintf(`
resource "ziti_edge_router_policy" "erp" {
  name              = "%[1]s-erp"
  identity_roles    = ["#%[1]s-agents"]
  edge_router_roles = ["@router-quickstart"]
}
resource "ziti_service_edge_router_policy" "serp" {
  name              = "%[1]s-serp"
  semantic          = "AllOf"
  service_roles     = ["#llm-proxy"]
  edge_router_roles = ["#public"]
}

data "ziti_service_policy" "by_name" {
  name = ziti_service_policy.dial.name
}
data "ziti_edge_router_policy" "by_id" {
  id = ziti_edge_router_policy.erp.id
}
data "ziti_service_edge_router_policy" "by_filter" {
  filter = "name = \"${ziti_service_edge_router_policy.serp.name}\""
}
data "ziti_service_policies" "mine" {
  filter     = "anyOf(identityRoles) = \"#%[1]s-agents\""
  depends_on = [ziti_service_policy.dial]
}
data "ziti_edge_router_policies" "mine" {
  filter     = "anyOf(identityRoles) = \"#%[1]s-agents\""
  depends_on = [ziti_edge_router_policy.erp]
}
data "ziti_service_edge_router_policies" "mine" {
  filter     = "name contains \"%[1]s\""
  depends_on = [ziti_service_edge_router_policy.serp]
}

data "ziti_service_edge_router_policy" "quickstart" {
  name = "all-routers-all-services"
}
data "ziti_edge_router_policy" "quickstart" {
  name = "all-endpoints-public-routers"
}
`, prefix)
	acctest.WaitForQuickstart(t)
	const (
		sp, erp, serp = "data.ziti_service_policy.by_name", "data.ziti_edge_router_policy.by_id", "data.ziti_service_edge_router_policy.by_filter"
	)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				acctest.SameValue(sp, "id", "ziti_service_policy.dial", "id"),
				acctest.Value(sp, "type", knownvalue.StringExact("Dial")),
				acctest.Value(sp, "identity_roles", acctest.StringSet("#"+prefix+"-agents")),
				acctest.Value(sp, "service_roles", acctest.StringSet("#llm-proxy")),
				acctest.Value(sp, "posture_check_roles", knownvalue.SetSizeExact(0)),
				acctest.Value(sp, "semantic", knownvalue.StringExact("AnyOf")),
				acctest.Value(erp, "name", knownvalue.StringExact(prefix+"-erp")),
				// Read without a configuration to take the spelling from: the id form.
				acctest.Value(erp, "edge_router_roles", knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringRegexp(regexp.MustCompile(`^@[\w.-]+$`))})),
				acctest.Value(serp, "semantic", knownvalue.StringExact("AllOf")),
				acctest.Value(serp, "edge_router_roles", acctest.StringSet("#public")),
				acctest.Value("data.ziti_service_policies.mine", "service_policies", knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue("data.ziti_edge_router_policies.mine", tfjsonpath.New("edge_router_policies").AtSliceIndex(0).AtMapKey("name"),
					knownvalue.StringExact(prefix+"-erp")),
				acctest.Value("data.ziti_service_edge_router_policies.mine", "ids", knownvalue.ListSizeExact(1)),
				acctest.Value("data.ziti_service_edge_router_policy.quickstart", "service_roles", acctest.StringSet("#all")),
				acctest.Value("data.ziti_service_edge_router_policy.quickstart", "edge_router_roles", acctest.StringSet("#all")),
				acctest.Value("data.ziti_edge_router_policy.quickstart", "identity_roles", acctest.StringSet("#all")),
				acctest.Value("data.ziti_edge_router_policy.quickstart", "edge_router_roles", acctest.StringSet("#public")),
			},
			Check: func(s *terraform.State) error {
				// The router the policy names by id is the quickstart's.
				want := "@" + acctest.IDByName(t, client.EdgeRouters, acctest.QuickstartRouter)
				got, err := stateSet(s, erp, "edge_router_roles")
				if err != nil || len(got) != 1 || got[0] != want {
					return fmt.Errorf("data source edge_router_roles = %v, want [%s] (%v)", got, want, err)
				}
				return nil
			},
		}},
	})
}

// A policy may not take a quickstart policy's name: the create fails on name and the
// quickstart's policy is left as it was.
func TestAccServiceEdgeRouterPolicy_quickstartPolicyUntouched(t *testing.T) {
	acctest.WaitForQuickstart(t)
	before := acctest.Get(t, client.ServiceEdgeRouterPolicies, acctest.IDByName(t, client.ServiceEdgeRouterPolicies, "all-routers-all-services"))
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `
resource "ziti_service_edge_router_policy" "x" {
  name              = "all-routers-all-services"
  service_roles     = ["#none"]
  edge_router_roles = ["#none"]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Cannot create the service edge router policy.*name\s+= "all-routers-all-services".*name must be unique`),
		}},
		CheckDestroy: func(*terraform.State) error {
			after := acctest.Get(t, client.ServiceEdgeRouterPolicies, acctest.IDByName(t, client.ServiceEdgeRouterPolicies, "all-routers-all-services"))
			if after.UpdatedAt.String() != before.UpdatedAt.String() || after.ServiceRoles[0] != "#all" || after.EdgeRouterRoles[0] != "#all" {
				return fmt.Errorf("the quickstart's policy changed: %+v", after)
			}
			return nil
		},
	})
}
