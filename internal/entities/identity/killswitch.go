package identity

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// killSwitch is the identity's disabled state: the controller refuses its logins while it is
// disabled, and keeps the identity, its grants and its enrollment for the post-mortem.
type killSwitch struct {
	Disabled      types.Bool        `tfsdk:"disabled"`
	DisabledUntil timetypes.RFC3339 `tfsdk:"disabled_until"`
}

// apiSessions is the management API's collection of logged-in sessions.
var apiSessions = client.Entities[any, any, *rest_model.APISessionDetail]{Path: "/api-sessions"}

// untilTolerance is how far the controller's disabledUntil may lie after the configured
// time and still mean it: the controller takes whole minutes from now, so it rounds up by up
// to a minute, plus the time the request took.
const untilTolerance = time.Minute + 30*time.Second

// readKillSwitch sets disabled and disabled_until from the controller, keeping the configured
// disabled_until when the controller's is that time rounded up to its minute.
func readKillSwitch(d *rest_model.IdentityDetail, m *model) {
	disabled := framework.Deref(d.Disabled)
	m.Disabled = types.BoolValue(disabled)
	if !disabled || d.DisabledUntil == nil {
		m.DisabledUntil = timetypes.NewRFC3339Null()
		return
	}
	got := time.Time(*d.DisabledUntil).UTC()
	if prior, ok := timeOf(m.DisabledUntil); ok && !got.Before(prior.Add(-5*time.Second)) && got.Sub(prior) <= untilTolerance {
		return
	}
	m.DisabledUntil = timetypes.NewRFC3339TimeValue(got)
}

func timeOf(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, diags := v.ValueRFC3339Time()
	return t, !diags.HasError()
}

// killSwitchChanged reports whether the plan disables, re-times or enables the identity
// compared with what the controller had (state is nil on create).
func killSwitchChanged(state, plan *model) bool {
	want := plan.Disabled.ValueBool()
	if state == nil {
		return want
	}
	if want != state.Disabled.ValueBool() {
		return true
	}
	if !want {
		return false
	}
	a, aok := timeOf(state.DisabledUntil)
	b, bok := timeOf(plan.DisabledUntil)
	return aok != bok || !a.Equal(b)
}

// applyKillSwitch disables or enables the identity as planned. Disabling also ends what the
// identity holds open: its API sessions (no new dials) and its circuits (open connections).
// A disabled identity is disabled again after every update: the controller's PUT enables it.
func applyKillSwitch(op *framework.Op, id string, state, plan *model) {
	changed := killSwitchChanged(state, plan)
	if !changed && !plan.Disabled.ValueBool() {
		return
	}
	if !plan.Disabled.ValueBool() {
		if err := op.Client.Do(op.Ctx, client.Request{Method: http.MethodPost, Path: "/identities/{id}/enable", Params: map[string]string{"id": id}}); err != nil {
			op.Diags.AddAttributeError(path.Root("disabled"), "Cannot enable the identity", fmt.Sprintf("enabling identity %s: %v", id, err))
		}
		return
	}
	minutes := int64(0) // the controller's "until enabled again"
	if until, ok := timeOf(plan.DisabledUntil); ok {
		left := time.Until(until)
		if left <= 0 {
			op.Diags.AddAttributeError(path.Root("disabled_until"), "disabled_until has passed",
				fmt.Sprintf("disabled_until (%s) passed before the apply reached the identity; set a time in the future, or remove it to disable the identity until disabled is set to false.", until.Format(time.RFC3339)))
			return
		}
		minutes = int64(math.Ceil(left.Minutes()))
	}
	if err := op.Client.Do(op.Ctx, client.Request{Method: http.MethodPost, Path: "/identities/{id}/disable", Params: map[string]string{"id": id},
		Body: &rest_model.DisableParams{DurationMinutes: &minutes}}); err != nil {
		op.Diags.AddAttributeError(path.Root("disabled"), "Cannot disable the identity", fmt.Sprintf("disabling identity %s: %v", id, err))
		return
	}
	sessions, circuits := cutIdentity(op, id)
	if op.Failed() || (!changed && sessions+circuits == 0) {
		return
	}
	op.Diags.AddWarning("Identity disabled",
		fmt.Sprintf("The identity %s is disabled: the controller refuses its logins. %d API session(s) deleted and %d open connection(s) closed.", id, sessions, circuits))
}

// cutIdentity deletes the identity's API sessions (the controller deletes them as it disables
// the identity; this catches any it missed) and closes every circuit it dials or hosts. It
// returns how many of each it ended.
func cutIdentity(op *framework.Op, id string) (sessions, circuits int) {
	found, err := apiSessions.List(op.Ctx, op.Client, "identity="+framework.QuoteZitiQL(id))
	if err != nil {
		op.Diags.AddAttributeError(path.Root("disabled"), "Cannot list the identity's API sessions", fmt.Sprintf("The identity is disabled, but its sessions could not be listed: %v. Apply again to retry.", err))
		return 0, 0
	}
	for _, s := range found {
		if err := apiSessions.Delete(op.Ctx, op.Client, framework.Deref(s.ID)); err != nil && !client.IsNotFound(err) {
			op.Diags.AddAttributeError(path.Root("disabled"), "Cannot delete the identity's API session", fmt.Sprintf("The identity is disabled, but an API session could not be deleted: %v. Apply again to retry.", err))
			return sessions, 0
		}
		sessions++
	}
	open, err := op.Client.ListCircuits(op.Ctx, "")
	if err != nil {
		op.Diags.AddAttributeError(path.Root("disabled"), "Cannot list open connections", fmt.Sprintf("The identity is disabled, but its open connections could not be listed: %v. Apply again to retry.", err))
		return sessions, 0
	}
	for _, c := range open {
		if c.Tags.ClientID != id && c.Tags.HostID != id {
			continue
		}
		if err := op.Client.DeleteCircuit(op.Ctx, c.ID); err != nil {
			op.Diags.AddAttributeError(path.Root("disabled"), "Cannot close an open connection", fmt.Sprintf("The identity is disabled, but circuit %s could not be closed: %v. Apply again to retry.", c.ID, err))
			return sessions, circuits
		}
		circuits++
	}
	return sessions, circuits
}

// futureTime rejects a time that has passed: a kill switch that would end before it starts.
type futureTime struct{}

var _ validator.String = futureTime{}

func (futureTime) Description(context.Context) string { return "must be a time in the future" }
func (v futureTime) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (futureTime) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	t, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString())
	if err != nil {
		return // the RFC 3339 type reports the format
	}
	if !t.After(time.Now()) {
		resp.Diagnostics.AddAttributeError(req.Path, "disabled_until is in the past",
			fmt.Sprintf("%s has passed: set a time in the future, or remove disabled_until to keep the identity disabled until disabled is set to false.", req.ConfigValue.ValueString()))
	}
}
