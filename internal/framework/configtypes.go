package framework

import (
	"fmt"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// BuiltInConfigTypeID finds the id of a config type every controller has (intercept.v1,
// host.v1) by its name. Today these ids are the same on every controller, but the API only
// promises the names.
func BuiltInConfigTypeID(op *Op, name string) (string, bool) {
	found, err := client.ConfigTypes.Lookup(op.Ctx, op.Client, NameFilter(name)) // once per run
	if err != nil {
		AddAPIError(op.Diags, "look up", "config type "+name, err)
		return "", false
	}
	if len(found) != 1 || found[0].ID == nil {
		op.Diags.AddError("No config type "+name,
			fmt.Sprintf("The controller has %d config types named %q; it is built into every OpenZiti controller, so this controller is not one the provider supports.", len(found), name))
		return "", false
	}
	return *found[0].ID, true
}
