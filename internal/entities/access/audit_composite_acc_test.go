package access_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// The audit reports a catch-all egress destination (allowed by allow_catch_all, reported
// anyway) and an owned Dial policy whose service roles were widened to #all outside Terraform
// (the private resource's own plan shows it too: in_sync = false).
func TestAccNetworkAudit_catchAllEgressAndCompositeChangedOutOfBand(t *testing.T) {
	acctest.Shared(t)
	prefix := acctest.Name("auc")
	const pr, eg, audit = "ziti_private_resource.db", "ziti_egress_allowlist.open", "data.ziti_network_audit.a"
	config := fmt.Sprintf(`
resource "ziti_private_resource" "db" {
  name           = "%[1]s-db"
  address        = "%[1]s-db.ziti"
  ports          = [5432]
  target_address = "127.0.0.1"
  host_roles     = ["#%[1]s-hosts"]
  dial_roles     = ["#%[1]s-billing"]
}
resource "ziti_egress_allowlist" "open" {
  name            = "%[1]s-open"
  identity_roles  = ["#%[1]s-agents"]
  gateway_roles   = ["#%[1]s-gateways"]
  allow_catch_all = true
  destination = [{ host = "0.0.0.0/0", ports = [443] }]
}
data "ziti_network_audit" "a" {}
`, prefix)
	var dialID, egressID string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					dialID = s.RootModule().Resources[pr].Primary.Attributes["dial_policy_id"]
					egressID = s.RootModule().Resources[eg].Primary.ID
					return nil
				},
			},
			{
				// Widen the private resource's Dial policy to every service, then refresh: the
				// audit (read in the refresh) and the resource both show it.
				PreConfig: acctest.ChangeOutOfBand(t, client.ServicePolicies, &dialID, func(d *rest_model.ServicePolicyDetail) *rest_model.ServicePolicyUpdate {
					return &rest_model.ServicePolicyUpdate{Name: d.Name, Type: d.Type, Semantic: d.Semantic, IdentityRoles: d.IdentityRoles,
						ServiceRoles: rest_model.Roles{"#all"}, PostureCheckRoles: d.PostureCheckRoles, Tags: d.Tags}
				}),
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(pr, "in_sync", "false"),
					func(s *terraform.State) error {
						got, _, err := auditFrom(s, audit)
						if err != nil {
							return err
						}
						var catchAll, changed *auditFinding
						for i, f := range got {
							switch {
							case f.Kind == "egress-allowlist-catch-all" && f.EntityName == prefix+"-open":
								catchAll = &got[i]
							case f.Kind == "composite-changed-out-of-band" && f.EntityName == prefix+"-db" && f.EntityID == dialID:
								changed = &got[i]
							}
						}
						if catchAll == nil || catchAll.Severity != "high" || catchAll.EntityType != "egress_allowlist" || catchAll.EntityID != egressID ||
							!strings.Contains(catchAll.Message, "0.0.0.0/0") {
							return fmt.Errorf("no catch-all egress finding for %s-open (Dial policy %s): %+v", prefix, egressID, got)
						}
						if changed == nil || changed.Severity != "high" || changed.EntityType != "private_resource" ||
							!strings.Contains(changed.Message, "serviceRoles") || !strings.Contains(changed.Message, "#all") {
							return fmt.Errorf("no composite-changed-out-of-band finding for the Dial policy %s: %+v", dialID, got)
						}
						return nil
					},
				),
			},
			{
				// The apply puts the Dial policy back.
				Config: config + "\n# re-read\n",
				Check: func(s *terraform.State) error {
					d, err := client.ServicePolicies.Get(context.Background(), acctest.AdminClient(t), dialID)
					if err != nil {
						return err
					}
					if len(d.ServiceRoles) != 1 || d.ServiceRoles[0] == "#all" {
						return fmt.Errorf("the Dial policy's serviceRoles are %v after the apply", d.ServiceRoles)
					}
					return nil
				},
			},
		},
	})
}
