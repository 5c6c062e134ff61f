package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// EnrollmentSource is the ziti_identity_enrollment ephemeral resource's view of identities.
var EnrollmentSource enrollment.Source = enrollmentSource{enrollment.Enrollee{
	Type: "identity_enrollment", IDAttr: "identity_id", Noun: "identity",
	Receiver: "the agent", Resource: "ziti_identity",
	Issuing: "Only when none is pending or the pending one has " +
		"expired does it issue a new one (valid for 3 hours): refreshing the expired one-time token, or creating a one-time-token " +
		"enrollment for an identity that has neither enrolled nor any enrollment (e.g. one created with `method = \"none\"`). " +
		"A token it handed out is never invalidated by a later plan. An identity that has enrolled gets no token: " +
		"`enrolled = true`, `enrollment_jwt` null, and a warning.",
}}

type enrollmentSource struct{ enrollment.Enrollee }

// enrollments is the management API's collection of pending enrollments.
var enrollments = client.Entities[*rest_model.EnrollmentCreate, any, *rest_model.EnrollmentDetail]{Path: "/enrollments"}

var identityIDPath = path.Root("identity_id")

func (enrollmentSource) Read(ctx context.Context, c *client.Client, id string) (enrollment.State, error) {
	d, err := client.Identities.Get(ctx, c, id)
	if err != nil {
		return enrollment.State{}, err
	}
	ref, jwt, expires := enrollmentOf(d)
	return enrollment.State{JWT: jwt, ExpiresAt: time.Time(expires), Enrolled: isEnrolled(d), Ref: ref}, nil
}

func (enrollmentSource) Reissue(op *framework.Op, id string, s enrollment.State, expiresAt time.Time) {
	if s.Ref != "" {
		refreshToken(op, identityIDPath, s.Ref, expiresAt)
		return
	}
	method, expires := methodOTT, strfmt.DateTime(expiresAt)
	if _, err := enrollments.Create(op.Ctx, op.Client, &rest_model.EnrollmentCreate{Method: &method, IdentityID: &id, ExpiresAt: &expires}); err != nil {
		op.Diags.AddAttributeError(identityIDPath, "Cannot issue an enrollment token", fmt.Sprintf("creating a one-time-token enrollment for identity %s: %v", id, err))
	}
}
