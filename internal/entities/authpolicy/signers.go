package authpolicy

import (
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// signers are the external JWT signers a policy names, by id or name.
var signers = framework.RoleKind{Noun: "external JWT signer", API: client.Entities[any, any, *rest_model.EntityRef](client.ExternalJWTSigners)}

// resolveSigners turns the names and ids the user wrote into the ids the controller takes; an
// unknown signer is an error on primary_ext_jwt (the controller would answer a 404 naming no
// attribute).
func resolveSigners(op *framework.Op, refs types.Set) []string {
	ids := []string{}
	for _, ref := range framework.StringsFromSet(op, refs) {
		if id, ok := framework.ResolveRef(op, signers, "primary_ext_jwt", ref); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// signersFromAPI keeps the user's spelling (name or id) of each signer the controller holds,
// and shows the id of any other.
func signersFromAPI(op *framework.Op, ids []string, prior types.Set) types.Set {
	names := framework.NamesByID(op, signers, ids)
	written := map[string]bool{}
	for _, s := range framework.StringsFromSet(op, prior) {
		written[s] = true
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if name := names[id]; name != "" && written[name] && !written[id] {
			out = append(out, name)
			continue
		}
		out = append(out, id)
	}
	return framework.SetFromStrings(op, out)
}

// CheckPlan reports, at plan time, signers named by a literal that do not exist; references to
// signers the same apply creates are unknown until then and checked when the policy is written.
func (mapping) CheckPlan(op *framework.Op, m *model) {
	if m.PrimaryExtJWT != nil && !m.PrimaryExtJWT.AllowedSigners.IsUnknown() {
		for _, e := range m.PrimaryExtJWT.AllowedSigners.Elements() {
			if ref, ok := e.(types.String); ok && !ref.IsUnknown() && !ref.IsNull() {
				framework.ResolveRef(op, signers, "primary_ext_jwt", ref.ValueString())
			}
		}
	}
	if ref := m.SecondaryExtJWTSigner; !ref.IsUnknown() && !ref.IsNull() {
		framework.ResolveRef(op, signers, "secondary_ext_jwt_signer", ref.ValueString())
	}
}
