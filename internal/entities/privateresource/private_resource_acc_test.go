package privateresource_test

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_private_resource.db"

type fixture struct {
	prefix string
	echo   *acctest.EchoServer
}

func (f fixture) host() string { return f.prefix + "-orders-db.ziti" }

// config: two agents, one of them in the role the private resource grants.
func (f fixture) config(dialRole, extra string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "allowed" {
  name            = "%[1]s-allowed"
  role_attributes = ["%[1]s-billing"]
}
resource "ziti_identity" "denied" {
  name            = "%[1]s-denied"
  role_attributes = ["%[1]s-marketing"]
}
resource "ziti_private_resource" "db" {
  name           = "%[1]s-orders-db"
  address        = %[2]q
  ports          = [5432]
  target_address = "127.0.0.1"
  target_port    = %[3]d
  host_roles     = ["@router-quickstart"]
  dial_roles     = [%[4]q]
  tags           = { customer = "acme" }
  %[5]s
}
`, f.prefix, f.host(), f.echo.Port, dialRole, extra)
}

func TestAccPrivateResource_lifecycleAndDataPlane(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	f := fixture{prefix: acctest.Name("pr"), echo: acctest.StartEchoServer(t, "db:")}
	var allowed, denied *acctest.Agent
	var closed <-chan time.Time
	var serviceID, dialID string
	granted := "#" + f.prefix + "-billing"

	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.Services, "ziti_private_resource"),
		Steps: []resource.TestStep{
			{
				Config: f.config(granted, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("protocols"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("tcp")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_edge_router_policy_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("dial_policy_id"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					acctest.CaptureID(addr, &serviceID),
					resource.TestCheckResourceAttrPair(addr, "id", addr, "service_id"),
					func(s *terraform.State) error {
						dialID = s.RootModule().Resources[addr].Primary.Attributes["dial_policy_id"]
						var err error
						if allowed, err = agentFromState(t, s, "ziti_identity.allowed"); err != nil {
							return err
						}
						denied, err = agentFromState(t, s, "ziti_identity.denied")
						return err
					},
					func(*terraform.State) error {
						// The granted agent reaches the database by its overlay name and port.
						conn, err := allowed.EventuallyDial(func() (netConn, error) { return allowed.DialAddr(f.host() + ":5432") }, 15*time.Second)
						if err != nil {
							return fmt.Errorf("granted agent cannot dial %s:5432: %v", f.host(), err)
						}
						defer conn.Close()
						if got, err := acctest.Exchange(conn, "select 1"); err != nil || got != "db:select 1" {
							return fmt.Errorf("exchange through the overlay: %q, %v", got, err)
						}
						return nil
					},
					func(*terraform.State) error {
						// Port-specific: the same name on another port is not intercepted.
						if conn, err := allowed.DialAddr(f.host() + ":5433"); err == nil {
							conn.Close()
							return fmt.Errorf("the granted agent reached %s on port 5433, which is not listed", f.host())
						}
						// An agent outside dial_roles cannot reach it, by address or by name.
						if conn, err := denied.DialAddr(f.host() + ":5432"); err == nil {
							conn.Close()
							return fmt.Errorf("an agent outside dial_roles reached the private resource")
						}
						if conn, err := denied.Dial(f.prefix + "-orders-db"); err == nil {
							conn.Close()
							return fmt.Errorf("an agent outside dial_roles dialed the service by name")
						}
						return nil
					},
				),
			},
			{
				// Import by name with every owned entity found by its tags.
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + f.prefix + "-orders-db",
				// After an import the user's "@router-quickstart" is only known by its id.
				ImportStateVerifyIgnore: []string{"host_roles"},
			},
			{
				// An operator deletes the Dial policy: the plan shows it, the apply re-creates it.
				PreConfig:        acctest.DeleteOutOfBand(t, client.ServicePolicies, &dialID),
				Config:           f.config(granted, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
				},
			},
			{
				// The granted agent holds a connection open; then the grant is narrowed to a role
				// nobody has. The apply closes the open connection and new dials fail.
				PreConfig: func() {
					conn, err := allowed.EventuallyDial(func() (netConn, error) { return allowed.DialAddr(f.host() + ":5432") }, 15*time.Second)
					if err != nil {
						t.Fatalf("opening the connection to revoke: %v", err)
					}
					if got, err := acctest.Exchange(conn, "before"); err != nil || got != "db:before" {
						t.Fatalf("exchange before revocation: %q, %v", got, err)
					}
					closed = acctest.WatchClosed(conn)
				},
				Config:           f.config("#"+f.prefix+"-nobody", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				Check: func(*terraform.State) error {
					// Check runs right after the apply (and the state read that follows it).
					checkStart := time.Now()
					select {
					case at := <-closed:
						t.Logf("revocation: the open connection was closed %s before the post-apply check began (the apply's own sweep closed it)", checkStart.Sub(at).Round(time.Millisecond))
					case <-time.After(10 * time.Second):
						return fmt.Errorf("the open connection survived the revocation for 10s after the apply")
					}
					if conn, err := allowed.DialAddr(f.host() + ":5432"); err == nil {
						conn.Close()
						return fmt.Errorf("a new dial succeeded after the grant was removed")
					}
					t.Logf("revocation: a new dial was refused %s after the post-apply check began", time.Since(checkStart).Round(time.Millisecond))
					return nil
				},
			},
			{
				// Adding a service edge router policy updates in place.
				Config: f.config(granted, `edge_router_roles = ["#public"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("service_edge_router_policy_id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("service_edge_router_policy_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("edge_router_roles"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("#public")})),
				},
			},
		},
	})
	_ = serviceID
}

func TestAccPrivateResource_invalidConfigs(t *testing.T) {
	base := func(extra string) string {
		return fmt.Sprintf(`resource "ziti_private_resource" "x" {
  name           = "x"
  target_address = "127.0.0.1"
  host_roles     = ["@h"]
  %s
}
`, extra)
	}
	cases := map[string]struct{ extra, want string }{
		"no dial roles":    {`address = "a.ziti"` + "\n" + `ports = [1]` + "\n" + `dial_roles = []`, `(?s)dial_roles.*at least 1`},
		"port 0":           {`address = "a.ziti"` + "\n" + `ports = [0]` + "\n" + `dial_roles = ["#a"]`, `between 1 and 65535`},
		"bad wildcard":     {`address = "a.*.ziti"` + "\n" + `ports = [1]` + "\n" + `dial_roles = ["#a"]`, `wildcard must be the whole first label`},
		"#all with others": {`address = "a.ziti"` + "\n" + `ports = [1]` + "\n" + `dial_roles = ["#all", "#a"]`, `must be the only element`},
		"unknown protocol": {`address = "a.ziti"` + "\n" + `ports = [1]` + "\n" + `dial_roles = ["#a"]` + "\n" + `protocols = ["icmp"]`, `value must be one of`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 acctest.PreCheck(t),
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: base(tc.extra), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

type netConn = net.Conn

func agentFromState(t *testing.T, s *terraform.State, addr string) (*acctest.Agent, error) {
	jwt, err := acctest.JWTFromState(s, addr)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(jwt, "eyJ") {
		return nil, fmt.Errorf("%s: not a JWT", addr)
	}
	return acctest.NewAgent(t, jwt), nil
}
