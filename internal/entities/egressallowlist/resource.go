package egressallowlist

import (
	"context"
	"net"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/agentfence/terraform-provider-ziti/internal/composite"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// destinationKey identifies a destination: a host may be listed once per protocol.
func destinationKey(protocol, host string) string { return protocol + ":" + host }

func interceptKey(dk string) string { return composite.Key(composite.KindConfig, "intercept/"+dk) }
func hostKey(dk string) string      { return composite.Key(composite.KindConfig, "host/"+dk) }
func serviceKey(dk string) string   { return composite.Key(composite.KindService, dk) }

// Spec describes ziti_egress_allowlist to the composite machinery.
var Spec = &composite.Spec[model]{
	TypeName:   "egress_allowlist",
	Noun:       "egress allowlist",
	Schema:     func() schema.Schema { return resourceSchema() },
	PrimaryKey: composite.KeyDial,
	Mapping:    mapping{},
}

// mapping is ziti_egress_allowlist's side of the composite machinery: one intercept and host
// config and one service per destination, one Dial and one Bind policy (and optionally a
// router policy), and how the controller's state maps back. The children's ids are kept in
// owned_ids, keyed by child key.
type mapping struct{}

func (mapping) SetIDsUnknown(m *model) {
	m.OwnedIDs, m.ID = types.MapUnknown(types.StringType), types.StringUnknown()
}

func (x mapping) ImportState(name string, ids composite.IDs) map[string]attr.Value {
	var m model
	m.Name = types.StringValue(name)
	x.SetIDs(&m, ids)
	return map[string]attr.Value{"name": m.Name, "id": m.ID, "owned_ids": m.OwnedIDs}
}

// NewResource is ziti_egress_allowlist, with its own plan-time checks on top of the shared CRUD.
func NewResource() resource.Resource {
	return &allowlist{Resource: composite.New(Spec)}
}

type allowlist struct{ *composite.Resource[model] }

var _ resource.ResourceWithValidateConfig = (*allowlist)(nil)

// ValidateConfig rejects, at plan time, a host listed twice for one protocol (which ports
// would apply?), destinations whose owned entities would get the same names, and catch-all
// destinations unless allow_catch_all is set.
func (a *allowlist) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var dests types.Set
	var allow types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("destination"), &dests)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("allow_catch_all"), &allow)...)
	if dests.IsNull() || dests.IsUnknown() || allow.IsUnknown() {
		return
	}
	var known []dest
	for _, d := range destinationsOf(&framework.Op{Ctx: ctx, Diags: &resp.Diagnostics}, dests) {
		if d.Host.IsUnknown() || d.Protocol.IsUnknown() {
			continue
		}
		known = append(known, dest{Host: d.Host.ValueString(), Protocol: d.Protocol.ValueString()})
	}
	for _, p := range checkDestinations(known, allow.ValueBool()) {
		resp.Diagnostics.AddAttributeError(path.Root("destination"), p.Summary, p.Detail)
	}
}

var destinationType = basetypes.ObjectType{AttrTypes: map[string]attr.Type{
	"host": types.StringType, "ports": types.SetType{ElemType: types.Int64Type}, "protocol": types.StringType,
	"connect_address": types.StringType, "connect_port": types.Int64Type,
}}

func destinationsOf(op *framework.Op, s types.Set) []destinationModel {
	var out []destinationModel
	if !s.IsNull() && !s.IsUnknown() {
		op.Diags.Append(s.ElementsAs(op.Ctx, &out, false)...)
	}
	return out
}

// forwardsAddress: a wildcard or a CIDR names many hosts, so the gateway must connect to the
// one the agent dialed.
func forwardsAddress(host string) bool {
	if strings.HasPrefix(host, "*.") {
		return true
	}
	_, _, err := net.ParseCIDR(host)
	return err == nil
}

func (mapping) Children(op *framework.Op, m *model, types composite.ConfigTypes) []composite.Child {
	name := m.Name.ValueString()
	var out []composite.Child
	var services []string
	for _, d := range destinationsOf(op, m.Destinations) {
		host, proto := NormalizeHost(d.Host.ValueString()), d.Protocol.ValueString()
		dk := destinationKey(proto, host)
		ports := framework.Int64s(op, d.Ports)
		base := DestinationServiceName(name, proto, host)
		hostData := ziticonfig.HostV1{Protocol: &proto}
		switch {
		case !d.ConnectAddress.IsNull():
			a := d.ConnectAddress.ValueString()
			hostData.Address = &a
		case forwardsAddress(host):
			hostData.ForwardAddress, hostData.AllowedAddresses = true, []string{host}
		default:
			hostData.Address = &host
		}
		if d.ConnectPort.IsNull() {
			hostData.ForwardPort, hostData.AllowedPortRanges = true, ziticonfig.RangesForPorts(ports)
		} else {
			p := d.ConnectPort.ValueInt64()
			hostData.Port = &p
		}
		out = append(out,
			composite.Child{Key: interceptKey(dk), Name: base + "-intercept", ConfigTypeID: types.Intercept,
				Data: ziticonfig.InterceptV1{Protocols: []string{proto}, Addresses: []string{host}, PortRanges: ziticonfig.RangesForPorts(ports)}},
			composite.Child{Key: hostKey(dk), Name: base + "-host", ConfigTypeID: types.Host, Data: hostData},
			composite.Child{Key: serviceKey(dk), Name: base, ConfigKeys: []string{interceptKey(dk), hostKey(dk)}},
		)
		services = append(services, serviceKey(dk))
	}
	sort.Strings(services)
	return append(out, m.GrantChildren(name, services,
		composite.Roles{Attr: "identity_roles", Kind: framework.IdentityRoles, Set: m.IdentityRoles},
		composite.Roles{Attr: "gateway_roles", Kind: framework.IdentityRoles, Set: m.GatewayRoles})...)
}

// wantKeys are the keys of the children m wants.
func (mapping) WantKeys(m *model) []string {
	var keys []string
	var dests []destinationModel
	if !m.Destinations.IsNull() && !m.Destinations.IsUnknown() {
		// A set of objects of this type always converts; an error would only mean no keys.
		_ = m.Destinations.ElementsAs(context.Background(), &dests, false)
	}
	for _, d := range dests {
		dk := destinationKey(d.Protocol.ValueString(), NormalizeHost(d.Host.ValueString()))
		keys = append(keys, interceptKey(dk), hostKey(dk), serviceKey(dk))
	}
	return append(keys, m.GrantKeys()...)
}

// readBack rebuilds the destinations and roles from what the controller holds. A destination
// whose entities are partly gone keeps its configured form (the apply re-creates them).
func (mapping) ReadBack(op *framework.Op, m *model, s composite.Snapshot) {
	prior := map[string]destinationModel{}
	for _, d := range destinationsOf(op, m.Destinations) {
		prior[destinationKey(d.Protocol.ValueString(), NormalizeHost(d.Host.ValueString()))] = d
	}
	var dests []destinationModel
	for key := range (mapping{}).IDs(m) {
		dk, ok := strings.CutPrefix(key, composite.Key(composite.KindService, ""))
		if !ok {
			continue
		}
		d, ok := destinationFrom(op, s, dk, prior[dk])
		if !ok {
			if p, known := prior[dk]; known {
				d = p
			} else {
				continue
			}
		}
		dests = append(dests, d)
	}
	set, diags := types.SetValueFrom(op.Ctx, destinationType, dests)
	op.Diags.Append(diags...)
	m.Destinations = set
	if m.AllowCatchAll.IsNull() || m.AllowCatchAll.IsUnknown() {
		// On import: what a configuration of these destinations must say.
		catchAll := false
		for _, d := range dests {
			catchAll = catchAll || CatchAll(d.Host.ValueString()) != ""
		}
		m.AllowCatchAll = types.BoolValue(catchAll)
	}
	if p := s.Policies[composite.KeyDial]; p != nil {
		m.Name = types.StringValue(strings.TrimSuffix(framework.Deref(p.Name), "-dial"))
		m.Tags = composite.UserTags(op, p.Tags)
	}
	m.ReadGrants(op, s, &m.IdentityRoles, &m.GatewayRoles)
}

// destinationFrom maps one destination's configs back; prior keeps the user's spelling of a
// connect_address that equals the host.
func destinationFrom(op *framework.Op, s composite.Snapshot, dk string, prior destinationModel) (destinationModel, bool) {
	var intercept ziticonfig.InterceptV1
	var host ziticonfig.HostV1
	ic, hc := s.Configs[interceptKey(dk)], s.Configs[hostKey(dk)]
	if ic == nil || hc == nil || !composite.DecodeConfig(ic, &intercept) || !composite.DecodeConfig(hc, &host) ||
		len(intercept.Addresses) != 1 || len(intercept.Protocols) != 1 {
		return destinationModel{}, false
	}
	d := destinationModel{Host: types.StringValue(intercept.Addresses[0]), Protocol: types.StringValue(intercept.Protocols[0]),
		ConnectAddress: types.StringNull(), ConnectPort: types.Int64PointerValue(host.Port)}
	if strings.EqualFold(prior.Host.ValueString(), intercept.Addresses[0]) {
		d.Host = prior.Host // the user's spelling of the same host
	}
	ports, ok := composite.ExpandPorts(intercept.PortRanges)
	if !ok {
		return destinationModel{}, false
	}
	d.Ports = framework.Int64Set(op, ports)
	if host.Address != nil && (*host.Address != intercept.Addresses[0] || !prior.ConnectAddress.IsNull()) {
		d.ConnectAddress = types.StringValue(*host.Address)
	}
	return d, true
}

func (mapping) IDs(m *model) composite.IDs {
	ids := composite.IDs{}
	if m.OwnedIDs.IsNull() || m.OwnedIDs.IsUnknown() {
		return ids
	}
	var values map[string]string
	// A map of strings always converts; an error here would only mean no ids.
	_ = m.OwnedIDs.ElementsAs(context.Background(), &values, false)
	for k, v := range values {
		ids[k] = v
	}
	return ids
}

func (x mapping) SetIDs(m *model, ids composite.IDs) {
	elems := map[string]attr.Value{}
	for k, v := range ids {
		elems[k] = types.StringValue(v)
	}
	m.OwnedIDs = types.MapValueMust(types.StringType, elems)
	if id, ok := ids[composite.KeyDial]; ok {
		m.ID = types.StringValue(id)
	} else {
		m.ID = types.StringNull()
	}
}
