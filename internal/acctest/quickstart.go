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
func WaitForQuickstart(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	c := AdminClient(t)
	deadline := time.Now().Add(90 * time.Second)
	for {
		routers, err := client.EdgeRouters.List(ctx, c, `name="`+QuickstartRouter+`"`)
		policies, err2 := client.ServiceEdgeRouterPolicies.List(ctx, c, `name="all-routers-all-services"`)
		if err == nil && err2 == nil && len(routers) == 1 && len(policies) == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the quickstart's router %s and policies did not appear within 90s (%v, %v)", QuickstartRouter, err, err2)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
