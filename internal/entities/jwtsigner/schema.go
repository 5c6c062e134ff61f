package jwtsigner

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// model is the Terraform state of one external JWT signer.
type model struct {
	framework.Base
	Issuer          types.String `tfsdk:"issuer"`
	Audience        types.String `tfsdk:"audience"`
	JWKSEndpoint    types.String `tfsdk:"jwks_endpoint"`
	CertPEM         types.String `tfsdk:"cert_pem"`
	KID             types.String `tfsdk:"kid"`
	ClaimsProperty  types.String `tfsdk:"claims_property"`
	UseExternalID   types.Bool   `tfsdk:"use_external_id"`
	Enabled         types.Bool   `tfsdk:"enabled"`
	ExternalAuthURL types.String `tfsdk:"external_auth_url"`
	ClientID        types.String `tfsdk:"client_id"`
	Scopes          types.Set    `tfsdk:"scopes"`
	TargetToken     types.String `tfsdk:"target_token"`
}

// defaultClaimsProperty is the claim the controller matches when none is given.
const defaultClaimsProperty = "sub"

// targetTokens are the tokens of an OIDC flow the controller may ask clients for.
var targetTokens = []string{"ACCESS", "ID"}

var (
	// claimNameRegexp is what a JWT claim name the controller can look up looks like: one
	// top-level member name (the controller does not follow paths into nested objects).
	claimNameRegexp = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_:.-]*$`)
)

func attributes() map[string]schema.Attribute {
	nonBlank := framework.NonBlankValidator("must not be empty or blank")
	return framework.WithBaseAttributes("Unique name of the signer, e.g. `k8s-prod-cluster`. Auth policies name it in `allowed_signers`.", map[string]schema.Attribute{
		"issuer": schema.StringAttribute{Required: true, Validators: []validator.String{nonBlank},
			MarkdownDescription: "The `iss` claim the signer's tokens carry, exactly (e.g. `https://kubernetes.default.svc` or the cluster's OIDC issuer URL). " +
				"The controller picks the signer of a token by its issuer: two signers cannot share one."},
		"audience": schema.StringAttribute{Required: true, Validators: []validator.String{nonBlank},
			MarkdownDescription: "The audience (`aud` claim) a token must name to be accepted, e.g. the audience of a projected service-account token (`openziti`). " +
				"Tokens for another audience are refused."},
		"jwks_endpoint": schema.StringAttribute{Optional: true,
			MarkdownDescription: "URL of the issuer's JSON Web Key Set: the controller fetches the signing keys from it (and again when a token names a key it has not seen). " +
				"Exactly one of `jwks_endpoint` and `cert_pem`.",
			Validators: []validator.String{framework.HTTPURLValidator(),
				stringvalidator.ExactlyOneOf(path.MatchRoot("jwks_endpoint"), path.MatchRoot("cert_pem"))}},
		"cert_pem": schema.StringAttribute{Optional: true,
			MarkdownDescription: "The issuer's signing certificate (PEM), for an issuer without a JWKS endpoint. Exactly one of `jwks_endpoint` and `cert_pem`. " +
				"A re-encoding of the same certificate never shows as a change.",
			Validators: []validator.String{framework.CertificatePEMValidator(false)}},
		"kid": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Key id (`kid` header) of the tokens signed with `cert_pem`. Only with `cert_pem` (a JWKS names its own keys).",
			Validators:          []validator.String{nonBlank, stringvalidator.ConflictsWith(path.MatchRoot("jwks_endpoint"))}},
		"claims_property": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(defaultClaimsProperty),
			MarkdownDescription: "The token claim that names the identity, e.g. `sub` (a Kubernetes service account's `system:serviceaccount:<namespace>:<name>`) or `email`. " +
				"A top-level claim name. Default `" + defaultClaimsProperty + "`.",
			Validators: []validator.String{stringvalidator.RegexMatches(claimNameRegexp,
				"must be a top-level JWT claim name such as sub, email or preferred_username (letters, digits, _ : . -; no spaces, no path)")}},
		"use_external_id": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "`true`: the claim is matched against identities' `external_id` (the usual setup: the workload's name in its platform). " +
				"`false`: the claim must hold the identity's controller id. Default `true`."},
		"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Whether the controller accepts this signer's tokens. `false` refuses every login with them at once (a kill switch for a whole cluster). Default `true`."},
		"external_auth_url": schema.StringAttribute{Optional: true, Validators: []validator.String{framework.HTTPURLValidator()},
			MarkdownDescription: "For interactive (OIDC) clients: the authorization server clients are sent to for a token. Not needed for workloads that already hold one."},
		"client_id": schema.StringAttribute{Optional: true, Validators: []validator.String{nonBlank},
			MarkdownDescription: "For interactive (OIDC) clients: the client id they present to `external_auth_url`."},
		"scopes": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
			Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: "For interactive (OIDC) clients: the scopes they request from `external_auth_url`. Default: none.",
			Validators:          []validator.Set{setvalidator.ValueStringsAre(nonBlank)}},
		"target_token": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(targetTokens[0]),
			MarkdownDescription: "For interactive (OIDC) clients: which token of the flow they present: " + framework.QuotedList(targetTokens) + ". Default `ACCESS`.",
			Validators:          []validator.String{stringvalidator.OneOf(targetTokens...)}},
	})
}
