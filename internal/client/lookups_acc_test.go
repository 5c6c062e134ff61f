package client_test

import (
	"context"
	"testing"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Lookup answers from the client's cache until the client itself writes to the collection,
// on a real controller: a change made by another client is not seen (the cache is per run),
// a change made through the client is.
func TestAccLookupIsCachedUntilTheClientWritesTheCollection(t *testing.T) {
	ctrl := acctest.Shared(t)
	ctx := context.Background()
	c, err := ctrl.NewClient(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	admin := acctest.AdminClient(t)
	name := acctest.Name("lookup")
	filter := client.NameFilter(name)

	if found, err := client.Identities.Lookup(ctx, c, filter); err != nil || len(found) != 0 {
		t.Fatalf("before the create: %d found, %v", len(found), err)
	}
	id, err := client.Identities.Create(ctx, admin, newIdentity(name))
	if err != nil {
		t.Fatal(err)
	}
	// Nothing found is not remembered: the identity another client made is found at once.
	found, err := client.Identities.Lookup(ctx, c, filter)
	if err != nil || len(found) != 1 || *found[0].ID != id {
		t.Fatalf("after another client's create: %d found, %v", len(found), err)
	}

	// Deleted by another client: the run's cache still answers.
	if err := client.Identities.Delete(ctx, admin, id); err != nil {
		t.Fatal(err)
	}
	if found, err := client.Identities.Lookup(ctx, c, filter); err != nil || len(found) != 1 {
		t.Fatalf("the second lookup was not answered from the cache: %d found, %v", len(found), err)
	}

	// A write through this client to /identities forgets the answer.
	other, err := client.Identities.Create(ctx, c, newIdentity(acctest.Name("lookup-other")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Identities.Delete(context.Background(), admin, other) })
	if found, err := client.Identities.Lookup(ctx, c, filter); err != nil || len(found) != 0 {
		t.Fatalf("after a write to /identities: %d found, %v (want the deleted identity gone)", len(found), err)
	}
}

func newIdentity(name string) *rest_model.IdentityCreate {
	typ, admin := rest_model.IdentityTypeDefault, false
	return &rest_model.IdentityCreate{Name: &name, Type: &typ, IsAdmin: &admin}
}
