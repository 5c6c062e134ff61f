package identity_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// agentOverlay: an agent identity granted a service that the quickstart router hosts,
// forwarding to a local echo server. killSwitch is put into the identity as is.
func agentOverlay(prefix string, echoPort int, killSwitch string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name            = "%[1]s-agent"
  role_attributes = ["%[1]s"]
  %[3]s
}
`, prefix, echoPort, killSwitch) + acctest.RouterHostedService(prefix, echoPort)
}

// The kill switch: disabling an enrolled agent that holds a connection cuts the connection at
// once and refuses new logins; enabling it lets the same enrolled agent dial again.
// The identity, its grants and its certificate stay.
func TestAccIdentity_killSwitch(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("ks")
	service := prefix + "-llm"
	echo := acctest.StartEchoServer(t, "llm:")
	var (
		cfg    *ziti.Config
		agent  *acctest.Agent
		closed <-chan time.Time
		id     string
	)
	dial := func() (net.Conn, error) { return agent.Dial(service) }
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: agentOverlay(prefix, echo.Port, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled_until"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					jwt, err := acctest.JWTFromState(s, addr)
					if err != nil {
						return err
					}
					id = s.RootModule().Resources[addr].Primary.ID
					if cfg, err = acctest.EnrollJWT(jwt); err != nil {
						return fmt.Errorf("enroll: %w", err)
					}
					agent = acctest.NewAgentFromConfig(t, cfg)
					return nil
				},
			},
			{
				PreConfig: func() {
					conn, err := agent.EventuallyDial(dial, 15*time.Second)
					if err != nil {
						t.Fatalf("the enabled agent cannot dial: %v", err)
					}
					if got, err := acctest.Exchange(conn, "hold"); err != nil || got != "llm:hold" {
						t.Fatalf("exchange: %q, %v", got, err)
					}
					closed = acctest.WatchClosed(conn)
				},
				Config: agentOverlay(prefix, echo.Port, "disabled = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrolled"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					checkStart := time.Now()
					select {
					case at := <-closed:
						t.Logf("kill switch: the open connection closed %s before the post-apply check began", checkStart.Sub(at).Round(time.Millisecond))
					case <-time.After(2 * time.Second):
						return fmt.Errorf("the open connection is still up 2s after the apply that disabled the agent")
					}
					// New dials are not asserted: this SDK logs in through OIDC, and the v1.7.2
					// controller neither revokes a disabled identity's access token nor checks
					// "disabled" when it is used, so dials keep working until the token expires
					// (30 minutes by default). Logged so that a controller that closes the gap shows.
					if conn, err := agent.Dial(service); err == nil {
						conn.Close()
						t.Logf("kill switch: a new dial with the agent's unexpired OIDC access token still succeeds (controller limitation)")
					} else {
						t.Logf("kill switch: a new dial is refused: %v", err)
					}
					return checkLoginRefused(cfg)
				},
			},
			{
				// Changing something else keeps it disabled (the PUT does not enable it).
				Config: agentOverlay(prefix, echo.Port, "disabled = true\n  tags = { incident = \"42\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error { return checkDisabledOnController(t, id, true) },
			},
			{
				Config: agentOverlay(prefix, echo.Port, "disabled = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					// The same enrolled agent, without enrolling again.
					conn, err := agent.EventuallyDial(dial, 15*time.Second)
					if err != nil {
						return fmt.Errorf("the re-enabled agent cannot dial: %v", err)
					}
					defer conn.Close()
					if got, err := acctest.Exchange(conn, "back"); err != nil || got != "llm:back" {
						return fmt.Errorf("exchange after enabling: %q, %v", got, err)
					}
					return checkDisabledOnController(t, id, false)
				},
			},
		},
	})
}

// checkLoginRefused logs in with the agent's certificate in a fresh SDK context.
func checkLoginRefused(cfg *ziti.Config) error {
	ctx, err := ziti.NewContext(cfg)
	if err != nil {
		return fmt.Errorf("ziti context: %v", err)
	}
	defer ctx.Close()
	if err := ctx.Authenticate(); err == nil {
		return fmt.Errorf("the disabled agent logged in")
	}
	return nil
}

func checkDisabledOnController(t *testing.T, id string, want bool) error {
	d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		return err
	}
	if got := d.Disabled != nil && *d.Disabled; got != want {
		return fmt.Errorf("the controller reports disabled = %v, want %v", got, want)
	}
	return nil
}

// A timed disable: disabled_until is kept as written (the controller rounds it up to its
// minute), plans nothing more, and the controller enables the identity by itself then.
func TestAccIdentity_disabledUntil(t *testing.T) {
	name := acctest.Name("agent")
	until := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	config := identityConfig(name, "", fmt.Sprintf("disabled = true\n  disabled_until = %q", until))
	var id string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Identities, "ziti_identity"),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled_until"), knownvalue.StringExact(until)),
				},
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[addr].Primary.ID
					d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
					if err != nil {
						return err
					}
					want, _ := time.Parse(time.RFC3339, until)
					if d.DisabledUntil == nil || time.Time(*d.DisabledUntil).Before(want) || time.Time(*d.DisabledUntil).After(want.Add(2*time.Minute)) {
						return fmt.Errorf("the controller's disabledUntil is %v, want %s rounded up to a minute", d.DisabledUntil, until)
					}
					return nil
				},
			},
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"disabled_until"}},
			{
				// Disabled without an end: the same identity, disabled until enabled again.
				Config: identityConfig(name, "", "disabled = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("disabled_until"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
					if err != nil {
						return err
					}
					if d.DisabledUntil != nil {
						return fmt.Errorf("the controller still has disabledUntil %v", d.DisabledUntil)
					}
					return checkDisabledOnController(t, id, true)
				},
			},
		},
	})
}

// Kill switch settings that cannot work fail at plan, on the attribute.
func TestAccIdentity_invalidKillSwitch(t *testing.T) {
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	cases := map[string]struct{ extra, want string }{
		"disabled_until in the past":           {fmt.Sprintf("disabled = true\n  disabled_until = %q", past), `has passed: set a time in the future`},
		"disabled_until not a time":            {"disabled = true\n  disabled_until = \"tomorrow\"", `parsing time "tomorrow"`},
		"disabled_until without disabled":      {fmt.Sprintf("disabled_until = %q", future), `set disabled = true as well`},
		"disabled_until with disabled = false": {fmt.Sprintf("disabled = false\n  disabled_until = %q", future), `set disabled = true as well`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 acctest.PreCheck(t),
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("resource \"ziti_identity\" \"x\" {\n  name = \"x\"\n  %s\n}\n", tc.extra),
					PlanOnly:    true,
					ExpectError: acctest.ErrorOn("disabled_until", tc.want),
				}},
			})
		})
	}
}
