package framework

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDurationFromAPI(t *testing.T) {
	cases := []struct {
		name  string
		api   time.Duration
		prior types.String
		want  types.String
	}{
		{"user spelling kept when equal", 5 * time.Minute, types.StringValue("300s"), types.StringValue("300s")},
		{"drift shown in shortest form", 90 * time.Second, types.StringValue("300s"), types.StringValue("1m30s")},
		{"zero and unset stays null", 0, types.StringNull(), types.StringNull()},
		{"zero written as 0s kept", 0, types.StringValue("0s"), types.StringValue("0s")},
		{"import of hours", 2 * time.Hour, types.StringNull(), types.StringValue("2h")},
		{"import of zero", 0, types.StringUnknown(), types.StringNull()},
		{"cleared out of band", 0, types.StringValue("5m"), types.StringValue("0s")},
	}
	for _, tc := range cases {
		if got := DurationFromAPI(tc.api, tc.prior); !got.Equal(tc.want) {
			t.Errorf("%s: DurationFromAPI(%s, %s) = %s, want %s", tc.name, tc.api, tc.prior, got, tc.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		5 * time.Minute: "5m", time.Hour: "1h", 90 * time.Minute: "1h30m", 61 * time.Second: "1m1s",
		1500 * time.Millisecond: "1.5s", time.Millisecond: "1ms", 0: "0s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestDurationResolutionValidator(t *testing.T) {
	v := DurationResolutionValidator(time.Millisecond)
	for value, wantErr := range map[string]bool{"5m": false, "1.5s": false, "1500us": true, "1ns": true, "not a duration": false} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("d"), ConfigValue: types.StringValue(value)}, resp)
		if resp.Diagnostics.HasError() != wantErr {
			t.Errorf("%q: error %v, want %v (%v)", value, resp.Diagnostics.HasError(), wantErr, resp.Diagnostics)
		}
	}
}
