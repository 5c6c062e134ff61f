package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// StringCheck is a validator.String made of a check: a value Check refuses gets an attribute
// error titled Summary (or the Summary of an Invalid error) whose detail is the error's text.
// Null and unknown values are not checked.
type StringCheck struct {
	Desc    string // what a valid value is, e.g. "a Go duration such as 30s, 5m or 1h30m"
	Summary string // the error's title, e.g. "Invalid duration"
	Check   func(string) error
}

// Invalid is an error of a StringCheck's Check with a title of its own.
type Invalid struct{ Summary, Detail string }

func (e Invalid) Error() string { return e.Detail }

func (v StringCheck) Description(context.Context) string             { return v.Desc }
func (v StringCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v StringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	err := v.Check(req.ConfigValue.ValueString())
	if err == nil {
		return
	}
	summary := v.Summary
	var own Invalid
	if errors.As(err, &own) {
		summary = own.Summary
	}
	resp.Diagnostics.AddAttributeError(req.Path, summary, err.Error())
}

// DurationValidator accepts Go durations ("30s", "5m", "1h30m").
func DurationValidator() validator.String {
	return StringCheck{Desc: "a Go duration such as 30s, 5m or 1h30m", Summary: "Invalid duration", Check: func(s string) error {
		if d, err := time.ParseDuration(s); err != nil || d < 0 {
			return fmt.Errorf("%q is not a non-negative Go duration such as 30s, 5m or 1h30m", s)
		}
		return nil
	}}
}

// JSONObjectValidator accepts a JSON object (not an array, string or number).
func JSONObjectValidator() validator.String {
	return StringCheck{Desc: "a JSON object", Summary: "Invalid JSON object", Check: func(s string) error {
		var obj map[string]any
		if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
			return fmt.Errorf("expected a JSON object such as jsonencode({ key = \"value\" }): %v", errOrType(err))
		}
		return nil
	}}
}

func errOrType(err error) string {
	if err != nil {
		return err.Error()
	}
	return "got null"
}
