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
	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// readEnrollment sets the computed enrollment state from the identity's pending enrollment;
// the token itself only where the model keeps it in the state.
func readEnrollment(d *rest_model.IdentityDetail, m *model) {
	jwt, expires, ok := pendingEnrollment(d)
	if !ok {
		jwt = "" // no pending enrollment (see pendingEnrollment)
	}
	m.Token.Read(jwt, (*time.Time)(&expires))
	m.Enrolled = types.BoolValue(isEnrolled(d))
}

// isEnrolled reports whether the identity holds a certificate or password already.
func isEnrolled(d *rest_model.IdentityDetail) bool {
	a := d.Authenticators
	return a != nil && (a.Cert != nil || a.Updb != nil)
}

// planTokenInState plans enrollment_jwt for enrollment_jwt_in_state: always null without it
// (as for an edge router); unknown when it is switched on (the apply reads the pending token
// into the state).
func planTokenInState(state, plan *model) {
	plan.PlanKept()
	if plan.KeptInState() && !state.KeptInState() && !state.Enrolled.ValueBool() {
		plan.EnrollmentJWT = types.StringUnknown()
	}
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
// Without the token in the state, the ziti_identity_enrollment ephemeral resource re-issues it
// when it is opened instead.
func reissueExpiredEnrollment(op *framework.Op, state, plan *model) {
	if !plan.KeptInState() || state.Enrolled.ValueBool() || state.EnrollmentExpiresAt.IsNull() || state.EnrollmentExpiresAt.IsUnknown() {
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

// refreshEnrollment re-issues an expired, unused enrollment token in place, as planned by
// reissueExpiredEnrollment. A token that is still valid when the apply looks (re-issued by the
// ephemeral resource meanwhile) is left alone: re-issuing it would invalidate it.
func refreshEnrollment(op *framework.Op, state, plan *model) {
	if !plan.EnrollmentExpiresAt.IsUnknown() {
		return
	}
	d, err := client.Identities.Get(op.Ctx, op.Client, state.ID.ValueString())
	if err != nil {
		framework.AddAPIError(op.Diags, "read", "identity", err)
		return
	}
	id, jwt, expires := enrollmentOf(d)
	if id == "" || (jwt != "" && time.Now().Before(time.Time(expires))) {
		return // enrolled meanwhile, or valid again: nothing to re-issue
	}
	refreshToken(op, path.Root("enrollment_jwt"), id, time.Now().Add(enrollment.Lifetime))
}

// refreshToken re-issues the token of enrollment id (the old token stops working).
func refreshToken(op *framework.Op, attr path.Path, id string, expiresAt time.Time) {
	expires := strfmt.DateTime(expiresAt.UTC())
	err := op.Client.Do(op.Ctx, client.Request{Method: http.MethodPost, Path: "/enrollments/{id}/refresh",
		Params: map[string]string{"id": id}, Body: &rest_model.EnrollmentRefresh{ExpiresAt: &expires}})
	if err != nil {
		op.Diags.AddAttributeError(attr, "Cannot re-issue the enrollment token", fmt.Sprintf("refreshing enrollment %s: %v", id, err))
	}
}
