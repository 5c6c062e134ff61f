package identity_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// noSecretInState fails when any of secrets occurs anywhere in the state as OpenTofu holds it
// (every resource and data source, every attribute).
type noSecretInState struct{ secrets *[]string }

func (c noSecretInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	for _, s := range *c.secrets {
		if strings.Contains(string(raw), s) {
			resp.Error = fmt.Errorf("the state holds an enrollment token of an entity no configuration manages (%d bytes of state)", len(raw))
			return
		}
	}
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state values")
	}
}

var _ statecheck.StateCheck = noSecretInState{}

// Identities and edge routers that no configuration manages, with pending enrollments: the
// plural and singular data sources list them, and no enrollment token reaches the state
// (the state file as OpenTofu writes it, and the shimmed state the SDK sees). The non-secret
// facts (expiry, enrolled) are there.
func TestAccDataSources_storeNoForeignEnrollmentTokens(t *testing.T) {
	acctest.Shared(t)
	ctx := context.Background()
	c := acctest.AdminClient(t)
	prefix := acctest.Name("dsjwt")
	var secrets []string
	typ, admin := rest_model.IdentityTypeDefault, false
	for i := 0; i < 2; i++ {
		name := fmt.Sprintf("%s-foreign-%d", prefix, i)
		id, err := client.Identities.Create(ctx, c, &rest_model.IdentityCreate{Name: &name, Type: &typ, IsAdmin: &admin,
			Enrollment: &rest_model.IdentityCreateEnrollment{Ott: true}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Identities.Delete(context.Background(), c, id) })
		d, err := client.Identities.Get(ctx, c, id)
		if err != nil || d.Enrollment == nil || d.Enrollment.Ott == nil || d.Enrollment.Ott.JWT == "" {
			t.Fatalf("identity %s has no pending ott enrollment token: %v", id, err)
		}
		secrets = append(secrets, d.Enrollment.Ott.JWT)
		if d.Enrollment.Ott.Token != "" {
			secrets = append(secrets, d.Enrollment.Ott.Token)
		}
	}
	routerName := prefix + "-router"
	routerID, err := client.EdgeRouters.Create(ctx, c, &rest_model.EdgeRouterCreate{Name: &routerName, RoleAttributes: &rest_model.Attributes{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.EdgeRouters.Delete(context.Background(), c, routerID) })
	router, err := client.EdgeRouters.Get(ctx, c, routerID)
	if err != nil || router.EnrollmentJWT == nil || *router.EnrollmentJWT == "" {
		t.Fatalf("edge router %s has no enrollment token: %v", routerID, err)
	}
	secrets = append(secrets, *router.EnrollmentJWT)
	if router.EnrollmentToken != nil && *router.EnrollmentToken != "" {
		secrets = append(secrets, *router.EnrollmentToken)
	}

	config := fmt.Sprintf(`
data "ziti_identities" "all" {}
data "ziti_identities" "foreign" {
  filter = "name contains \"%[1]s-foreign\""
}
data "ziti_identity" "one" {
  name = "%[1]s-foreign-0"
}
data "ziti_edge_routers" "all" {}
data "ziti_edge_router" "one" {
  name = "%[1]s-router"
}
`, prefix)
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{noSecretInState{&secrets}},
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.ziti_identities.foreign", "identities.#", "2"),
				resource.TestCheckResourceAttrSet("data.ziti_identity.one", "enrollment_expires_at"),
				resource.TestCheckResourceAttr("data.ziti_identity.one", "enrolled", "false"),
				resource.TestCheckNoResourceAttr("data.ziti_identity.one", "enrollment_jwt"),
				resource.TestCheckResourceAttrSet("data.ziti_edge_router.one", "enrollment_expires_at"),
				resource.TestCheckNoResourceAttr("data.ziti_edge_router.one", "enrollment_jwt"),
				func(s *terraform.State) error {
					for addr, rs := range s.RootModule().Resources {
						for k, v := range rs.Primary.Attributes {
							for _, secret := range secrets {
								if strings.Contains(v, secret) {
									return fmt.Errorf("%s.%s holds an enrollment token", addr, k)
								}
							}
						}
					}
					return nil
				},
			),
		}},
	})
}
