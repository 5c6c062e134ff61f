package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/openziti/edge-api/rest_model"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/agentnet"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// CreateEnrolledIdentity creates an identity with one-time-token enrollment through the API
// and enrolls it with the OpenZiti SDK, as an agent pod's sidecar would. It returns the
// identity's id and the identity file the SDK produced (certificate, key, CA, ztAPI). The
// identity is deleted when the test ends.
func CreateEnrolledIdentity(t testing.TB, name string, isAdmin bool, roleAttributes ...string) (string, *ziti.Config) {
	t.Helper()
	ctx := context.Background()
	c := AdminClient(t)
	typ := rest_model.IdentityTypeDefault
	attrs := rest_model.Attributes(roleAttributes)
	id, err := client.Identities.Create(ctx, c, &rest_model.IdentityCreate{
		Name: &name, Type: &typ, IsAdmin: &isAdmin, RoleAttributes: &attrs,
		Enrollment: &rest_model.IdentityCreateEnrollment{Ott: true},
	})
	if err != nil {
		t.Fatalf("create identity %s: %v", name, err)
	}
	t.Cleanup(func() { _ = client.Identities.Delete(context.Background(), c, id) })
	cfg, err := EnrollIdentity(ctx, c, id)
	if err != nil {
		t.Fatalf("enroll identity %s: %v", name, err)
	}
	return id, cfg
}

// EnrollIdentity enrolls an existing identity's one-time token with the SDK.
func EnrollIdentity(ctx context.Context, c *client.Client, id string) (*ziti.Config, error) {
	detail, err := client.Identities.Get(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if detail.Enrollment == nil || detail.Enrollment.Ott == nil || detail.Enrollment.Ott.JWT == "" {
		return nil, fmt.Errorf("identity %s has no pending one-time-token enrollment", id)
	}
	return EnrollJWT(detail.Enrollment.Ott.JWT)
}

// EnrollJWT enrolls with an enrollment token, the way `ziti edge enroll` does.
func EnrollJWT(jwt string) (*ziti.Config, error) { return agentnet.EnrollJWT(jwt) }

// IdentityJSON is the identity file content an enrollment writes.
func IdentityJSON(t testing.TB, cfg *ziti.Config) []byte {
	t.Helper()
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ExpireEnrollment shortens the identity's pending one-time-token enrollment so that it
// expires within a second, and waits for that, as a token left unused for three hours would.
// It returns the expiry the controller holds.
func ExpireEnrollment(t testing.TB, id string) time.Time {
	t.Helper()
	ctx := context.Background()
	c := AdminClient(t)
	d, err := client.Identities.Get(ctx, c, id)
	if err != nil || d.Enrollment == nil || d.Enrollment.Ott == nil {
		t.Fatalf("identity %s has no pending ott enrollment: %v", id, err)
	}
	soon := strfmt.DateTime(time.Now().Add(time.Second))
	if err := c.Do(ctx, client.Request{Method: http.MethodPost, Path: "/enrollments/{id}/refresh",
		Params: map[string]string{"id": d.Enrollment.Ott.ID}, Body: &rest_model.EnrollmentRefresh{ExpiresAt: &soon}}); err != nil {
		t.Fatalf("shortening the enrollment: %v", err)
	}
	if d, err = client.Identities.Get(ctx, c, id); err != nil || d.Enrollment == nil || d.Enrollment.Ott == nil {
		t.Fatalf("re-reading identity %s: %v", id, err)
	}
	time.Sleep(1500 * time.Millisecond)
	return time.Time(d.Enrollment.Ott.ExpiresAt)
}

// IssueEnrollment gives an existing identity a one-time-token enrollment (valid ten minutes),
// as an administrator with the console would, whatever the identity was created with.
func IssueEnrollment(t testing.TB, id string) {
	t.Helper()
	method := rest_model.EnrollmentCreateMethodOtt
	expires := strfmt.DateTime(time.Now().Add(10 * time.Minute))
	enrollments := client.Entities[*rest_model.EnrollmentCreate, any, *rest_model.EnrollmentDetail]{Path: "/enrollments"}
	if _, err := enrollments.Create(context.Background(), AdminClient(t), &rest_model.EnrollmentCreate{Method: &method, IdentityID: &id, ExpiresAt: &expires}); err != nil {
		t.Fatalf("issuing a one-time-token enrollment for identity %s: %v", id, err)
	}
}
