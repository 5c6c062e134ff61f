package acctest

import (
	"context"
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
