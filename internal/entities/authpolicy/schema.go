package authpolicy

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// model is the Terraform state of one auth policy. A primary method is allowed exactly when
// its object is set: there is no "allowed = false" spelling of the same thing.
type model struct {
	framework.Base
	PrimaryCert           *certModel   `tfsdk:"primary_cert"`
	PrimaryExtJWT         *extJWTModel `tfsdk:"primary_ext_jwt"`
	PrimaryUpdb           *updbModel   `tfsdk:"primary_updb"`
	SecondaryTOTP         types.Bool   `tfsdk:"secondary_totp"`
	SecondaryExtJWTSigner types.String `tfsdk:"secondary_ext_jwt_signer"`
}

type certModel struct {
	AllowExpiredCerts types.Bool `tfsdk:"allow_expired_certs"`
}

type extJWTModel struct {
	AllowedSigners types.Set `tfsdk:"allowed_signers"`
}

type updbModel struct {
	MinPasswordLength      types.Int64 `tfsdk:"min_password_length"`
	RequireSpecialChar     types.Bool  `tfsdk:"require_special_char"`
	RequireNumberChar      types.Bool  `tfsdk:"require_number_char"`
	RequireMixedCase       types.Bool  `tfsdk:"require_mixed_case"`
	MaxAttempts            types.Int64 `tfsdk:"max_attempts"`
	LockoutDurationMinutes types.Int64 `tfsdk:"lockout_duration_minutes"`
}

// The controller's own defaults for password rules (db.DefaultUpdb*).
const (
	defaultMinPasswordLength = 5
	defaultMaxAttempts       = 5
)

func attributes() map[string]schema.Attribute {
	nonBlank := framework.NonBlankValidator("must name a signer (its id or name)")
	return framework.WithBaseAttributes("Unique name of the auth policy, e.g. `k8s-workloads`. Identities name it in `auth_policy`.", map[string]schema.Attribute{
		"primary_cert": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "Set: identities may log in with the client certificate they enrolled with (or one from a trusted CA). Unset: certificate logins are refused.",
			Attributes: map[string]schema.Attribute{
				"allow_expired_certs": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Whether an expired client certificate is still accepted (for devices that cannot renew in time). Default `false`."},
			}},
		"primary_ext_jwt": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "Set: identities may log in with a JWT from an external JWT signer (`ziti_external_jwt_signer`). Unset: JWT logins are refused.",
			Attributes: map[string]schema.Attribute{
				"allowed_signers": schema.SetAttribute{Required: true, ElementType: types.StringType,
					MarkdownDescription: "The signers (ids or names) whose tokens are accepted. **An empty set (`[]`) accepts every signer the controller knows**, " +
						"including signers added later: name the signers for workload identities.",
					Validators: []validator.Set{setvalidator.ValueStringsAre(nonBlank)}},
			}},
		"primary_updb": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "Set: identities may log in with a username and password, under these rules. Unset: password logins are refused.",
			Attributes: map[string]schema.Attribute{
				"min_password_length": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(defaultMinPasswordLength),
					MarkdownDescription: "Shortest password accepted when one is set. Default `5`.", Validators: []validator.Int64{int64validator.Between(1, 255)}},
				"require_special_char": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Whether passwords must contain a special character. Default `false`."},
				"require_number_char": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Whether passwords must contain a digit. Default `false`."},
				"require_mixed_case": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
					MarkdownDescription: "Whether passwords must mix upper and lower case. Default `false`."},
				"max_attempts": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(defaultMaxAttempts),
					MarkdownDescription: "Failed logins after which the identity is locked out; `0` never locks out. Default `5`.",
					Validators:          []validator.Int64{int64validator.AtLeast(0)}},
				"lockout_duration_minutes": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
					MarkdownDescription: "How long a lockout lasts, in minutes; `0` (the default) keeps the identity locked until an administrator unlocks it.",
					Validators:          []validator.Int64{int64validator.AtLeast(0)}},
			}},
		"secondary_totp": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether identities must also pass a TOTP (MFA) check after the primary login. Default `false`."},
		"secondary_ext_jwt_signer": schema.StringAttribute{Optional: true, Validators: []validator.String{nonBlank},
			MarkdownDescription: "A signer (id or name) whose JWT identities must also present after the primary login. Unset: none."},
	})
}
