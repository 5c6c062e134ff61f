package dataplane

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// checked: a service hosted by the quickstart router whose host.v1 config has a port check on
// checkPort that marks the terminator unhealthy when it fails and healthy when it passes.
func checked(prefix, label string, port, checkPort int) string {
	return fmt.Sprintf(`
resource "ziti_host_v1_config" "%[2]s" {
  name     = "%[1]s-%[2]s-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = %[3]d
  port_checks = [{
    address  = "127.0.0.1:%[4]d"
    interval = "1s"
    timeout  = "500ms"
    actions  = [{ trigger = "fail", action = "mark unhealthy" }, { trigger = "pass", action = "mark healthy" }]
  }]
}
resource "ziti_service" "%[2]s" {
  name    = "%[1]s-%[2]s"
  configs = [ziti_host_v1_config.%[2]s.id]
}
`, prefix, label, port, checkPort) +
		acctest.ServicePolicy(label, prefix+"-"+label+"-bind", "Bind", "@"+acctest.QuickstartRouter, "@${ziti_service."+label+".name}")
}

type terminator struct {
	ID         string `json:"id"`
	Precedence string `json:"precedence"`
}

func terminators(t *testing.T, serviceID string) ([]terminator, error) {
	var out struct {
		Data []terminator `json:"data"`
	}
	err := acctest.AdminClient(t).Do(context.Background(), client.Request{Method: http.MethodGet, Path: "/terminators", Fabric: true, Out: &out,
		Query: map[string]string{"filter": fmt.Sprintf("service = %q", serviceID)}})
	return out.Data, err
}

// eventuallyPrecedence waits until the service has terminators and all have precedence want.
func eventuallyPrecedence(t *testing.T, serviceID, want string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last []terminator
	for {
		ts, err := terminators(t, serviceID)
		if err != nil {
			return err
		}
		all := len(ts) > 0
		for _, x := range ts {
			all = all && x.Precedence == want
		}
		if all {
			return nil
		}
		last = ts
		if time.Now().After(deadline) {
			return fmt.Errorf("service %s: terminators %+v after %s; want all with precedence %q", serviceID, last, limit, want)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// The router runs the port checks the provider writes: a check on a closed port marks the
// terminator failed, the same check on a listening port keeps it at its default precedence.
func TestAccDataPlane_hostHealthCheckFailsTheTerminator(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("health")
	echo := acctest.StartEchoServer(t, "up:")
	// A port nothing listens on: bind one, note it, close it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tcpAddr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not TCP", ln.Addr())
	}
	closedPort := tcpAddr.Port
	_ = ln.Close()
	var down, up string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: checked(prefix, "down", echo.Port, closedPort) + checked(prefix, "up", echo.Port, echo.Port),
			Check: resource.ComposeTestCheckFunc(
				acctest.CaptureID("ziti_service.down", &down),
				acctest.CaptureID("ziti_service.up", &up),
				func(*terraform.State) error { return eventuallyPrecedence(t, down, "failed", 45*time.Second) },
				func(*terraform.State) error { return eventuallyPrecedence(t, up, "default", 45*time.Second) },
				// The passing check keeps its terminator default for several more intervals.
				func(*terraform.State) error {
					time.Sleep(3 * time.Second)
					return eventuallyPrecedence(t, up, "default", time.Second)
				},
			),
		}},
	})
}
