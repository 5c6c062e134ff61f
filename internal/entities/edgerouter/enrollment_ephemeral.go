package edgerouter

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// EnrollmentSource is the ziti_edge_router_enrollment ephemeral resource's view of edge routers.
var EnrollmentSource enrollment.Source = enrollmentSource{enrollment.Enrollee{
	Type: "edge_router_enrollment", IDAttr: "edge_router_id", Noun: "edge router",
	Receiver: "the router process", Resource: "ziti_edge_router",
	Issuing: "Only when the router has not enrolled and its token " +
		"has expired (or is missing) does it issue a new one, through the controller's re-enrollment of the router (the controller " +
		"decides its lifetime). A token it handed out is never invalidated by a later plan. A router that has enrolled (`is_verified`) " +
		"gets no token and is never re-enrolled: `enrolled = true`, `enrollment_jwt` null, and a warning.",
}}

type enrollmentSource struct{ enrollment.Enrollee }

var routerIDPath = path.Root("edge_router_id")

func (enrollmentSource) Read(ctx context.Context, c *client.Client, id string) (enrollment.State, error) {
	d, err := client.EdgeRouters.Get(ctx, c, id)
	if err != nil {
		return enrollment.State{}, err
	}
	s := enrollment.State{JWT: framework.Deref(d.EnrollmentJWT), Enrolled: framework.Deref(d.IsVerified)}
	if d.EnrollmentExpiresAt != nil {
		s.ExpiresAt = time.Time(*d.EnrollmentExpiresAt)
	}
	return s, nil
}

// Reissue re-enrolls the router, which the controller does by replacing its enrollment. It is
// only reached for a router that has not enrolled, so no running router loses its certificate.
func (enrollmentSource) Reissue(op *framework.Op, id string, _ enrollment.State, _ time.Time) {
	err := op.Client.Do(op.Ctx, client.Request{Method: http.MethodPost, Path: "/edge-routers/{id}/re-enroll", Params: map[string]string{"id": id}})
	if err != nil {
		op.Diags.AddAttributeError(routerIDPath, "Cannot issue an enrollment token", fmt.Sprintf("re-enrolling edge router %s: %v", id, err))
	}
}
