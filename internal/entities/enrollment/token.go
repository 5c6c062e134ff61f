package enrollment

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Token is the pending enrollment token as ziti_identity and ziti_edge_router keep it: the JWT
// (in the state only while enrollment_jwt_in_state allows it), its expiry, and that setting.
// Both resources embed it, so the token is read and planned by the same code for both.
type Token struct {
	EnrollmentJWT       types.String      `tfsdk:"enrollment_jwt"`
	EnrollmentExpiresAt timetypes.RFC3339 `tfsdk:"enrollment_expires_at"`
	JWTInState          types.Bool        `tfsdk:"enrollment_jwt_in_state"`
}

// KeptInState reports whether the token is kept in the state: the default (true) when the
// setting is not known, as on import and in the data sources.
func (t *Token) KeptInState() bool {
	return t.JWTInState.IsNull() || t.JWTInState.IsUnknown() || t.JWTInState.ValueBool()
}

// Read sets the token from what the controller reports: jwt is "" when none is pending (the
// controller drops it once the identity or router has enrolled), expires nil when unknown.
// The expiry is stored either way; the JWT only where the token is kept in the state.
func (t *Token) Read(jwt string, expires *time.Time) {
	if t.JWTInState.IsNull() || t.JWTInState.IsUnknown() {
		t.JWTInState = types.BoolValue(true)
	}
	t.EnrollmentJWT = types.StringNull()
	t.EnrollmentExpiresAt = timetypes.NewRFC3339Null()
	if jwt == "" {
		return
	}
	if t.KeptInState() {
		t.EnrollmentJWT = types.StringValue(jwt)
	}
	if expires != nil {
		t.EnrollmentExpiresAt = timetypes.NewRFC3339TimeValue(expires.UTC())
	}
}

// PlanKept plans enrollment_jwt null when the token is not kept in the state.
func (t *Token) PlanKept() {
	if !t.KeptInState() {
		t.EnrollmentJWT = types.StringNull()
	}
}
