package enrollment_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// A new router's token reaches the consumer and not the state; the quickstart's router,
// enrolled and online, gets no token and is not re-enrolled.
func TestAccEdgeRouterEnrollment_tokenOnlyReachesTheConsumer(t *testing.T) {
	acctest.WaitRouterOnline(t)
	dir := workDirs(t)
	name := acctest.Name("er")
	routerFile := filepath.Join(t.TempDir(), "router.json")
	qsFile := filepath.Join(t.TempDir(), "quickstart.json")
	config := fmt.Sprintf(`
resource "ziti_edge_router" "edge" {
  name                    = %[1]q
  enrollment_jwt_in_state = false
}
ephemeral "ziti_edge_router_enrollment" "edge" {
  edge_router_id = ziti_edge_router.edge.id
}
resource "sink_secret" "edge" {
  path    = %[2]q
  data_wo = { token = ephemeral.ziti_edge_router_enrollment.edge.enrollment_jwt }
}
data "ziti_edge_router" "quickstart" {
  name = "router-quickstart"
}
ephemeral "ziti_edge_router_enrollment" "quickstart" {
  edge_router_id = data.ziti_edge_router.quickstart.id
}
resource "sink_secret" "quickstart" {
  path = %[3]q
  data_wo = {
    token    = ephemeral.ziti_edge_router_enrollment.quickstart.enrollment_jwt
    enrolled = tostring(ephemeral.ziti_edge_router_enrollment.quickstart.enrolled)
  }
}
`, name, routerFile, qsFile)
	var qsFingerprint string
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			qs, err := client.EdgeRouters.List(context.Background(), acctest.AdminClient(t), `name="router-quickstart"`)
			if err != nil || len(qs) != 1 {
				t.Fatalf("quickstart router: %v", err)
			}
			qsFingerprint = qs[0].Fingerprint
		},
		TerraformVersionChecks:   ephemeralCLIs,
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("ziti_edge_router.edge", tfjsonpath.New("enrollment_jwt"), knownvalue.Null()),
				statecheck.ExpectKnownValue("ziti_edge_router.edge", tfjsonpath.New("enrollment_expires_at"), knownvalue.NotNull()),
			},
			Check: func(s *terraform.State) error {
				d, err := client.EdgeRouters.Get(context.Background(), acctest.AdminClient(t), s.RootModule().Resources["ziti_edge_router.edge"].Primary.ID)
				if err != nil {
					return err
				}
				got, err := deliveredToken(routerFile)
				if err != nil {
					return err
				}
				if d.EnrollmentJWT == nil || got != *d.EnrollmentJWT {
					return fmt.Errorf("the consumer did not receive the router's pending token")
				}
				if err := findSecret(dir, got); err != nil {
					return err
				}
				qs, err := delivered(qsFile)
				if err != nil {
					return err
				}
				if qs["token"] != nil || qs["enrolled"] == nil || *qs["enrolled"] != "true" {
					return fmt.Errorf("the enrolled quickstart router should give no token and enrolled = true, got %v", qs)
				}
				list, err := client.EdgeRouters.List(context.Background(), acctest.AdminClient(t), `name="router-quickstart"`)
				if err != nil || len(list) != 1 {
					return fmt.Errorf("quickstart router: %v", err)
				}
				if list[0].Fingerprint != qsFingerprint || list[0].IsVerified == nil || !*list[0].IsVerified {
					return fmt.Errorf("the quickstart router was re-enrolled: fingerprint %q -> %q, verified %v", qsFingerprint, list[0].Fingerprint, list[0].IsVerified)
				}
				return nil
			},
		}},
	})
}
