package client_test

import (
	"context"
	"os"
	"testing"

	"github.com/openziti/edge-api/rest_management_api_client/api_session"
	"github.com/openziti/edge-api/rest_management_api_client/informational"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }

// A session deleted on the controller while the provider runs (an admin revoking it, or the
// 30-minute idle expiry) is re-established transparently, on a real controller.
func TestAccSessionInvalidatedMidRunIsReestablished(t *testing.T) {
	ctrl := acctest.Shared(t)
	ctx := context.Background()
	c, err := ctrl.NewClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.API.Informational.ListVersion(informational.NewListVersionParamsWithContext(ctx)); err != nil {
		t.Fatal(err)
	}
	first := c.Session().SessionID

	admin := acctest.AdminClient(t)
	del := api_session.NewDeleteAPISessionsParamsWithContext(ctx).WithID(first)
	if _, err := admin.API.APISession.DeleteAPISessions(del, nil); err != nil {
		t.Fatalf("deleting the session out of band: %v", err)
	}

	// An authenticated call: it gets 401, logs in again, and is replayed.
	if _, err := client.Identities.List(ctx, c, `name="Default Admin"`); err != nil {
		t.Fatalf("request after the session was deleted: %v", err)
	}
	if got := c.SessionsOpened(); got != 2 {
		t.Fatalf("sessions opened = %d, want 2 (the first and one replacement)", got)
	}
	if c.Session().SessionID == first {
		t.Fatal("the session id did not change")
	}
}
