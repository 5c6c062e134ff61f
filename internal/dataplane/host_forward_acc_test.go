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

// forwarding: a service intercepted on two ports of one name, hosted by the quickstart router
// with a host.v1 config that forwards the dialed port, within allowed (the ports the hosting
// side may dial).
func forwarding(prefix string, ports [2]int, allowed string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name            = "%[1]s-agent"
  role_attributes = ["%[1]s-agent"]
}
resource "ziti_intercept_v1_config" "fwd" {
  name        = "%[1]s-fwd-intercept"
  protocols   = ["tcp"]
  addresses   = ["fwd.%[1]s.ziti"]
  port_ranges = [{ low = %[2]d, high = %[2]d }, { low = %[3]d, high = %[3]d }]
}
resource "ziti_host_v1_config" "fwd" {
  name                = "%[1]s-fwd-host"
  protocol            = "tcp"
  address             = "127.0.0.1"
  forward_port        = true
  allowed_port_ranges = %[4]s
}
resource "ziti_service" "fwd" {
  name    = "%[1]s-fwd"
  configs = [ziti_intercept_v1_config.fwd.id, ziti_host_v1_config.fwd.id]
}
`, prefix, ports[0], ports[1], allowed) +
		acctest.ServicePolicy("bind", prefix+"-fwd-bind", "Bind", "@"+acctest.QuickstartRouter, "@${ziti_service.fwd.name}") +
		acctest.ServicePolicy("dial", prefix+"-fwd-dial", "Dial", "#"+prefix+"-agent", "@${ziti_service.fwd.name}")
}

// The router forwards the port the agent dialed, but only within allowed_port_ranges: the
// first port reaches the server behind it, the second (intercepted, not allowed) is refused
// until the allowed ranges name it too, and then reaches its own server.
func TestAccDataPlane_hostForwardsOnlyAllowedPorts(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("fwd")
	first, second := acctest.StartEchoServer(t, "first:"), acctest.StartEchoServer(t, "second:")
	ports := [2]int{first.Port, second.Port}
	var agent *acctest.Agent
	addr := func(port int) string { return fmt.Sprintf("fwd.%s.ziti:%d", prefix, port) }
	exchange := func(port int, want string) error {
		conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.DialAddr(addr(port)) }, 45*time.Second)
		if err != nil {
			return fmt.Errorf("dial %s: %v", addr(port), err)
		}
		defer conn.Close()
		if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != want {
			return fmt.Errorf("exchange through %s: got %q (%v), want %q", addr(port), got, err, want)
		}
		return nil
	}
	// refused: a port outside allowed_port_ranges never reaches its server, whether the dial
	// itself fails or the connection is closed before any answer.
	refused := func(port int) error {
		conn, err := agent.DialAddr(addr(port))
		if err != nil {
			// The router names the reason; any other failure is not this check's proof.
			if !strings.Contains(err.Error(), "not in allowed port ranges") {
				return fmt.Errorf("dial of %s failed, but not for the allowed port ranges: %v", addr(port), err)
			}
			return nil
		}
		defer conn.Close()
		_ = conn.SetDeadline(time.Now().Add(3 * time.Second))
		if got, err := acctest.Exchange(conn, "prompt"); err == nil {
			return fmt.Errorf("port %d is not in allowed_port_ranges, yet the agent got %q through it", port, got)
		}
		return nil
	}
	onlyFirst := fmt.Sprintf(`[{ low = %d, high = %d }]`, first.Port, first.Port)
	both := fmt.Sprintf(`[{ low = %d, high = %d }, { low = %d, high = %d }]`, first.Port, first.Port, second.Port, second.Port)
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: forwarding(prefix, ports, onlyFirst),
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						jwt, err := acctest.JWTFromState(s, "ziti_identity.agent")
						if err != nil {
							return err
						}
						agent = acctest.NewAgent(t, jwt)
						return nil
					},
					func(*terraform.State) error { return exchange(first.Port, "first:prompt") },
					func(*terraform.State) error { return refused(second.Port) },
				),
			},
			{
				Config: forwarding(prefix, ports, both),
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return exchange(second.Port, "second:prompt") },
					func(*terraform.State) error { return exchange(first.Port, "first:prompt") },
				),
			},
		},
	})
}
