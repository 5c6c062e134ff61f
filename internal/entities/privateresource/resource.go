package privateresource

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

var (
	keyIntercept = composite.Key(composite.KindConfig, "intercept")
	keyHost      = composite.Key(composite.KindConfig, "host")
	keyService   = composite.Key(composite.KindService, "service")
)

// Spec describes ziti_private_resource to the composite machinery.
var Spec = &composite.Spec[model]{
	TypeName:   "private_resource",
	Noun:       "private resource",
	Schema:     func() schema.Schema { return resourceSchema() },
	PrimaryKey: keyService,
	Mapping:    mapping{},
}

// mapping is ziti_private_resource's side of the composite machinery: the children it wants
// (configs, service, Dial/Bind and router policies) and how the controller's state maps back.
type mapping struct{}

func (x mapping) ImportState(name string, ids composite.IDs) map[string]attr.Value {
	var m model
	m.Name = types.StringValue(name)
	x.SetIDs(&m, ids)
	out := map[string]attr.Value{"name": m.Name, "id": m.ID}
	for key, f := range idFields(&m) {
		out[idAttribute[key]] = *f
	}
	return out
}

// WantKeys are the keys of the children m wants.
func (mapping) WantKeys(m *model) []string {
	return append([]string{keyIntercept, keyHost, keyService}, m.GrantKeys()...)
}

// Children is what the resource wants on the controller.
func (mapping) Children(op *framework.Op, m *model, types composite.ConfigTypes) []composite.Child {
	name := m.Name.ValueString()
	ports := framework.Int64s(op, m.Ports)
	protos := framework.StringsFromSet(op, m.Protocols)
	intercept := ziticonfig.InterceptV1{Protocols: protos, Addresses: []string{m.Address.ValueString()}, PortRanges: ziticonfig.RangesForPorts(ports)}
	target := m.TargetAddress.ValueString()
	host := ziticonfig.HostV1{Address: &target}
	if len(protos) == 1 {
		host.Protocol = &protos[0]
	} else {
		host.ForwardProtocol, host.AllowedProtocols = true, protos
	}
	if m.TargetPort.IsNull() {
		host.ForwardPort, host.AllowedPortRanges = true, ziticonfig.RangesForPorts(ports)
	} else {
		p := m.TargetPort.ValueInt64()
		host.Port = &p
	}
	out := []composite.Child{
		{Key: keyIntercept, Name: name + "-intercept", ConfigTypeID: types.Intercept, Data: intercept},
		{Key: keyHost, Name: name + "-host", ConfigTypeID: types.Host, Data: host},
		{Key: keyService, Name: name, ConfigKeys: []string{keyIntercept, keyHost}},
	}
	return append(out, m.GrantChildren(name, []string{keyService},
		composite.Roles{Attr: "dial_roles", Kind: framework.IdentityRoles, Set: m.DialRoles},
		composite.Roles{Attr: "host_roles", Kind: framework.IdentityRoles, Set: m.HostRoles})...)
}

// ReadBack writes what the controller holds into m, so that changes made outside Terraform
// show as attribute changes in the plan, keeping the user's spelling where it means the same.
func (mapping) ReadBack(op *framework.Op, m *model, s composite.Snapshot) {
	if svc := s.Services[keyService]; svc != nil {
		m.Name = types.StringValue(framework.Deref(svc.Name))
		m.Tags = composite.UserTags(op, svc.Tags)
	}
	var intercept ziticonfig.InterceptV1
	if d := s.Configs[keyIntercept]; d != nil && composite.DecodeConfig(d, &intercept) {
		if len(intercept.Addresses) == 1 {
			m.Address = types.StringValue(intercept.Addresses[0])
		}
		m.Protocols = framework.SetFromStrings(op, intercept.Protocols)
		if ports, ok := composite.ExpandPorts(intercept.PortRanges); ok {
			m.Ports = framework.Int64Set(op, ports)
		}
	}
	var host ziticonfig.HostV1
	if d := s.Configs[keyHost]; d != nil && composite.DecodeConfig(d, &host) {
		if host.Address != nil {
			m.TargetAddress = types.StringValue(*host.Address)
		}
		m.TargetPort = types.Int64PointerValue(host.Port)
	}
	m.ReadGrants(op, s, &m.DialRoles, &m.HostRoles)
}

// idAttribute names the model attribute that holds each child's id.
var idAttribute = map[string]string{keyIntercept: "intercept_config_id", keyHost: "host_config_id", keyService: "service_id",
	composite.KeyDial: "dial_policy_id", composite.KeyBind: "bind_policy_id", composite.KeyRouters: "service_edge_router_policy_id"}

func idFields(m *model) map[string]*types.String {
	return map[string]*types.String{keyIntercept: &m.InterceptConfigID, keyHost: &m.HostConfigID, keyService: &m.ServiceID,
		composite.KeyDial: &m.DialPolicyID, composite.KeyBind: &m.BindPolicyID, composite.KeyRouters: &m.ServiceEdgeRouterPolicyID}
}

func (mapping) IDs(m *model) composite.IDs {
	ids := composite.IDs{}
	for key, f := range idFields(m) {
		if !f.IsNull() && !f.IsUnknown() && f.ValueString() != "" {
			ids[key] = f.ValueString()
		}
	}
	return ids
}

func (mapping) SetIDs(m *model, ids composite.IDs) {
	for key, f := range idFields(m) {
		if id, ok := ids[key]; ok {
			*f = types.StringValue(id)
		} else {
			*f = types.StringNull()
		}
	}
	m.ID = m.ServiceID
}

func (mapping) SetIDsUnknown(m *model) {
	for _, f := range idFields(m) {
		*f = types.StringUnknown()
	}
	if m.EdgeRouterRoles.IsNull() {
		m.ServiceEdgeRouterPolicyID = types.StringNull()
	}
	m.ID = types.StringUnknown()
}
