package enrollment_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// identityWithSecret: an identity (with extra settings) whose token the consumer receives.
func identityWithSecret(name, extra, file string, revision int) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name                    = %[1]q
  enrollment_jwt_in_state = false
  %[2]s
}
ephemeral "ziti_identity_enrollment" "agent" {
  identity_id = ziti_identity.agent.id
}
resource "sink_secret" "agent" {
  path             = %[3]q
  data_wo          = { token = ephemeral.ziti_identity_enrollment.agent.enrollment_jwt }
  data_wo_revision = %[4]d
}
`, name, extra, file, revision)
}

// A token that expired unused is re-issued by the next open: the consumer gets a new, valid
// token and the controller reports it; the identity is the same.
func TestAccIdentityEnrollment_expiredTokenIsReissued(t *testing.T) {
	name := acctest.Name("exp")
	file := filepath.Join(t.TempDir(), "secret.json")
	var id, first string
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		TerraformVersionChecks:   ephemeralCLIs,
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config: identityWithSecret(name, "", file, 1),
				Check: func(s *terraform.State) (err error) {
					id = s.RootModule().Resources[agentAddr].Primary.ID
					first, err = deliveredToken(file)
					return err
				},
			},
			{
				PreConfig: func() { expireEnrollment(t, id) },
				Config:    identityWithSecret(name, "", file, 2),
				Check: func(s *terraform.State) error {
					if s.RootModule().Resources[agentAddr].Primary.ID != id {
						return fmt.Errorf("the identity was replaced")
					}
					got, err := deliveredToken(file)
					if err != nil {
						return err
					}
					pending, err := pendingJWT(t, id)
					if err != nil {
						return err
					}
					if got == first || got != pending {
						return fmt.Errorf("the consumer should have received the newly issued pending token")
					}
					return expiresLater(t, id, 2*time.Hour)
				},
			},
		},
	})
}

// An identity created without enrollment (method "none") and not enrolled gets a one-time
// token enrollment when the ephemeral resource is opened for it.
func TestAccIdentityEnrollment_issuedWhereNoneExists(t *testing.T) {
	name := acctest.Name("none")
	file := filepath.Join(t.TempDir(), "secret.json")
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		TerraformVersionChecks:   ephemeralCLIs,
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: identityWithSecret(name, `enrollment { method = "none" }`, file, 1),
			Check: func(s *terraform.State) error {
				got, err := deliveredToken(file)
				if err != nil {
					return err
				}
				pending, err := pendingJWT(t, s.RootModule().Resources[agentAddr].Primary.ID)
				if err != nil || got != pending {
					return fmt.Errorf("the consumer should have received the new one-time token (%v)", err)
				}
				return nil
			},
		}},
	})
}

// expireEnrollment shortens the pending enrollment so that it expires within a second and
// waits for that, as a token left unused for three hours would.
func expireEnrollment(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	c := acctest.AdminClient(t)
	d, err := client.Identities.Get(ctx, c, id)
	if err != nil || d.Enrollment == nil || d.Enrollment.Ott == nil {
		t.Fatalf("identity %s has no pending ott enrollment: %v", id, err)
	}
	soon := strfmt.DateTime(time.Now().Add(time.Second))
	if err := c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/enrollments/{id}/refresh",
		Params: map[string]string{"id": d.Enrollment.Ott.ID}, Body: &rest_model.EnrollmentRefresh{ExpiresAt: &soon}}); err != nil {
		t.Fatalf("shortening the enrollment: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
}

func expiresLater(t *testing.T, id string, after time.Duration) error {
	d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		return err
	}
	if d.Enrollment == nil || d.Enrollment.Ott == nil || time.Time(d.Enrollment.Ott.ExpiresAt).Before(time.Now().Add(after)) {
		return fmt.Errorf("the re-issued token expires too soon: %+v", d.Enrollment)
	}
	return nil
}
