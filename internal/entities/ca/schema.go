package ca

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// model is the Terraform state of one certificate authority.
type model struct {
	framework.Base
	CertPEM            types.String     `tfsdk:"cert_pem"`
	AuthEnabled        types.Bool       `tfsdk:"auth_enabled"`
	AutoCAEnrollment   types.Bool       `tfsdk:"auto_ca_enrollment"`
	OTTCAEnrollment    types.Bool       `tfsdk:"ott_ca_enrollment"`
	IdentityNameFormat types.String     `tfsdk:"identity_name_format"`
	IdentityRoles      types.Set        `tfsdk:"identity_roles"`
	ExternalIDClaim    *externalIDClaim `tfsdk:"external_id_claim"`
	VerificationKeyWO  types.String     `tfsdk:"verification_key_wo"`
	Verified           types.Bool       `tfsdk:"verified"`
	VerificationToken  types.String     `tfsdk:"verification_token"`
	Fingerprint        types.String     `tfsdk:"fingerprint"`
}

type externalIDClaim struct {
	Location        types.String `tfsdk:"location"`
	Matcher         types.String `tfsdk:"matcher"`
	MatcherCriteria types.String `tfsdk:"matcher_criteria"`
	Parser          types.String `tfsdk:"parser"`
	ParserCriteria  types.String `tfsdk:"parser_criteria"`
	Index           types.Int64  `tfsdk:"index"`
}

// defaultNameFormat is the controller's name for identities a CA enrolls.
const defaultNameFormat = "[caName]-[commonName]"

// Where in a client certificate the external id is, how to match and how to parse it: the
// controller's own lists (db.ExternalIdClaim*).
var (
	claimLocations = []string{"COMMON_NAME", "SAN_URI", "SAN_EMAIL"}
	claimMatchers  = []string{"ALL", "PREFIX", "SUFFIX", "SCHEME"}
	claimParsers   = []string{"NONE", "SPLIT"}
)

func attributes() map[string]schema.Attribute {
	identityRoles := framework.RoleAttributesAttribute("identity")
	identityRoles.MarkdownDescription = "Role attributes given to every identity this CA enrolls (e.g. `agents`), so that policies selecting `#agents` grant them access. " +
		"They may not start with `#` or `@`. Default: none."
	return framework.WithBaseAttributes("Unique name of the CA, e.g. `cert-manager-prod`. `[caName]` in `identity_name_format` is replaced by it.", map[string]schema.Attribute{
		"cert_pem": schema.StringAttribute{Required: true,
			MarkdownDescription: "The CA's certificate (PEM), e.g. `file(\"ca.crt\")`. It must be a CA certificate (basic constraints CA:TRUE). " +
				"The controller cannot change it: a new certificate replaces the CA (and the identities' trust in it). A re-encoding of the same certificate never shows as a change.",
			Validators:    []validator.String{framework.CertificatePEMValidator(true)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(certificateChanged, "A different certificate replaces the CA.", "A different certificate replaces the CA.")}},
		"auth_enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Whether identities may log in with certificates this CA issued (once verified). Default `true`."},
		"auto_ca_enrollment": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether a client with a certificate from this CA may enroll itself, with no token: the controller creates its identity (named by `identity_name_format`, " +
				"with `identity_roles`) the first time it presents the certificate to the enrollment endpoint. Needs the CA verified. Default `false`."},
		"ott_ca_enrollment": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether identities created with `enrollment { method = \"ottca\" }` naming this CA may enroll with a certificate from it plus their one-time token. Default `false`."},
		"identity_name_format": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(defaultNameFormat),
			MarkdownDescription: "Name of the identities this CA auto-enrolls, from the placeholders `[caName]`, `[caId]`, `[commonName]`, `[requestedName]` and `[identityId]`. Default `" + defaultNameFormat + "`.",
			Validators:          []validator.String{framework.NonBlankValidator("must not be empty: use placeholders such as [caName]-[commonName]")}},
		"identity_roles": identityRoles,
		"external_id_claim": schema.SingleNestedAttribute{Optional: true,
			MarkdownDescription: "Where the controller finds an identity's external id in a client certificate from this CA (e.g. a SPIFFE id in the URI SAN), " +
				"so that a certificate logs in as the identity with that `external_id`. Unset: certificates log in as the identity they enrolled.",
			Attributes: map[string]schema.Attribute{
				"location": schema.StringAttribute{Required: true, MarkdownDescription: "Where the value is: " + framework.QuotedList(claimLocations) + ".",
					Validators: []validator.String{stringvalidator.OneOf(claimLocations...)}},
				"matcher": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("ALL"),
					MarkdownDescription: "Which values at the location count: " + framework.QuotedList(claimMatchers) + " (`SCHEME` only with `SAN_URI`). Default `ALL`.",
					Validators:          []validator.String{stringvalidator.OneOf(claimMatchers...)}},
				"matcher_criteria": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
					MarkdownDescription: "The prefix, suffix or scheme the matcher looks for (e.g. `spiffe`). Default: empty."},
				"parser": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("NONE"),
					MarkdownDescription: "How the matched value is cut: " + framework.QuotedList(claimParsers) + ". Default `NONE`.",
					Validators:          []validator.String{stringvalidator.OneOf(claimParsers...)}},
				"parser_criteria": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
					MarkdownDescription: "The separator `SPLIT` cuts at. Default: empty."},
				"index": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
					MarkdownDescription: "Which of several matched (or split) values is the external id, from 0. Default `0`."},
			}},
		"verification_key_wo": schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true,
			MarkdownDescription: "The CA's private key (PEM), write-only (OpenTofu 1.11+, Terraform 1.11+): never stored in the state or plan. When given and the CA is not verified yet, " +
				"the apply signs the controller's verification token with it and verifies the CA. Without it, verify by hand with `verification_token` (see the resource's documentation)."},
		"verified": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the controller has verified the CA (proof that its key is held). Until then no certificate from it enrolls or logs in."},
		"verification_token": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The token to sign for a manual verification: a certificate with this common name, signed by the CA, posted to the controller. Not a secret.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"fingerprint": schema.StringAttribute{Computed: true, MarkdownDescription: "The controller's fingerprint of the CA certificate.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
	})
}
