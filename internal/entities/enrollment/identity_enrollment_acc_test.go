package enrollment_test

import (
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

const agentAddr = "ziti_identity.agent"

// agentWithSecret: an agent identity that keeps its token out of the state, a service the
// quickstart router hosts (forwarding to a local echo server) that the agent may dial, and the
// token passed from the ephemeral resource into sink_secret's write-only data_wo, as it would
// go into a Kubernetes secret. revision re-sends data_wo.
func agentWithSecret(prefix string, echoPort int, file string, revision int) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name                    = "%[1]s-agent"
  role_attributes         = ["%[1]s"]
  enrollment_jwt_in_state = false
}
ephemeral "ziti_identity_enrollment" "agent" {
  identity_id = ziti_identity.agent.id
}
resource "sink_secret" "agent" {
  path = %[3]q
  data_wo = {
    token    = ephemeral.ziti_identity_enrollment.agent.enrollment_jwt
    enrolled = tostring(ephemeral.ziti_identity_enrollment.agent.enrolled)
  }
  data_wo_revision = %[4]d
}
`, prefix, echoPort, file, revision) + acctest.RouterHostedService(prefix, echoPort)
}

// The token goes from the controller through the ephemeral resource into the consumer's
// write-only attribute, and nowhere else: the state and the saved plans never hold it. Plans
// in between never re-issue it, so the token the consumer got first still enrolls after two
// more plans and an apply; the agent enrolls with it and dials its service. Once enrolled, the
// ephemeral resource reports enrolled and no token.
func TestAccIdentityEnrollment_tokenOnlyReachesTheConsumer(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	dir := workDirs(t)
	prefix := acctest.Name("eph")
	file := filepath.Join(t.TempDir(), "agent-secret.json")
	echo := acctest.StartEchoServer(t, "llm:")
	var id, first string
	stillFirst := func(*terraform.State) error {
		got, err := deliveredToken(file)
		if err != nil {
			return err
		}
		if got != first {
			return fmt.Errorf("the consumer received another token than after the first apply: the token was re-issued")
		}
		if pending, err := pendingJWT(t, id); err != nil || pending != first {
			return fmt.Errorf("the controller's pending token changed (or is gone: %v): a plan or apply re-issued it", err)
		}
		return findSecret(dir, first)
	}
	controllerStillHasFirst := func() {
		if pending, err := pendingJWT(t, id); err != nil || pending != first {
			t.Fatalf("after a plan, the controller's pending token is no longer the one delivered (%v): the plan re-issued it", err)
		}
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		TerraformVersionChecks:   ephemeralCLIs,
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: agentWithSecret(prefix, echo.Port, file, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agentAddr, tfjsonpath.New("enrollment_jwt"), knownvalue.Null()),
					statecheck.ExpectKnownValue(agentAddr, tfjsonpath.New("enrollment_jwt_in_state"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(agentAddr, tfjsonpath.New("enrollment_expires_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("sink_secret.agent", tfjsonpath.New("data_wo"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[agentAddr].Primary.ID
					pending, err := pendingJWT(t, id)
					if err != nil {
						return err
					}
					if first, err = deliveredToken(file); err != nil {
						return err
					}
					if first != pending {
						return fmt.Errorf("the consumer received a token that is not the identity's pending token")
					}
					return findSecret(dir, first)
				},
			},
			{
				// The consumer is updated: the plan holds the ephemeral value for data_wo, the
				// saved plan must not.
				Config: agentWithSecret(prefix, echo.Port, file, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sink_secret.agent", plancheck.ResourceActionUpdate),
					noSecretInPlan{dir: dir, secret: &first},
				}},
				Check: stillFirst,
			},
			// Plan twice, then apply.
			{PreConfig: controllerStillHasFirst, Config: agentWithSecret(prefix, echo.Port, file, 3), PlanOnly: true, ExpectNonEmptyPlan: true},
			{PreConfig: controllerStillHasFirst, Config: agentWithSecret(prefix, echo.Port, file, 3), PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				PreConfig: controllerStillHasFirst,
				Config:    agentWithSecret(prefix, echo.Port, file, 3),
				Check: resource.ComposeTestCheckFunc(stillFirst, func(*terraform.State) error {
					// The agent enrolls with the token the consumer received after the first apply.
					agent := acctest.NewAgent(t, first)
					conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.Dial(prefix + "-llm") }, 15*time.Second)
					if err != nil {
						return fmt.Errorf("the agent enrolled with the delivered token cannot dial its service: %v", err)
					}
					defer conn.Close()
					if got, err := acctest.Exchange(conn, "hello"); err != nil || got != "llm:hello" {
						return fmt.Errorf("exchange: %q, %v", got, err)
					}
					return nil
				}),
			},
			{
				// Enrolled: no token, enrolled = true (and a warning), nothing re-issued.
				Config: agentWithSecret(prefix, echo.Port, file, 4),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agentAddr, tfjsonpath.New("enrolled"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					data, err := delivered(file)
					if err != nil {
						return err
					}
					if data["token"] != nil || data["enrolled"] == nil || *data["enrolled"] != "true" {
						return fmt.Errorf("for an enrolled identity the consumer should get no token and enrolled = true, got %v", data)
					}
					if _, err := pendingJWT(t, id); err == nil {
						return fmt.Errorf("the enrolled identity has a pending token again: the ephemeral resource issued one")
					}
					return nil
				},
			},
		},
	})
}
