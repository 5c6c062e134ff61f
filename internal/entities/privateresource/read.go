package privateresource

import (
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// owned is what the controller holds of the resource's entities (nil: gone).
type owned struct {
	ids       composite.IDs
	intercept *rest_model.ConfigDetail
	host      *rest_model.ConfigDetail
	service   *rest_model.ServiceDetail
	dial      *rest_model.ServicePolicyDetail
	bind      *rest_model.ServicePolicyDetail
	routers   *rest_model.ServiceEdgeRouterPolicyDetail
}

// readChildren reads each owned entity once; a 404 leaves it nil.
func readChildren(op *framework.Op, ids composite.IDs) owned {
	o := owned{ids: ids}
	get := func(key string, read func(id string) error) {
		id, ok := ids[key]
		if !ok || op.Failed() {
			return
		}
		if err := read(id); err != nil && !client.IsNotFound(err) {
			framework.AddAPIError(op.Diags, "read", "owned entity "+key, err)
		}
	}
	get(keyIntercept, func(id string) (err error) { o.intercept, err = client.Configs.Get(op.Ctx, op.Client, id); return })
	get(keyHost, func(id string) (err error) { o.host, err = client.Configs.Get(op.Ctx, op.Client, id); return })
	get(keyService, func(id string) (err error) { o.service, err = client.Services.Get(op.Ctx, op.Client, id); return })
	get(keyDial, func(id string) (err error) { o.dial, err = client.ServicePolicies.Get(op.Ctx, op.Client, id); return })
	get(keyBind, func(id string) (err error) { o.bind, err = client.ServicePolicies.Get(op.Ctx, op.Client, id); return })
	get(keyRouters, func(id string) (err error) { o.routers, err = client.ServiceEdgeRouterPolicies.Get(op.Ctx, op.Client, id); return })
	return o
}

// apply writes what the controller holds into m, so that changes made outside Terraform show
// as attribute changes in the plan, keeping the user's spelling where it means the same. It
// returns the owned entities that are gone.
func (o owned) apply(op *framework.Op, m *model) []string {
	var missing []string
	gone := func(key, what string) bool {
		_, known := o.ids[key]
		if known {
			missing = append(missing, what)
		}
		return known
	}
	if o.service != nil {
		m.Name = types.StringValue(deref(o.service.Name))
		m.Tags = userTags(op, o.service.Tags)
	} else {
		gone(keyService, "the service")
	}
	var intercept ziticonfig.InterceptV1
	if o.intercept != nil && decode(o.intercept, &intercept) {
		if len(intercept.Addresses) == 1 {
			m.Address = types.StringValue(intercept.Addresses[0])
		}
		m.Protocols = framework.SetFromStrings(op, intercept.Protocols)
		if ports, ok := expand(intercept.PortRanges); ok {
			m.Ports = int64Set(op, ports)
		}
	} else if o.intercept == nil {
		gone(keyIntercept, "the intercept.v1 config")
	}
	var host ziticonfig.HostV1
	if o.host != nil && decode(o.host, &host) {
		if host.Address != nil {
			m.TargetAddress = types.StringValue(*host.Address)
		}
		m.TargetPort = types.Int64PointerValue(host.Port)
	} else if o.host == nil {
		gone(keyHost, "the host.v1 config")
	}
	if o.dial != nil {
		m.DialRoles = framework.RolesFromAPI(op, o.dial.IdentityRoles, o.dial.IdentityRolesDisplay, m.DialRoles)
		m.PostureCheckRoles = framework.RolesFromAPI(op, o.dial.PostureCheckRoles, o.dial.PostureCheckRolesDisplay, m.PostureCheckRoles)
	} else {
		gone(keyDial, "the Dial policy")
	}
	if o.bind != nil {
		m.HostRoles = framework.RolesFromAPI(op, o.bind.IdentityRoles, o.bind.IdentityRolesDisplay, m.HostRoles)
	} else {
		gone(keyBind, "the Bind policy")
	}
	if o.routers != nil {
		m.EdgeRouterRoles = framework.RolesFromAPI(op, o.routers.EdgeRouterRoles, o.routers.EdgeRouterRolesDisplay, m.EdgeRouterRoles)
	} else if _, known := o.ids[keyRouters]; known {
		gone(keyRouters, "the service edge router policy")
	}
	return missing
}

// decode reads a config's data into its typed form.
func decode(d *rest_model.ConfigDetail, into any) bool {
	raw, err := json.Marshal(d.Data)
	return err == nil && json.Unmarshal(raw, into) == nil
}

// expand lists the ports of ranges, refusing absurd sizes (a range edited to 1-65535
// outside Terraform is shown by keeping the state's ports and the apply rewriting them).
func expand(ranges []ziticonfig.PortRange) ([]int64, bool) {
	var out []int64
	for _, r := range ranges {
		if r.High-r.Low > 1024 {
			return nil, false
		}
		for p := r.Low; p <= r.High; p++ {
			out = append(out, p)
		}
	}
	return out, true
}

func int64Set(op *framework.Op, values []int64) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.Int64Value(v)
	}
	s, diags := types.SetValue(types.Int64Type, elems)
	op.Diags.Append(diags...)
	return s
}

// userTags are the service's tags without the ownership marks the resource adds.
func userTags(op *framework.Op, tags *rest_model.Tags) types.Map {
	clean := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	if tags != nil {
		for k, v := range tags.SubTags {
			switch k {
			case "managed-by", "ziti-composite", "ziti-composite-name":
			default:
				clean.SubTags[k] = v
			}
		}
	}
	return framework.TagsFromAPI(op, clean)
}
