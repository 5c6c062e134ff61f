package acctest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// IDByName is the id of the one entity of api named name on the package's controller; the
// test fails unless exactly one entity has that name.
func IDByName[C, U, D any](t testing.TB, api client.Entities[C, U, D], name string) string {
	t.Helper()
	found, err := api.List(context.Background(), AdminClient(t), fmt.Sprintf("name = %q", name))
	if err != nil || len(found) != 1 {
		t.Fatalf("looking up %s named %q: %d found, %v", api.Path, name, len(found), err)
	}
	id, err := entityID(found[0])
	if err != nil {
		t.Fatalf("looking up %q: %v", name, err)
	}
	return id
}

// entityID reads the ID field every edge-api detail model has (from its embedded BaseEntity).
func entityID(detail any) (string, error) {
	v := reflect.Indirect(reflect.ValueOf(detail))
	if v.Kind() != reflect.Struct {
		return "", fmt.Errorf("%T is not an entity detail", detail)
	}
	if f := v.FieldByName("ID"); f.IsValid() {
		if id, ok := f.Interface().(*string); ok && id != nil {
			return *id, nil
		}
	}
	return "", fmt.Errorf("%T has no ID", detail)
}

// Get reads an entity for a check; a failure ends the test.
func Get[C, U, D any](t testing.TB, api client.Entities[C, U, D], id string) D {
	t.Helper()
	d, err := api.Get(context.Background(), AdminClient(t), id)
	if err != nil {
		t.Fatalf("reading %s %s: %v", api.Path, id, err)
	}
	return d
}

// CheckAPI reads the entity *id from the controller and lets check judge it: what the
// controller holds, not only what the state says.
func CheckAPI[C, U, D any](t *testing.T, api client.Entities[C, U, D], id *string, check func(D) error) func(*terraform.State) error {
	return func(*terraform.State) error {
		d, err := api.Get(context.Background(), AdminClient(t), *id)
		if err != nil {
			return err
		}
		return check(d)
	}
}

// SameID fails when the resource at addr no longer has the id *id: it was replaced where it
// must have been updated in place.
func SameID(addr string, id *string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		got, err := StateID(s, addr)
		if err != nil {
			return err
		}
		if got != *id {
			return fmt.Errorf("%s was replaced (%s -> %s); it must be updated in place", addr, *id, got)
		}
		return nil
	}
}
