package identity

import (
	"testing"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"
)

// The controller takes whole minutes from now: a disabledUntil up to a minute (and the
// request's time) after the configured one is what was configured; anything else is drift.
func TestReadKillSwitchKeepsTheConfiguredUntil(t *testing.T) {
	configured := time.Date(2030, 1, 2, 15, 4, 5, 0, time.UTC)
	cases := map[string]struct {
		controller time.Time
		keep       bool
	}{
		"rounded up to the minute":    {configured.Add(55 * time.Second), true},
		"exactly":                     {configured, true},
		"an hour later (out of band)": {configured.Add(time.Hour), false},
		"earlier (out of band)":       {configured.Add(-time.Minute), false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			disabled := true
			until := strfmt.DateTime(tc.controller)
			m := &model{killSwitch: killSwitch{Disabled: types.BoolValue(true), DisabledUntil: timetypes.NewRFC3339TimeValue(configured)}}
			readKillSwitch(&rest_model.IdentityDetail{Disabled: &disabled, DisabledUntil: &until}, m)
			got, _ := m.DisabledUntil.ValueRFC3339Time()
			if kept := got.Equal(configured); kept != tc.keep {
				t.Errorf("disabled_until read as %s, keep configured %v, want %v", got, kept, tc.keep)
			}
		})
	}
}

func TestReadKillSwitchEnabledClearsUntil(t *testing.T) {
	enabled := false
	until := strfmt.DateTime(time.Now().Add(-time.Hour)) // a timed disable that has ended
	m := &model{killSwitch: killSwitch{Disabled: types.BoolValue(true), DisabledUntil: timetypes.NewRFC3339TimeValue(time.Now())}}
	readKillSwitch(&rest_model.IdentityDetail{Disabled: &enabled, DisabledUntil: &until}, m)
	if m.Disabled.ValueBool() || !m.DisabledUntil.IsNull() {
		t.Errorf("an enabled identity reads disabled=%v until=%v", m.Disabled, m.DisabledUntil)
	}
}
