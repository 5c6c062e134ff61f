package acctest

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// CheckDestroyed verifies through the API that every resource of resourceType in the final
// state is gone from the controller (a GET answers 404).
func CheckDestroyed[C, U, D any](t *testing.T, api client.Entities[C, U, D], resourceType string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		c := AdminClient(t)
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			_, err := api.Get(context.Background(), c, rs.Primary.ID)
			if err == nil {
				return fmt.Errorf("%s %s still exists on the controller", resourceType, rs.Primary.ID)
			}
			if !client.IsNotFound(err) {
				return fmt.Errorf("checking %s %s: %v", resourceType, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// StateID is the id the state holds for the resource at addr.
func StateID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", addr)
	}
	return rs.Primary.ID, nil
}

// CaptureID stores the id of the resource at addr, for out-of-band changes in later steps.
func CaptureID(addr string, id *string) func(*terraform.State) error {
	return func(s *terraform.State) (err error) {
		*id, err = StateID(s, addr)
		return err
	}
}

// DeleteOutOfBand deletes an entity behind Terraform's back (a PreConfig).
func DeleteOutOfBand[C, U, D any](t *testing.T, api client.Entities[C, U, D], id *string) func() {
	return func() {
		if err := api.Delete(context.Background(), AdminClient(t), *id); err != nil {
			t.Fatalf("out-of-band delete of %s: %v", *id, err)
		}
	}
}

// ChangeOutOfBand reads an entity, lets change turn the detail into an update body, and PUTs
// it: an operator's edit in the console, behind Terraform's back (a PreConfig).
func ChangeOutOfBand[C, U, D any](t *testing.T, api client.Entities[C, U, D], id *string, change func(D) U) func() {
	return func() {
		ctx := context.Background()
		c := AdminClient(t)
		d, err := api.Get(ctx, c, *id)
		if err != nil {
			t.Fatalf("out-of-band read of %s: %v", *id, err)
		}
		if err := api.Update(ctx, c, *id, change(d)); err != nil {
			t.Fatalf("out-of-band update of %s: %v", *id, err)
		}
	}
}

// Name is a unique name for a test entity.
func Name(prefix string) string { return "tf-acc-" + prefix + "-" + RandomSuffix() }
