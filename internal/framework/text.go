package framework

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// OptionalString is nil for an unset attribute, so that the controller stores nothing for it.
func OptionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

// StringOrNull is null for a field the controller holds empty: the user did not set it.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

var nonBlank = regexp.MustCompile(`\S`)

// NonBlankValidator refuses an empty or all-blank string; message says what the value must
// be instead (e.g. "must name a signer (its id or name)").
func NonBlankValidator(message string) validator.String {
	return stringvalidator.RegexMatches(nonBlank, message)
}
