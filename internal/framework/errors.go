package framework

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// AddAPIError reports a failed API call on the provider as a whole.
func AddAPIError(diags *diag.Diagnostics, action, kind string, err error) {
	diags.AddError(fmt.Sprintf("Cannot %s the %s", action, kind), err.Error())
}

// apiError reports a failed API call. When the controller names the field it rejected, the
// error goes on the attribute it belongs to (identityRoles -> identity_roles, or the entity's
// Fields override), so Terraform points at the line to change.
func (e *Entity[M, C, U, D]) apiError(op *Op, action string, err error) {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.CauseField != "" {
		if attr, ok := e.attributeForField(apiErr.CauseField); ok {
			op.Diags.AddAttributeError(path.Root(attr), fmt.Sprintf("Cannot %s the %s", action, e.Kind), err.Error())
			return
		}
	}
	AddAPIError(op.Diags, action, e.Kind, err)
}

// attributeForField maps an API field name ("identityRoles", "data.port",
// "portRanges[0].low") to the top-level attribute it belongs to, if there is one.
func (e *Entity[M, C, U, D]) attributeForField(field string) (string, bool) {
	head := field
	if i := strings.IndexAny(head, ".["); i >= 0 {
		head = head[:i]
	}
	if attr, ok := e.Fields[head]; ok {
		return attr, true
	}
	attr := CamelToSnake(head)
	_, ok := e.Attributes[attr]
	return attr, ok
}

// CamelToSnake converts an API name to the attribute naming convention.
func CamelToSnake(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]))
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1]) && i > 0 && unicode.IsUpper(runes[i-1])
			if prevLower || nextLower {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
