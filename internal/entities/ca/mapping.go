package ca

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes certificate authorities to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.CaCreate, *rest_model.CaUpdate, *rest_model.CaDetail]{
	TypeName: "certificate_authority",
	Plural:   "certificate_authorities",
	Kind:     "certificate authority",
	Description: "A third-party certificate authority: a team's own CA (cert-manager, SPIFFE, a corporate PKI) whose client certificates the controller trusts, " +
		"so that workloads enroll (`auto_ca_enrollment`, `ott_ca_enrollment`) and log in with certificates they already have. " +
		"The controller only trusts a CA once it is verified: whoever registers it proves they hold its private key by signing the controller's `verification_token`. " +
		"Give the key as `verification_key_wo` (write-only, never stored) and the apply verifies the CA itself; otherwise verify it by hand (see below).",
	API:          client.CertificateAuthorities,
	Attributes:   attributes(),
	Fields:       map[string]string{"isAuthEnabled": "auth_enabled", "isAutoCaEnrollmentEnabled": "auto_ca_enrollment", "isOttCaEnrollmentEnabled": "ott_ca_enrollment"},
	ResourceOnly: []string{"verification_key_wo"},
	Mapping:      mapping{},
}

// mapping converts between ziti_certificate_authority's model and the API's CA.
type mapping struct{}

func (mapping) TakeWriteOnly(config, plan *model) { plan.VerificationKeyWO = config.VerificationKeyWO }

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.CaCreate {
	u := x.ToUpdate(op, m)
	return &rest_model.CaCreate{Name: u.Name, CertPem: m.CertPEM.ValueStringPointer(), IsAuthEnabled: u.IsAuthEnabled,
		IsAutoCaEnrollmentEnabled: u.IsAutoCaEnrollmentEnabled, IsOttCaEnrollmentEnabled: u.IsOttCaEnrollmentEnabled,
		IdentityNameFormat: framework.Deref(u.IdentityNameFormat), IdentityRoles: u.IdentityRoles, ExternalIDClaim: u.ExternalIDClaim, Tags: u.Tags}
}

// ToUpdate builds the PUT body (everything but the certificate, which the controller cannot change).
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.CaUpdate {
	roles := framework.StringsFromSet(op, m.IdentityRoles)
	if roles == nil {
		roles = []string{}
	}
	return &rest_model.CaUpdate{
		Name:                      m.Name.ValueStringPointer(),
		IsAuthEnabled:             m.AuthEnabled.ValueBoolPointer(),
		IsAutoCaEnrollmentEnabled: m.AutoCAEnrollment.ValueBoolPointer(),
		IsOttCaEnrollmentEnabled:  m.OTTCAEnrollment.ValueBoolPointer(),
		IdentityNameFormat:        m.IdentityNameFormat.ValueStringPointer(),
		IdentityRoles:             roles,
		ExternalIDClaim:           claimToAPI(m.ExternalIDClaim),
		Tags:                      framework.TagsToAPI(op, m.Tags),
	}
}

func claimToAPI(c *externalIDClaim) *rest_model.ExternalIDClaim {
	if c == nil {
		return nil
	}
	return &rest_model.ExternalIDClaim{Location: c.Location.ValueStringPointer(), Matcher: c.Matcher.ValueStringPointer(),
		MatcherCriteria: c.MatcherCriteria.ValueStringPointer(), Parser: c.Parser.ValueStringPointer(),
		ParserCriteria: c.ParserCriteria.ValueStringPointer(), Index: c.Index.ValueInt64Pointer()}
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.CaDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	cert := framework.Deref(d.CertPem)
	if framework.SameCertificatePEM(cert, m.CertPEM.ValueString()) {
		cert = m.CertPEM.ValueString()
	}
	m.CertPEM = types.StringValue(cert)
	m.AuthEnabled = types.BoolValue(framework.Deref(d.IsAuthEnabled))
	m.AutoCAEnrollment = types.BoolValue(framework.Deref(d.IsAutoCaEnrollmentEnabled))
	m.OTTCAEnrollment = types.BoolValue(framework.Deref(d.IsOttCaEnrollmentEnabled))
	m.IdentityNameFormat = types.StringValue(framework.Deref(d.IdentityNameFormat))
	m.IdentityRoles = framework.SetFromStrings(op, d.IdentityRoles)
	m.ExternalIDClaim = nil
	if c := d.ExternalIDClaim; c != nil && framework.Deref(c.Location) != "" {
		m.ExternalIDClaim = &externalIDClaim{Location: types.StringValue(framework.Deref(c.Location)), Matcher: types.StringValue(framework.Deref(c.Matcher)),
			MatcherCriteria: types.StringValue(framework.Deref(c.MatcherCriteria)), Parser: types.StringValue(framework.Deref(c.Parser)),
			ParserCriteria: types.StringValue(framework.Deref(c.ParserCriteria)), Index: types.Int64Value(framework.Deref(c.Index))}
	}
	m.VerificationKeyWO = types.StringNull() // write-only: never in the state
	m.Verified = types.BoolValue(framework.Deref(d.IsVerified))
	m.VerificationToken = framework.StringOrNull(d.VerificationToken.String())
	m.Fingerprint = types.StringValue(framework.Deref(d.Fingerprint))
}

// certificateChanged replaces the CA only for another certificate, not another encoding of it.
func certificateChanged(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !framework.SameCertificatePEM(req.StateValue.ValueString(), req.PlanValue.ValueString())
}

// ValidateConfig checks, at plan time, that the verification key is the CA certificate's key.
func (mapping) ValidateConfig(_ context.Context, m *model, diags *diag.Diagnostics) {
	if m.VerificationKeyWO.IsNull() || m.VerificationKeyWO.IsUnknown() || m.CertPEM.IsUnknown() {
		return
	}
	if _, _, err := signerFor(m.CertPEM.ValueString(), m.VerificationKeyWO.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("verification_key_wo"), "Unusable verification key", err.Error())
	}
}
