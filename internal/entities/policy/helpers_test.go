package policy_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// hcl writes a list of role selectors as HCL; elements may hold interpolations.
func hcl(values ...string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = `"` + v + `"`
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// checkControllerRoles asserts what the controller holds for one role set of the policy at
// addr: rolesOf reads the policy's role sets by attribute, want builds the expected roles
// from the state (ids are only known after apply).
func checkControllerRoles(t *testing.T, addr, attr string, rolesOf func(t *testing.T, id string) map[string]rest_model.Roles,
	want func(s *terraform.State) ([]string, error)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := acctest.StateID(s, addr)
		if err != nil {
			return err
		}
		expected, err := want(s)
		if err != nil {
			return err
		}
		got := slices.Clone(rolesOf(t, id)[attr])
		slices.Sort(got)
		slices.Sort(expected)
		if !slices.Equal(got, expected) {
			return fmt.Errorf("the controller holds %s = %v, want %v", attr, got, expected)
		}
		return nil
	}
}
