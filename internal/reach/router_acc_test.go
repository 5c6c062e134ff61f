package reach_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/reach"
)

// The model of a planned tunneler-enabled router (apply.go) assumes what the controller does
// when one is created: an identity with the router's id and name, and a system edge router
// policy letting that identity use the router.
func TestAccLoad_tunnelerRouterIsAnIdentity(t *testing.T) {
	c := acctest.AdminClient(t)
	acctest.WaitForQuickstart(t)
	ctx := context.Background()
	name := acctest.Name("tunneler")
	id, err := client.EdgeRouters.Create(ctx, c, &rest_model.EdgeRouterCreate{Name: &name, IsTunnelerEnabled: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.EdgeRouters.Delete(ctx, c, id) })
	n, err := reach.Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if i := n.Identities[id]; i == nil || i.Name != name {
		t.Fatalf("identity with the router's id %s: %+v, want one named %s", id, i, name)
	}
	got := reach.Evaluate(n).RoutersOfIdentity(id)
	want := listEach(t, c, "/identities/{id}/edge-routers", []string{id}, nil)[id]
	if fmt.Sprint(got) != fmt.Sprint(want) || !slices.Contains(got, id) {
		t.Errorf("routers the router's identity may use: tool %v, controller %v; want both, with its own router %s", got, want, id)
	}
}
