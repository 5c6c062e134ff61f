package framework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Durations are written as Go duration strings ("30s", "5m") and stored by the controller as
// whole milliseconds (or seconds). These helpers convert both ways without a perpetual diff.

// DurationValue is the duration a (validated) duration attribute holds; 0 when null or unknown.
func DurationValue(v types.String) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return 0
	}
	d, _ := time.ParseDuration(v.ValueString())
	return d
}

// DurationFromAPI converts the controller's duration to state: the prior spelling when it
// means the same duration ("300s" stays "300s" when the controller holds 5 minutes), null
// when the controller holds zero and the user wrote nothing, else the shortest spelling
// ("5m", not "5m0s").
func DurationFromAPI(d time.Duration, prior types.String) types.String {
	if !prior.IsNull() && !prior.IsUnknown() {
		if p, err := time.ParseDuration(prior.ValueString()); err == nil && p == d {
			return prior
		}
	}
	if d == 0 && (prior.IsNull() || prior.IsUnknown()) {
		return types.StringNull()
	}
	return types.StringValue(FormatDuration(d))
}

// FormatDuration is time.Duration's String without the zero units it appends ("1h" for
// "1h0m0s", "5m" for "5m0s").
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// DurationResolutionValidator rejects durations the controller cannot store exactly: it keeps
// whole units of resolution (e.g. milliseconds), and a finer duration would come back rounded
// and never match the configuration.
func DurationResolutionValidator(resolution time.Duration) validator.String {
	return durationResolutionValidator{resolution: resolution}
}

type durationResolutionValidator struct{ resolution time.Duration }

func (v durationResolutionValidator) Description(context.Context) string {
	return "a whole number of " + FormatDuration(v.resolution)
}
func (v durationResolutionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (v durationResolutionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		return // DurationValidator reports it
	}
	if d%v.resolution != 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is finer than the controller stores: use a whole number of %s (e.g. %s)",
				req.ConfigValue.ValueString(), FormatDuration(v.resolution), FormatDuration(d.Round(v.resolution))))
	}
}
