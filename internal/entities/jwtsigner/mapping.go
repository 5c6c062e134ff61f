package jwtsigner

import (
	"github.com/go-openapi/strfmt"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes external JWT signers to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.ExternalJWTSignerCreate, *rest_model.ExternalJWTSignerUpdate, *rest_model.ExternalJWTSignerDetail]{
	TypeName: "external_jwt_signer",
	Plural:   "external_jwt_signers",
	Kind:     "external JWT signer",
	Description: "An external JWT signer: an outside token issuer whose JWTs the controller accepts as logins. " +
		"A Kubernetes cluster's service-account issuer is the usual one: each agent pod already holds a signed, short-lived token, and the " +
		"controller maps its subject (or another claim) to the identity whose `external_id` matches, so no enrollment secret is handed out. " +
		"The controller checks the signature (keys from `jwks_endpoint` or `cert_pem`), the issuer, the audience and the expiry. " +
		"An identity may only log in this way when its auth policy allows the signer (`ziti_auth_policy`). " +
		"A signer that an auth policy names cannot be deleted until the policy stops naming it.",
	API:        client.ExternalJWTSigners,
	Attributes: attributes(),
	Mapping:    mapping{},
}

// mapping converts between ziti_external_jwt_signer's model and the API's signer.
type mapping struct{}

// AfterCreate writes the tags again: the controller (v1.7.2) drops the tags of a signer's
// create body and only stores them on update.
func (x mapping) AfterCreate(op *framework.Op, id string, plan *model) {
	body := x.ToUpdate(op, plan)
	if op.Failed() || len(body.Tags.SubTags) == 0 {
		return
	}
	if err := client.ExternalJWTSigners.Update(op.Ctx, op.Client, id, body); err != nil {
		framework.AddAPIError(op.Diags, "tag", Entity.Kind, err)
	}
}

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.ExternalJWTSignerCreate {
	u := x.ToUpdate(op, m)
	return &rest_model.ExternalJWTSignerCreate{
		Name: u.Name, Issuer: u.Issuer, Audience: u.Audience, JwksEndpoint: u.JwksEndpoint, CertPem: u.CertPem, Kid: u.Kid,
		ClaimsProperty: u.ClaimsProperty, UseExternalID: u.UseExternalID, Enabled: u.Enabled,
		ExternalAuthURL: u.ExternalAuthURL, ClientID: u.ClientID, Scopes: u.Scopes, TargetToken: u.TargetToken, Tags: u.Tags,
	}
}

// ToUpdate builds the PUT body; PUT replaces the signer, so optional fields left out are cleared.
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.ExternalJWTSignerUpdate {
	body := &rest_model.ExternalJWTSignerUpdate{
		Name:            m.Name.ValueStringPointer(),
		Issuer:          m.Issuer.ValueStringPointer(),
		Audience:        m.Audience.ValueStringPointer(),
		CertPem:         framework.OptionalString(m.CertPEM),
		Kid:             framework.OptionalString(m.KID),
		ClaimsProperty:  m.ClaimsProperty.ValueStringPointer(),
		UseExternalID:   m.UseExternalID.ValueBoolPointer(),
		Enabled:         m.Enabled.ValueBoolPointer(),
		ExternalAuthURL: framework.OptionalString(m.ExternalAuthURL),
		ClientID:        framework.OptionalString(m.ClientID),
		Scopes:          framework.StringsFromSet(op, m.Scopes),
		Tags:            framework.TagsToAPI(op, m.Tags),
	}
	if body.Scopes == nil {
		body.Scopes = []string{}
	}
	if u := framework.OptionalString(m.JWKSEndpoint); u != nil {
		uri := strfmt.URI(*u)
		body.JwksEndpoint = &uri
	}
	if t := framework.OptionalString(m.TargetToken); t != nil {
		token := rest_model.TargetToken(*t)
		body.TargetToken = &token
	}
	return body
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.ExternalJWTSignerDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	m.Issuer = types.StringValue(framework.Deref(d.Issuer))
	m.Audience = types.StringValue(framework.Deref(d.Audience))
	m.JWKSEndpoint = framework.StringOrNull(string(framework.Deref(d.JwksEndpoint)))
	cert := framework.Deref(d.CertPem)
	if framework.SameCertificatePEM(cert, m.CertPEM.ValueString()) {
		cert = m.CertPEM.ValueString()
	}
	m.CertPEM = framework.StringOrNull(cert)
	m.KID = framework.StringOrNull(framework.Deref(d.Kid))
	claims := framework.Deref(d.ClaimsProperty)
	if claims == "" {
		claims = defaultClaimsProperty
	}
	m.ClaimsProperty = types.StringValue(claims)
	m.UseExternalID = types.BoolValue(framework.Deref(d.UseExternalID))
	m.Enabled = types.BoolValue(framework.Deref(d.Enabled))
	m.ExternalAuthURL = framework.StringOrNull(framework.Deref(d.ExternalAuthURL))
	m.ClientID = framework.StringOrNull(framework.Deref(d.ClientID))
	m.Scopes = framework.SetFromStrings(op, d.Scopes)
	token := string(framework.Deref(d.TargetToken))
	if token == "" {
		token = targetTokens[0]
	}
	m.TargetToken = types.StringValue(token)
}
