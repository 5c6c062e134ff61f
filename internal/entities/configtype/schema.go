package configtype

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/xeipuuv/gojsonschema"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// model is the Terraform state of one config type.
type model struct {
	framework.Base
	Schema jsontypes.Normalized `tfsdk:"schema"`
}

// reservedNames are names the controller refuses for a config type ("all" selects every
// type in a service's config query).
var reservedNames = []string{"all"}

func attributes() map[string]schema.Attribute {
	const name = "Unique name of the config type, e.g. `agent-routing.v1`. Applications ask for the configs of a service by type name."
	return framework.WithBaseAttributes(name, map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true, MarkdownDescription: name,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.NoneOf(reservedNames...)}},
		"schema": schema.StringAttribute{Optional: true, CustomType: jsontypes.NormalizedType{},
			MarkdownDescription: "JSON schema (use `jsonencode`) that the `data` of every config of this type must match; the controller refuses configs that do not. " +
				"Its root must be `\"type\": \"object\"`. Unset: configs of the type may hold any JSON object. Formatting differences never show as a change. " +
				"Changing it does not re-check existing configs.",
			Validators: []validator.String{schemaValidator{}}},
	})
}

// Compile compiles a config type's JSON schema the way the controller does (same library,
// same defaults), so that the provider's verdict on a config's data is the controller's.
func Compile(schemaDoc any) (*gojsonschema.Schema, error) {
	return gojsonschema.NewSchemaLoader().Compile(gojsonschema.NewGoLoader(schemaDoc))
}

// checkSchema is what the controller checks when a config type is written.
func checkSchema(doc string) error {
	var obj map[string]any
	if err := json.Unmarshal([]byte(doc), &obj); err != nil || obj == nil {
		return fmt.Errorf("the schema must be a JSON object such as jsonencode({ type = \"object\", properties = { ... } })")
	}
	if len(obj) == 0 {
		return fmt.Errorf("an empty schema means no schema: the controller stores none; remove schema instead")
	}
	if obj["type"] != "object" {
		return fmt.Errorf("the schema's root must be \"type\": \"object\" (config data is always a JSON object), not %v", obj["type"])
	}
	if _, err := Compile(obj); err != nil {
		return fmt.Errorf("not a valid JSON schema: %v", err)
	}
	return nil
}

type schemaValidator struct{}

func (schemaValidator) Description(context.Context) string {
	return "a JSON schema whose root is \"type\": \"object\""
}
func (v schemaValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (schemaValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkSchema(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid config type schema", err.Error())
	}
}
