package policy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

var compareEqual = compare.ValuesSame()

// strs checks a set of strings.
func strs(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// hcl writes a list of role selectors as HCL; elements may hold interpolations.
func hcl(values ...string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = `"` + v + `"`
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// stateID is the id the state holds for the resource at addr.
func stateID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", addr)
	}
	return rs.Primary.ID, nil
}

// idByName looks an entity up on the controller by its exact name.
func idByName[C, U, D any](t *testing.T, api client.Entities[C, U, D], name string, id func(D) *string) string {
	t.Helper()
	found, err := api.List(context.Background(), acctest.AdminClient(t), framework.NameFilter(name))
	if err != nil || len(found) != 1 {
		t.Fatalf("looking up %q: %d found, %v", name, len(found), err)
	}
	return *id(found[0])
}

// checkControllerRoles asserts what the controller holds for one role set of the policy at
// addr: rolesOf reads the policy's role sets by attribute, want builds the expected roles
// from the state (ids are only known after apply).
func checkControllerRoles(t *testing.T, addr, attr string, rolesOf func(t *testing.T, id string) map[string]rest_model.Roles,
	want func(s *terraform.State) ([]string, error)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, addr)
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

func routerID(d *rest_model.EdgeRouterDetail) *string { return d.ID }

func quickstartSERP(t *testing.T) string {
	return idByName(t, client.ServiceEdgeRouterPolicies, "all-routers-all-services", func(d *rest_model.ServiceEdgeRouterPolicyDetail) *string { return d.ID })
}
