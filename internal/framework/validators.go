package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// DurationValidator accepts Go durations ("30s", "5m", "1h30m").
func DurationValidator() validator.String { return durationValidator{} }

type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a Go duration such as 30s, 5m or 1h30m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if d, err := time.ParseDuration(s); err != nil || d < 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a non-negative Go duration such as 30s, 5m or 1h30m", s))
	}
}

// JSONObjectValidator accepts a JSON object (not an array, string or number).
func JSONObjectValidator() validator.String { return jsonObjectValidator{} }

type jsonObjectValidator struct{}

func (jsonObjectValidator) Description(context.Context) string { return "a JSON object" }
func (v jsonObjectValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (jsonObjectValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(req.ConfigValue.ValueString()), &obj); err != nil || obj == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON object",
			fmt.Sprintf("expected a JSON object such as jsonencode({ key = \"value\" }): %v", errOrType(err)))
	}
}

func errOrType(err error) string {
	if err != nil {
		return err.Error()
	}
	return "got null"
}
