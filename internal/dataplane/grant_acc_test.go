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

// overlay: two agents, an llm-proxy service hosted by the quickstart router (forwarding to a
// local echo server), and optionally the Dial policy that grants the first agent.
func overlay(prefix string, echoPort int, provider string, withDial bool) string {
	dial := ""
	if withDial {
		dial = acctest.ServicePolicy("dial", prefix+"-dial", "Dial", "#"+prefix+"-granted", "@${ziti_service.llm.name}")
	}
	return fmt.Sprintf(`
%[3]s
resource "ziti_identity" "granted" {
  name            = "%[1]s-granted"
  role_attributes = ["%[1]s-granted"]
}
resource "ziti_identity" "other" {
  name = "%[1]s-other"
}
resource "ziti_intercept_v1_config" "llm" {
  name        = "%[1]s-llm-intercept"
  protocols   = ["tcp"]
  addresses   = ["llm-proxy.%[1]s.ziti"]
  port_ranges = [{ low = 443, high = 443 }]
}
resource "ziti_host_v1_config" "llm" {
  name     = "%[1]s-llm-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = %[2]d
}
resource "ziti_service" "llm" {
  name    = "%[1]s-llm-proxy"
  configs = [ziti_intercept_v1_config.llm.id, ziti_host_v1_config.llm.id]
}
%[4]s%[5]s`, prefix, echoPort, provider,
		acctest.ServicePolicy("bind", prefix+"-bind", "Bind", "@"+acctest.QuickstartRouter, "@${ziti_service.llm.name}"), dial)
}

type agents struct{ granted, other *acctest.Agent }

func (a *agents) enroll(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for addr, into := range map[string]**acctest.Agent{"ziti_identity.granted": &a.granted, "ziti_identity.other": &a.other} {
			jwt, err := acctest.JWTFromState(s, addr)
			if err != nil {
				return err
			}
			*into = acctest.NewAgent(t, jwt)
		}
		return nil
	}
}

// Two agents, one granted the service: the first exchanges bytes with the server behind it
// (by service name and by its intercepted address); the second cannot even see the service.
func TestAccDataPlane_onlyTheGrantedAgentReachesTheService(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("dp")
	echo := acctest.StartEchoServer(t, "llm:")
	var a agents
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: overlay(prefix, echo.Port, "", true),
			Check: resource.ComposeTestCheckFunc(a.enroll(t), func(*terraform.State) error {
				conn, err := a.granted.EventuallyDial(func() (net.Conn, error) { return a.granted.Dial(prefix + "-llm-proxy") }, 15*time.Second)
				if err != nil {
					return fmt.Errorf("the granted agent cannot dial: %v", err)
				}
				defer conn.Close()
				if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != "llm:prompt" {
					return fmt.Errorf("exchange: %q, %v", got, err)
				}
				byAddr, err := a.granted.DialAddr("llm-proxy." + prefix + ".ziti:443")
				if err != nil {
					return fmt.Errorf("the granted agent cannot dial the intercepted address: %v", err)
				}
				byAddr.Close()

				if err := a.other.Ctx.RefreshServices(); err != nil {
					return err
				}
				services, err := a.other.Ctx.GetServices()
				if err != nil {
					return err
				}
				for _, s := range services {
					if s.Name != nil && *s.Name == prefix+"-llm-proxy" {
						return fmt.Errorf("the agent without a grant can see the service")
					}
				}
				if conn, err := a.other.Dial(prefix + "-llm-proxy"); err == nil {
					conn.Close()
					return fmt.Errorf("the agent without a grant dialed the service")
				} else if !strings.Contains(err.Error(), "not found") {
					return fmt.Errorf("the agent without a grant failed for another reason than an invisible service: %v", err)
				}
				return nil
			}),
		}},
	})
}

// Removing the Dial policy cuts the open connection (the provider's default), and new dials
// are refused. Timing figures are logged, not asserted.
func TestAccDataPlane_revokingTheGrantCutsTheOpenConnection(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("rv")
	echo := acctest.StartEchoServer(t, "llm:")
	var a agents
	var closed <-chan time.Time
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: overlay(prefix, echo.Port, "", true), Check: a.enroll(t)},
			{
				PreConfig: func() {
					conn, err := a.granted.EventuallyDial(func() (net.Conn, error) { return a.granted.Dial(prefix + "-llm-proxy") }, 15*time.Second)
					if err != nil {
						t.Fatalf("open a connection: %v", err)
					}
					if got, err := acctest.Exchange(conn, "hold"); err != nil || got != "llm:hold" {
						t.Fatalf("exchange: %q, %v", got, err)
					}
					closed = acctest.WatchClosed(conn)
				},
				Config: overlay(prefix, echo.Port, "", false),
				Check: func(*terraform.State) error {
					checkStart := time.Now()
					select {
					case at := <-closed:
						t.Logf("revocation (Dial policy deleted): open connection closed %s before the post-apply check began", checkStart.Sub(at).Round(time.Millisecond))
					case <-time.After(10 * time.Second):
						return fmt.Errorf("the open connection is still up 10s after the apply that removed the grant")
					}
					for deadline := time.Now().Add(5 * time.Second); ; {
						conn, err := a.granted.Dial(prefix + "-llm-proxy")
						if err != nil {
							t.Logf("revocation: new dial refused %s after the post-apply check began (%v)", time.Since(checkStart).Round(time.Millisecond), err)
							return nil
						}
						conn.Close()
						if time.Now().After(deadline) {
							return fmt.Errorf("new dials still succeed 5s after the grant was removed")
						}
						time.Sleep(100 * time.Millisecond)
					}
				},
			},
		},
	})
}

// With revoke_open_connections = false the provider leaves open connections alone: this is the
// controller's own behaviour, and shows that the cut above is the provider's doing.
func TestAccDataPlane_withoutRevocationTheOpenConnectionStays(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("nr")
	echo := acctest.StartEchoServer(t, "llm:")
	provider := `provider "ziti" { revoke_open_connections = false }`
	var a agents
	var conn net.Conn
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: overlay(prefix, echo.Port, provider, true), Check: a.enroll(t)},
			{
				PreConfig: func() {
					var err error
					conn, err = a.granted.EventuallyDial(func() (net.Conn, error) { return a.granted.Dial(prefix + "-llm-proxy") }, 15*time.Second)
					if err != nil {
						t.Fatalf("open a connection: %v", err)
					}
				},
				Config: overlay(prefix, echo.Port, provider, false),
				Check: func(*terraform.State) error {
					defer conn.Close()
					time.Sleep(3 * time.Second)
					if got, err := acctest.Exchange(conn, "still"); err != nil || got != "llm:still" {
						return fmt.Errorf("without revocation the open connection should stay up, got %q, %v", got, err)
					}
					if c, err := a.granted.Dial(prefix + "-llm-proxy"); err == nil {
						c.Close()
						return fmt.Errorf("a new dial succeeded after the grant was removed")
					}
					return nil
				},
			},
		},
	})
}
