package posturecheck

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// MFA is ziti_posture_check_mfa.
var MFA = &framework.Entity[mfaModel, *rest_model.PostureCheckMfaCreate, *rest_model.PostureCheckMfaUpdate, *rest_model.PostureCheckMfaDetail]{
	TypeName: "posture_check_mfa",
	Plural:   "posture_checks_mfa",
	Kind:     "MFA posture check",
	Description: description("An MFA posture check: the dialing identity must have passed a TOTP (MFA) check, recently enough. " +
		"An identity without MFA enrolled (every workload identity) never passes it."),
	API: collection[*rest_model.PostureCheckMfaCreate, *rest_model.PostureCheckMfaUpdate, *rest_model.PostureCheckMfaDetail](),
	Attributes: withBase(map[string]schema.Attribute{
		"timeout_seconds": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(noTimeout),
			MarkdownDescription: "How long a passed MFA check counts, in seconds; `-1` (the default): for the whole session.",
			Validators:          []validator.Int64{int64validator.AtLeast(noTimeout)}},
		"prompt_on_wake": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the device must pass MFA again after waking up. Default `false`."},
		"prompt_on_unlock": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the device must pass MFA again after being unlocked. Default `false`."},
		"ignore_legacy_endpoints": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether clients too old to report wake and unlock events are let through the timeout and prompts. Default `false`."},
	}),
	Mapping: mfaMapping{kind: kind[*rest_model.PostureCheckMfaDetail](rest_model.PostureCheckTypeMFA)},
}

// noTimeout is the controller's "no timeout" for an MFA check.
const noTimeout = -1

type mfaModel struct {
	base
	TimeoutSeconds        types.Int64 `tfsdk:"timeout_seconds"`
	PromptOnWake          types.Bool  `tfsdk:"prompt_on_wake"`
	PromptOnUnlock        types.Bool  `tfsdk:"prompt_on_unlock"`
	IgnoreLegacyEndpoints types.Bool  `tfsdk:"ignore_legacy_endpoints"`
}

type mfaMapping struct {
	kind[*rest_model.PostureCheckMfaDetail]
}

func (x mfaMapping) ToCreate(op *framework.Op, m *mfaModel) *rest_model.PostureCheckMfaCreate {
	c := rest_model.PostureCheckMfaCreate(*x.ToUpdate(op, m))
	return &c
}
func (mfaMapping) ToUpdate(op *framework.Op, m *mfaModel) *rest_model.PostureCheckMfaUpdate {
	return withBaseFields(op, &m.base, &rest_model.PostureCheckMfaUpdate{PostureCheckMfaProperties: rest_model.PostureCheckMfaProperties{
		TimeoutSeconds: m.TimeoutSeconds.ValueInt64(), PromptOnWake: m.PromptOnWake.ValueBool(),
		PromptOnUnlock: m.PromptOnUnlock.ValueBool(), IgnoreLegacyEndpoints: m.IgnoreLegacyEndpoints.ValueBool()}})
}
func (mfaMapping) FromDetail(op *framework.Op, d *rest_model.PostureCheckMfaDetail, m *mfaModel) {
	readBase(op, d, &m.base)
	m.TimeoutSeconds = types.Int64Value(d.TimeoutSeconds)
	m.PromptOnWake = types.BoolValue(d.PromptOnWake)
	m.PromptOnUnlock = types.BoolValue(d.PromptOnUnlock)
	m.IgnoreLegacyEndpoints = types.BoolValue(d.IgnoreLegacyEndpoints)
}
