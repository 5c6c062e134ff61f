package identity

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/entities/enrollment"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

type enrollmentModel struct {
	Method   types.String `tfsdk:"method"`
	CA       types.String `tfsdk:"ca"`
	Username types.String `tfsdk:"username"`
}

// Enrollment methods, in the order the description lists them.
const (
	methodOTT   = "ott"
	methodOTTCA = "ottca"
	methodUPDB  = "updb"
	methodNone  = "none"
)

var enrollmentMethods = []string{methodOTT, methodOTTCA, methodUPDB, methodNone}

// effectiveMethod treats an absent enrollment block as one-time-token enrollment.
func (e *enrollmentModel) effectiveMethod() string {
	if e == nil || e.Method.IsNull() || e.Method.ValueString() == "" {
		return methodOTT
	}
	return e.Method.ValueString()
}

func attributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes("Unique name of the identity, e.g. the agent pod's name.", map[string]schema.Attribute{
		"role_attributes": framework.RoleAttributesAttribute("identity"),
		"is_admin": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "Whether the identity administers the controller. An agent must never be an admin. Default `false`."},
		"auth_policy": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("default"),
			MarkdownDescription: "Auth policy, by id or name, deciding how the identity may authenticate. Default: the controller's `default` policy."},
		"external_id": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Id of the identity in an external identity provider, matched against the claim of an external JWT signer."},
		"default_hosting_cost": schema.Int64Attribute{Optional: true, Computed: true, Default: int64default.StaticInt64(0),
			MarkdownDescription: "Cost (0-65535) of the services this identity hosts, for smart routing. Default `0`."},
		"default_hosting_precedence": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("default"),
			MarkdownDescription: "Precedence of the terminators this identity hosts: " + framework.QuotedList(framework.TerminatorPrecedences) + ". Default `default`.",
			Validators:          []validator.String{stringvalidator.OneOf(framework.TerminatorPrecedences...)}},
		"service_hosting_costs": schema.MapAttribute{Optional: true, ElementType: types.Int64Type,
			MarkdownDescription: "Per-service hosting cost overrides, keyed by service name or id."},
		"service_hosting_precedences": schema.MapAttribute{Optional: true, ElementType: types.StringType,
			MarkdownDescription: "Per-service precedence overrides, keyed by service name or id; values " + framework.QuotedList(framework.TerminatorPrecedences) + "."},
		"app_data": framework.AppDataAttribute(),
		"enrollment_jwt": schema.StringAttribute{Computed: true, Sensitive: true,
			MarkdownDescription: "The enrollment token (JWT) for `ott`, `ottca` and `updb` enrollment, until the identity enrolls; then null. " +
				"Stored in the state (in plain text: `Sensitive` only hides it from plan output) unless `enrollment_jwt_in_state = false`, " +
				"which keeps it null. Whoever holds it can become this identity: hand it to the agent's enrollment only (e.g. a Kubernetes " +
				"secret), never to logs.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"enrollment_jwt_in_state": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Whether `enrollment_jwt` is kept in the state. `true` (the default, and what Terraform before 1.10 and " +
				"OpenTofu before 1.11 need): the pending token is stored in the state until the identity enrolls, and re-issued in place by " +
				"the apply after it expired. `false`: `enrollment_jwt` is always null and the token is never stored; get it with the " +
				"`ziti_identity_enrollment` ephemeral resource (Terraform 1.10+, OpenTofu 1.11+), which also re-issues it after it expired. " +
				"`enrollment_expires_at` and `enrolled` are stored either way (they are not secret)."},
		"disabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: "The kill switch: `true` disables the identity. The controller then refuses its logins, and the apply " +
				"deletes its API sessions and closes every connection it has open (dialing or hosting), so the agent is cut off at once. " +
				"The identity, its enrollment, role attributes and grants stay as they are for the post-mortem; `false` enables it again " +
				"and it reconnects with the certificate it has, without enrolling again. Default `false`."},
		"disabled_until": schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "With `disabled = true`: when the controller enables the identity again by itself (RFC 3339, e.g. " +
				"`2030-01-02T15:04:05Z`); without it the identity stays disabled until `disabled` is `false`. Must be in the future when " +
				"planned. The controller counts whole minutes from the apply, so it may enable the identity up to a minute later than " +
				"this. After that time has passed, the controller reports the identity enabled and the next plan fails on this attribute: " +
				"remove it (and `disabled`) or set a new time.",
			Validators: []validator.String{futureTime{}}},
		"enrollment_expires_at": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the enrollment token expires (RFC 3339). After it expired unused, the next plan re-issues it in place.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"enrolled": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the identity holds an enrolled certificate (or password): true once the agent has enrolled."},
	})
}

func blocks() map[string]schema.Block {
	return map[string]schema.Block{
		"enrollment": schema.SingleNestedBlock{
			MarkdownDescription: "How the identity enrolls; only used when it is created. Without this block: one-time token (`ott`). " +
				"Changing it replaces the identity (the controller cannot change an identity's enrollment method).",
			Attributes: map[string]schema.Attribute{
				"method": schema.StringAttribute{Optional: true,
					MarkdownDescription: "Enrollment method: " + framework.QuotedList(enrollmentMethods) + ". `ott`: a one-time token; `ottca`: a token plus a certificate " +
						"from the third-party CA named in `ca`; `updb`: username and password (`username`); `none`: no enrollment (e.g. for external JWT authentication). Default `ott`.",
					Validators:    []validator.String{stringvalidator.OneOf(enrollmentMethods...)},
					PlanModifiers: []planmodifier.String{replaceWhenEnrollmentChanges()}},
				"ca": schema.StringAttribute{Optional: true, MarkdownDescription: "With `ottca`: the certificate authority (id or name) that issues the identity's certificate.",
					PlanModifiers: []planmodifier.String{replaceWhenEnrollmentChanges()}},
				"username": schema.StringAttribute{Optional: true, MarkdownDescription: "With `updb`: the username to enroll with.",
					PlanModifiers: []planmodifier.String{replaceWhenEnrollmentChanges()}},
			},
		},
	}
}

// replaceWhenEnrollmentChanges replaces the identity when the effective enrollment changes;
// adding a block that says "ott" to an identity created without one changes nothing.
func replaceWhenEnrollmentChanges() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		norm := func(v types.String) string {
			s := v.ValueString()
			if strings.HasSuffix(req.Path.String(), "method") && s == "" {
				return methodOTT
			}
			return s
		}
		resp.RequiresReplace = norm(req.StateValue) != norm(req.PlanValue)
	}, "Replaces the identity when the effective enrollment changes.", "Replaces the identity when the effective enrollment changes.")
}

// model is the Terraform state of one identity.
type model struct {
	framework.Base
	RoleAttributes            types.Set            `tfsdk:"role_attributes"`
	IsAdmin                   types.Bool           `tfsdk:"is_admin"`
	AuthPolicy                types.String         `tfsdk:"auth_policy"`
	ExternalID                types.String         `tfsdk:"external_id"`
	DefaultHostingCost        types.Int64          `tfsdk:"default_hosting_cost"`
	DefaultHostingPrecedence  types.String         `tfsdk:"default_hosting_precedence"`
	ServiceHostingCosts       types.Map            `tfsdk:"service_hosting_costs"`
	ServiceHostingPrecedences types.Map            `tfsdk:"service_hosting_precedences"`
	AppData                   jsontypes.Normalized `tfsdk:"app_data"`
	Enrollment                *enrollmentModel     `tfsdk:"enrollment"`
	enrollment.Token
	Enrolled types.Bool `tfsdk:"enrolled"`
	killSwitch

	// revocation_pending: the shared CRUD adds the attribute to the schema and keeps it.
	framework.Revocable
}
