package acctest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// QuickstartRouter is the edge router `ziti edge quickstart` creates.
const QuickstartRouter = "router-quickstart"

// WaitForQuickstart waits until the quickstart has created its edge router and the policies
// that come with it: the controller answers (and Run starts the tests) a few seconds before the
// router is registered, so a test that is first to run would otherwise not find it.
func WaitForQuickstart(t testing.TB) { waitForRouter(t, false) }

// WaitRouterOnline also waits until that router is connected: data-plane tests need it to
// carry circuits.
func WaitRouterOnline(t testing.TB) { waitForRouter(t, true) }

// waitForRouter polls (bounded) the condition the controller reports; there is no event to
// wait on.
func waitForRouter(t testing.TB, online bool) {
	t.Helper()
	router := Shared(t).RouterName
	if router == "" {
		t.Fatal("the test controller has no edge router (set ZITI_TEST_ROUTER for an external controller)")
	}
	ctx := context.Background()
	c := AdminClient(t)
	deadline := time.Now().Add(90 * time.Second)
	for {
		routers, err := client.EdgeRouters.List(ctx, c, `name="`+router+`"`)
		policies, err2 := client.ServiceEdgeRouterPolicies.List(ctx, c, `name="all-routers-all-services"`)
		ready := err == nil && err2 == nil && len(routers) == 1 && len(policies) == 1 &&
			(!online || routers[0].IsOnline != nil && *routers[0].IsOnline)
		if ready {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the quickstart's router %s (online: %v) and policies not ready within 90s (%v, %v)", router, online, err, err2)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// RouterHostedService is the configuration of a service `<prefix>-llm` (ziti_service.llm)
// that the quickstart router hosts and that every identity with the role attribute prefix may
// dial: what a data-plane test's agent reaches.
func RouterHostedService(prefix string, port int) string {
	return HostedByRouter("llm", prefix+"-llm", port, "#"+prefix)
}

// HostedByRouter is the configuration of a service named name (ziti_service.<resource>) that
// the quickstart router hosts (host.v1 to 127.0.0.1:port, a Bind policy naming the router's
// identity) and that dialRole may dial. Its other resources are ziti_host_v1_config.<resource>
// and ziti_service_policy.<resource>_bind and <resource>_dial, named after name.
func HostedByRouter(resource, name string, port int, dialRole string) string {
	service := "@${ziti_service." + resource + ".name}"
	return fmt.Sprintf(`
resource "ziti_host_v1_config" %[1]q {
  name     = "%[2]s-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = %[3]d
}
resource "ziti_service" %[1]q {
  name    = %[2]q
  configs = [ziti_host_v1_config.%[1]s.id]
}
`, resource, name, port) +
		ServicePolicy(resource+"_bind", name+"-bind", "Bind", "@"+QuickstartRouter, service) +
		ServicePolicy(resource+"_dial", name+"-dial", "Dial", dialRole, service)
}

// ServicePolicy is the configuration of ziti_service_policy.<resource>, named name, of type
// kind (Dial or Bind), that grants the identities of identityRole the services of serviceRole.
// Roles are written as in HCL: "#attribute", "@name", "@${ziti_service.x.name}".
func ServicePolicy(resource, name, kind, identityRole, serviceRole string) string {
	return fmt.Sprintf(`
resource "ziti_service_policy" %q {
  name           = %q
  type           = %q
  identity_roles = [%q]
  service_roles  = [%q]
}
`, resource, name, kind, identityRole, serviceRole)
}
