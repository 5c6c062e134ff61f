package composite

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/revocation"
)

// accessScope is the reach of a change to (or the deletion of) a composite whose children
// are ids, read from the controller BEFORE the change: the circuits of the services it owns,
// and of the identities and services its owned policies select now (roles as the controller
// holds them, "@id" and "#attr", including any widening made out of band, which the change
// takes back). A retried sweep (revocation_pending), or children that cannot be read, sweep
// every open circuit.
func accessScope(op *framework.Op, ids IDs, retry bool) revocation.Scope {
	if retry {
		return revocation.Full()
	}
	diags := new(diag.Diagnostics)
	snap := Read(&framework.Op{Ctx: op.Ctx, Client: op.Client, Diags: diags}, ids)
	if diags.HasError() {
		return revocation.Full()
	}
	var scope revocation.Scope
	for key, id := range ids {
		if kindOf(key) == KindService {
			scope = scope.Union(revocation.Service(id))
		}
	}
	for _, p := range snap.Policies {
		scope = scope.Union(revocation.Policy(p.IdentityRoles, p.ServiceRoles))
	}
	return scope
}
