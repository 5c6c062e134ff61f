package identity

import (
	"fmt"
	"net/http"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// enrollmentState is what the controller reports of the identity's enrollment.
type enrollmentState struct {
	EnrollmentJWT       types.String      `tfsdk:"enrollment_jwt"`
	EnrollmentExpiresAt timetypes.RFC3339 `tfsdk:"enrollment_expires_at"`
	Enrolled            types.Bool        `tfsdk:"enrolled"`
}

// readEnrollment sets the computed enrollment state from the identity's pending enrollment.
func readEnrollment(d *rest_model.IdentityDetail, m *model) {
	m.EnrollmentJWT = types.StringNull()
	m.EnrollmentExpiresAt = timetypes.NewRFC3339Null()
	if jwt, expires, ok := pendingEnrollment(d); ok {
		m.EnrollmentJWT = types.StringValue(jwt)
		m.EnrollmentExpiresAt = timetypes.NewRFC3339TimeValue(time.Time(expires).UTC())
	}
	enrolled := false
	if a := d.Authenticators; a != nil {
		enrolled = a.Cert != nil || a.Updb != nil
	}
	m.Enrolled = types.BoolValue(enrolled)
}

// pendingEnrollment returns the JWT and expiry of an enrollment not used yet, and its id.
func pendingEnrollment(d *rest_model.IdentityDetail) (string, strfmt.DateTime, bool) {
	id, jwt, expires := enrollmentOf(d)
	return jwt, expires, id != "" && jwt != ""
}

func enrollmentOf(d *rest_model.IdentityDetail) (id, jwt string, expires strfmt.DateTime) {
	e := d.Enrollment
	switch {
	case e == nil:
	case e.Ott != nil:
		return e.Ott.ID, e.Ott.JWT, e.Ott.ExpiresAt
	case e.Ottca != nil:
		return e.Ottca.ID, e.Ottca.JWT, e.Ottca.ExpiresAt
	case e.Updb != nil:
		return e.Updb.ID, e.Updb.JWT, e.Updb.ExpiresAt
	}
	return "", "", strfmt.DateTime{}
}

// reissueExpiredEnrollment plans a new token when the old one expired unused, so that the
// next apply re-issues it on the same identity (not a new identity).
func reissueExpiredEnrollment(op *framework.Op, state, plan *model) {
	if state.Enrolled.ValueBool() || state.EnrollmentExpiresAt.IsNull() || state.EnrollmentExpiresAt.IsUnknown() {
		return
	}
	expires, diags := state.EnrollmentExpiresAt.ValueRFC3339Time()
	op.Diags.Append(diags...)
	if diags.HasError() || time.Now().Before(expires) {
		return
	}
	plan.EnrollmentJWT = types.StringUnknown()
	plan.EnrollmentExpiresAt = timetypes.NewRFC3339Unknown()
}

// enrollmentLifetime is how long a re-issued token is valid: the controller's default.
const enrollmentLifetime = 3 * time.Hour

// refreshEnrollment re-issues an expired, unused enrollment token in place.
func refreshEnrollment(op *framework.Op, state, plan *model) {
	if !plan.EnrollmentJWT.IsUnknown() {
		return
	}
	d, err := client.Identities.Get(op.Ctx, op.Client, state.ID.ValueString())
	if err != nil {
		framework.AddAPIError(op.Diags, "read", "identity", err)
		return
	}
	id, _, _ := enrollmentOf(d)
	if id == "" {
		return // enrolled meanwhile: nothing to re-issue
	}
	expires := strfmt.DateTime(time.Now().Add(enrollmentLifetime).UTC())
	err = op.Client.Do(op.Ctx, client.Request{Method: http.MethodPost, Path: "/enrollments/{id}/refresh",
		Params: map[string]string{"id": id}, Body: &rest_model.EnrollmentRefresh{ExpiresAt: &expires}})
	if err != nil {
		op.Diags.AddAttributeError(path.Root("enrollment_jwt"), "Cannot re-issue the enrollment token", fmt.Sprintf("refreshing enrollment %s: %v", id, err))
	}
}
