package authpolicy

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes auth policies to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.AuthPolicyCreate, *rest_model.AuthPolicyUpdate, *rest_model.AuthPolicyDetail]{
	TypeName: "auth_policy",
	Plural:   "auth_policies",
	Kind:     "auth policy",
	Description: "An auth policy: the ways an identity may log in. Each primary method is allowed exactly when its attribute is set " +
		"(`primary_cert`, `primary_ext_jwt`, `primary_updb`); secondary factors (`secondary_totp`, `secondary_ext_jwt_signer`) are required on top. " +
		"A workload identity under a policy with only `primary_ext_jwt` naming its cluster's signer can log in with its service-account token and nothing else: " +
		"a stolen enrollment, certificate or password is useless. Identities name the policy in `auth_policy`; the controller refuses to delete a policy an identity still uses. " +
		"The controller's built-in `default` policy allows everything and is not managed by this resource.",
	API:        client.AuthPolicies,
	Attributes: attributes(),
	Fields:     map[string]string{"primary.extJwt.allowedExtJwtSigners": "primary_ext_jwt", "secondary.requiredExtJwtSigner": "secondary_ext_jwt_signer"},
	Mapping:    mapping{},
}

// mapping converts between ziti_auth_policy's model and the API's auth policy.
type mapping struct{}

func (x mapping) ToUpdate(op *framework.Op, m *model) *rest_model.AuthPolicyUpdate {
	return &rest_model.AuthPolicyUpdate{AuthPolicyCreate: *x.ToCreate(op, m)}
}

// ToCreate builds the whole policy: the controller requires every field of every method, so a
// method that is not allowed is sent with allowed = false and the controller's defaults.
func (mapping) ToCreate(op *framework.Op, m *model) *rest_model.AuthPolicyCreate {
	return &rest_model.AuthPolicyCreate{
		Name: m.Name.ValueStringPointer(),
		Tags: framework.TagsToAPI(op, m.Tags),
		Primary: &rest_model.AuthPolicyPrimary{
			Cert:   certToAPI(m.PrimaryCert),
			ExtJWT: extJWTToAPI(op, m.PrimaryExtJWT),
			Updb:   updbToAPI(m.PrimaryUpdb),
		},
		Secondary: &rest_model.AuthPolicySecondary{
			RequireTotp:         m.SecondaryTOTP.ValueBoolPointer(),
			RequireExtJWTSigner: secondarySignerToAPI(op, m.SecondaryExtJWTSigner),
		},
	}
}

func certToAPI(c *certModel) *rest_model.AuthPolicyPrimaryCert {
	allowed, expired := c != nil, false
	if c != nil {
		expired = c.AllowExpiredCerts.ValueBool()
	}
	return &rest_model.AuthPolicyPrimaryCert{Allowed: &allowed, AllowExpiredCerts: &expired}
}

func extJWTToAPI(op *framework.Op, j *extJWTModel) *rest_model.AuthPolicyPrimaryExtJWT {
	allowed, ids := j != nil, []string{}
	if j != nil {
		ids = resolveSigners(op, j.AllowedSigners)
	}
	return &rest_model.AuthPolicyPrimaryExtJWT{Allowed: &allowed, AllowedSigners: ids}
}

func updbToAPI(u *updbModel) *rest_model.AuthPolicyPrimaryUpdb {
	allowed := u != nil
	if u == nil {
		u = &updbModel{MinPasswordLength: types.Int64Value(defaultMinPasswordLength), MaxAttempts: types.Int64Value(defaultMaxAttempts)}
	}
	minLength, attempts, lockout := u.MinPasswordLength.ValueInt64(), u.MaxAttempts.ValueInt64(), u.LockoutDurationMinutes.ValueInt64()
	special, number, mixed := u.RequireSpecialChar.ValueBool(), u.RequireNumberChar.ValueBool(), u.RequireMixedCase.ValueBool()
	return &rest_model.AuthPolicyPrimaryUpdb{Allowed: &allowed, MinPasswordLength: &minLength, MaxAttempts: &attempts, LockoutDurationMinutes: &lockout,
		RequireSpecialChar: &special, RequireNumberChar: &number, RequireMixedCase: &mixed}
}

func secondarySignerToAPI(op *framework.Op, ref types.String) *string {
	if ref.IsNull() || ref.IsUnknown() {
		return nil
	}
	if id, ok := framework.ResolveRef(op, signers, "secondary_ext_jwt_signer", ref.ValueString()); ok {
		return &id
	}
	return nil
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.AuthPolicyDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	primary := d.Primary
	if primary == nil {
		primary = &rest_model.AuthPolicyPrimary{}
	}
	m.PrimaryCert = nil
	if c := primary.Cert; c != nil && framework.Deref(c.Allowed) {
		m.PrimaryCert = &certModel{AllowExpiredCerts: types.BoolValue(framework.Deref(c.AllowExpiredCerts))}
	}
	var priorSigners types.Set
	if m.PrimaryExtJWT != nil {
		priorSigners = m.PrimaryExtJWT.AllowedSigners
	}
	m.PrimaryExtJWT = nil
	if j := primary.ExtJWT; j != nil && framework.Deref(j.Allowed) {
		m.PrimaryExtJWT = &extJWTModel{AllowedSigners: signersFromAPI(op, j.AllowedSigners, priorSigners)}
	}
	m.PrimaryUpdb = nil
	if u := primary.Updb; u != nil && framework.Deref(u.Allowed) {
		m.PrimaryUpdb = &updbModel{
			MinPasswordLength:      types.Int64Value(framework.Deref(u.MinPasswordLength)),
			RequireSpecialChar:     types.BoolValue(framework.Deref(u.RequireSpecialChar)),
			RequireNumberChar:      types.BoolValue(framework.Deref(u.RequireNumberChar)),
			RequireMixedCase:       types.BoolValue(framework.Deref(u.RequireMixedCase)),
			MaxAttempts:            types.Int64Value(framework.Deref(u.MaxAttempts)),
			LockoutDurationMinutes: types.Int64Value(framework.Deref(u.LockoutDurationMinutes)),
		}
	}
	secondary := d.Secondary
	if secondary == nil {
		secondary = &rest_model.AuthPolicySecondary{}
	}
	m.SecondaryTOTP = types.BoolValue(framework.Deref(secondary.RequireTotp))
	m.SecondaryExtJWTSigner = types.StringNull()
	if id := framework.Deref(secondary.RequireExtJWTSigner); id != "" {
		m.SecondaryExtJWTSigner = framework.RefFromAPI(id, framework.NamesByID(op, signers, []string{id})[id], m.SecondaryExtJWTSigner)
	}
}
