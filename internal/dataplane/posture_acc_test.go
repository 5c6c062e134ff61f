package dataplane

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// A Dial policy that requires a posture check the agent cannot satisfy (Windows only; the SDK
// reports the Linux it runs on) refuses the dial; the same policy without the check grants it.
func TestAccDataPlane_postureCheckRefusesTheDial(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("pc")
	echo := acctest.StartEchoServer(t, "llm:")
	config := func(postureRoles string) string {
		return fmt.Sprintf(`
resource "ziti_posture_check_os" "windows_only" {
  name              = "%[1]s-windows-only"
  operating_systems = [{ type = "Windows", versions = [] }]
}
resource "ziti_identity" "agent" {
  name            = "%[1]s-agent"
  role_attributes = ["%[1]s-guarded"]
}
resource "ziti_service_policy" "guarded" {
  name                = "%[1]s-guarded-dial"
  type                = "Dial"
  identity_roles      = ["#%[1]s-guarded"]
  service_roles       = ["@${ziti_service.llm.name}"]
  posture_check_roles = %[2]s
}
%[3]s`, prefix, postureRoles, acctest.RouterHostedService(prefix, echo.Port))
	}
	var agent *acctest.Agent
	dial := func() (net.Conn, error) { return agent.Dial(prefix + "-llm") }
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config(`["@${ziti_posture_check_os.windows_only.name}"]`),
				Check: func(s *terraform.State) error {
					jwt, err := acctest.JWTFromState(s, "ziti_identity.agent")
					if err != nil {
						return err
					}
					agent = acctest.NewAgent(t, jwt)
					// Give the posture data time to reach the controller, then expect refusals.
					for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
						if conn, err := dial(); err == nil {
							conn.Close()
							return fmt.Errorf("a Linux agent dialed a service whose Dial policy requires Windows")
						} else if !strings.Contains(err.Error(), "posture check "+prefix+"-windows-only") {
							return fmt.Errorf("the dial failed for another reason than the posture check: %v", err)
						}
					}
					return nil
				},
			},
			{
				Config: config(`[]`),
				Check: func(*terraform.State) error {
					conn, err := agent.EventuallyDial(dial, 15*time.Second)
					if err != nil {
						return fmt.Errorf("without the posture check the agent still cannot dial: %v", err)
					}
					defer conn.Close()
					if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != "llm:prompt" {
						return fmt.Errorf("exchange: %q, %v", got, err)
					}
					return nil
				},
			},
		},
	})
}
