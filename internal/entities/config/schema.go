package config

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

func attributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes("Unique name of the config (unique among configs of every type).", map[string]schema.Attribute{
		"config_type": schema.StringAttribute{Required: true,
			MarkdownDescription: "The config type, by name (e.g. `intercept.v1`, `host.v1`) or id; the state keeps what you wrote. " +
				"The controller cannot change a config's type: another type replaces the config. Switching between the name and the id of the same type changes nothing.",
			Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			PlanModifiers: []planmodifier.String{replaceWhenTypeChanges()}},
		"config_type_id": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The id of the config type.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"config_type_name": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The name of the config type.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"data": schema.StringAttribute{Required: true, CustomType: jsontypes.NormalizedType{},
			MarkdownDescription: "The config itself: a JSON object (use `jsonencode`) matching the schema of its config type, which is checked when applied " +
				"(e.g. `intercept.v1` needs `protocols`, `addresses` and `portRanges`). Formatting differences never show as a change.",
			Validators: []validator.String{framework.JSONObjectValidator()}},
	})
}

// replaceWhenTypeChanges replaces the config when config_type names another type. Plan
// modifiers cannot ask the controller, so the new value is compared with the id and the name
// of the type the config has (both in the state): writing the id instead of the name of the
// same type is an in-place update that only changes the spelling in the state.
func replaceWhenTypeChanges() planmodifier.String {
	const desc = "Replaces the config when config_type names a different config type."
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		var id, name types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("config_type_id"), &id)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("config_type_name"), &name)...)
		planned := req.PlanValue
		same := !planned.IsUnknown() && !id.IsNull() &&
			(planned.ValueString() == id.ValueString() || planned.ValueString() == name.ValueString())
		resp.RequiresReplace = !same
	}, desc, desc)
}

// model is the Terraform state of one config.
type model struct {
	framework.Base
	ConfigType     types.String         `tfsdk:"config_type"`
	ConfigTypeID   types.String         `tfsdk:"config_type_id"`
	ConfigTypeName types.String         `tfsdk:"config_type_name"`
	Data           jsontypes.Normalized `tfsdk:"data"`
}
