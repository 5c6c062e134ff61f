package typedconfig

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// Intercept describes ziti_intercept_v1_config.
var Intercept = &framework.Entity[interceptModel, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]{
	TypeName: "intercept_v1_config", Plural: "intercept_v1_configs", Kind: "intercept.v1 config",
	Description: "An `intercept.v1` config: the addresses, protocols and ports at which tunnelers and SDK clients (e.g. an agent pod's sidecar) " +
		"capture traffic for a service. Attach it to a service (with a `host.v1` config for the other side); an identity with a Dial grant on " +
		"the service then reaches it at these addresses, and nothing else is intercepted.",
	API:        client.Configs,
	Attributes: interceptAttributes(),
	// The controller names the data field it rejects ("portRanges.0.high"): its snake_case
	// is the attribute, so the framework's default mapping points at the right line.
	Mapping: intercept{},
}

// Host describes ziti_host_v1_config.
var Host = &framework.Entity[hostModel, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]{
	TypeName: "host_v1_config", Plural: "host_v1_configs", Kind: "host.v1 config",
	Description: "A `host.v1` config: where the hosting side of a service (a router or tunneler whose identity has a Bind grant) sends the " +
		"traffic clients dial, e.g. `127.0.0.1:8080` next to the LLM proxy. For each of protocol, address and port, write either the fixed " +
		"value (`protocol`, `address`, `port`) or forward what the client intercepted (`forward_*` = true with the matching `allowed_*`). " +
		"Health checks (`port_checks`, `http_checks`) let the hosting side take its terminator out of service (or make it costlier) while " +
		"the destination is down; `proxy` sends the traffic through an HTTP proxy. For several terminators with different settings, use " +
		"ziti_host_v2_config.",
	API:        client.Configs,
	Attributes: hostAttributes(),
	Mapping:    host{},
}

// HostV2 describes ziti_host_v2_config.
var HostV2 = &framework.Entity[hostV2Model, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]{
	TypeName: "host_v2_config", Plural: "host_v2_configs", Kind: "host.v2 config",
	Description: "A `host.v2` config: the hosting side of a service as a list of terminators, each with the settings of a " +
		"ziti_host_v1_config (fixed or forwarded protocol, address and port, listen options, health checks, proxy). The hosting " +
		"router or tunneler registers one terminator per entry, e.g. a primary backend and a fallback with `listen_options.precedence` " +
		"and health checks that fail it over. Attach it to a service in place of a host.v1 config (the hosting side uses host.v2 when a service has both).",
	API:        client.Configs,
	Attributes: hostV2Attributes(),
	Mapping:    hostV2{},
}

// intercept maps ziti_intercept_v1_config: its attributes are the config's data.
type intercept struct{}

func (intercept) DetailKeys(d *rest_model.ConfigDetail) (id, name string) { return configKeys(d) }

func (intercept) ToCreate(op *framework.Op, m *interceptModel) *rest_model.ConfigCreate {
	return createBody(op, ziticonfig.InterceptV1Type, &m.Base, interceptToData(op, m))
}

func (intercept) ToUpdate(op *framework.Op, m *interceptModel) *rest_model.ConfigUpdate {
	return updateBody(op, &m.Base, interceptToData(op, m))
}

func (intercept) FromDetail(op *framework.Op, d *rest_model.ConfigDetail, m *interceptModel) {
	var data ziticonfig.InterceptV1
	if readData(op, d, ziticonfig.InterceptV1Type, Intercept.TypeName, &m.Base, &data) {
		interceptFromData(op, data, m)
	}
}

// ListScope limits the data sources to intercept.v1 configs.
func (intercept) ListScope(op *framework.Op) (string, bool) {
	return typeScope(op, ziticonfig.InterceptV1Type)
}

func interceptToData(op *framework.Op, m *interceptModel) ziticonfig.InterceptV1 {
	d := ziticonfig.InterceptV1{
		Protocols:              framework.StringsFromSet(op, m.Protocols),
		Addresses:              framework.StringsFromSet(op, m.Addresses),
		PortRanges:             portRangesToAPI(op, m.PortRanges),
		SourceIP:               optionalString(m.SourceIP),
		AllowedSourceAddresses: framework.StringsFromSet(op, m.AllowedSourceAddresses),
	}
	if o := objectToAPI[dialOptionsModel](op, m.DialOptions); o != nil {
		d.DialOptions = &ziticonfig.DialOptions{Identity: optionalString(o.Identity), ConnectTimeoutSeconds: optionalInt64(o.ConnectTimeoutSeconds)}
	}
	return d
}

func interceptFromData(op *framework.Op, d ziticonfig.InterceptV1, m *interceptModel) {
	m.Protocols = framework.SetFromStrings(op, d.Protocols)
	m.Addresses = framework.SetFromStrings(op, d.Addresses)
	m.PortRanges = portRangesFromAPI(op, d.PortRanges)
	m.SourceIP = types.StringPointerValue(d.SourceIP)
	m.AllowedSourceAddresses = optionalStrings(op, d.AllowedSourceAddresses)
	var dial *dialOptionsModel
	if o := d.DialOptions; o != nil {
		dial = &dialOptionsModel{Identity: types.StringPointerValue(o.Identity), ConnectTimeoutSeconds: types.Int64PointerValue(o.ConnectTimeoutSeconds)}
	}
	m.DialOptions = objectFromAPI(op, dialOptionsAttributes, dial)
}

// host maps ziti_host_v1_config: its attributes are the config's data.
type host struct{}

func (host) DetailKeys(d *rest_model.ConfigDetail) (id, name string) { return configKeys(d) }

func (host) ToCreate(op *framework.Op, m *hostModel) *rest_model.ConfigCreate {
	return createBody(op, ziticonfig.HostV1Type, &m.Base, hostToData(op, m))
}

func (host) ToUpdate(op *framework.Op, m *hostModel) *rest_model.ConfigUpdate {
	return updateBody(op, &m.Base, hostToData(op, m))
}

func (host) FromDetail(op *framework.Op, d *rest_model.ConfigDetail, m *hostModel) {
	var data ziticonfig.HostV1
	if readData(op, d, ziticonfig.HostV1Type, Host.TypeName, &m.Base, &data) {
		hostFromData(op, data, m)
	}
}

// ListScope limits the data sources to host.v1 configs.
func (host) ListScope(op *framework.Op) (string, bool) {
	return typeScope(op, ziticonfig.HostV1Type)
}

// ValidateConfig checks host.v1's either/or settings (host_choices.go).
func (host) ValidateConfig(ctx context.Context, m *hostModel, diags *diag.Diagnostics) {
	validateHost(ctx, m, diags)
}

func hostToData(op *framework.Op, m *hostModel) ziticonfig.HostV1 {
	return terminatorToData(op, &m.hostTerminatorModel)
}

func hostFromData(op *framework.Op, d ziticonfig.HostV1, m *hostModel) {
	terminatorFromData(op, d, &m.hostTerminatorModel)
}

func terminatorToData(op *framework.Op, m *hostTerminatorModel) ziticonfig.HostV1 {
	d := ziticonfig.HostV1{
		Protocol:                   optionalString(m.Protocol),
		ForwardProtocol:            m.ForwardProtocol.ValueBool(),
		AllowedProtocols:           framework.StringsFromSet(op, m.AllowedProtocols),
		Address:                    optionalString(m.Address),
		ForwardAddress:             m.ForwardAddress.ValueBool(),
		AllowedAddresses:           framework.StringsFromSet(op, m.AllowedAddresses),
		ForwardAddressTranslations: translationsToAPI(op, m.ForwardAddressTranslations),
		Port:                       optionalInt64(m.Port),
		ForwardPort:                m.ForwardPort.ValueBool(),
		AllowedSourceAddresses:     framework.StringsFromSet(op, m.AllowedSourceAddresses),
		PortChecks:                 portChecksToAPI(op, m.PortChecks),
		HTTPChecks:                 httpChecksToAPI(op, m.HTTPChecks),
	}
	if ranges := portRangesToAPI(op, m.AllowedPortRanges); len(ranges) > 0 {
		d.AllowedPortRanges = ranges
	}
	if o := objectToAPI[listenOptionsModel](op, m.ListenOptions); o != nil {
		d.ListenOptions = &ziticonfig.ListenOptions{
			BindUsingEdgeIdentity: optionalBool(o.BindUsingEdgeIdentity), Identity: optionalString(o.Identity),
			Precedence: optionalString(o.Precedence), Cost: optionalInt64(o.Cost),
			ConnectTimeout: optionalString(o.ConnectTimeout), MaxConnections: optionalInt64(o.MaxConnections),
		}
	}
	if o := objectToAPI[proxyModel](op, m.Proxy); o != nil {
		d.Proxy = &ziticonfig.Proxy{Type: o.Type.ValueString(), Address: o.Address.ValueString()}
	}
	return d
}

func terminatorFromData(op *framework.Op, d ziticonfig.HostV1, m *hostTerminatorModel) {
	m.Protocol = types.StringPointerValue(d.Protocol)
	m.ForwardProtocol = types.BoolValue(d.ForwardProtocol)
	m.AllowedProtocols = optionalStrings(op, d.AllowedProtocols)
	m.Address = types.StringPointerValue(d.Address)
	m.ForwardAddress = types.BoolValue(d.ForwardAddress)
	m.AllowedAddresses = optionalStrings(op, d.AllowedAddresses)
	m.ForwardAddressTranslations = translationsFromAPI(op, d.ForwardAddressTranslations)
	m.Port = types.Int64PointerValue(d.Port)
	m.ForwardPort = types.BoolValue(d.ForwardPort)
	m.AllowedPortRanges = portRangesFromAPI(op, d.AllowedPortRanges)
	m.AllowedSourceAddresses = optionalStrings(op, d.AllowedSourceAddresses)
	var listen *listenOptionsModel
	if o := d.ListenOptions; o != nil {
		listen = &listenOptionsModel{
			BindUsingEdgeIdentity: types.BoolPointerValue(o.BindUsingEdgeIdentity), Identity: types.StringPointerValue(o.Identity),
			Precedence: types.StringPointerValue(o.Precedence), Cost: types.Int64PointerValue(o.Cost),
			ConnectTimeout: types.StringPointerValue(o.ConnectTimeout), MaxConnections: types.Int64PointerValue(o.MaxConnections),
		}
	}
	m.ListenOptions = objectFromAPI(op, listenOptionsAttributes, listen)
	m.PortChecks = portChecksFromAPI(op, d.PortChecks)
	m.HTTPChecks = httpChecksFromAPI(op, d.HTTPChecks)
	var proxy *proxyModel
	if p := d.Proxy; p != nil {
		proxy = &proxyModel{Type: types.StringValue(p.Type), Address: types.StringValue(p.Address)}
	}
	m.Proxy = objectFromAPI(op, proxyAttributes, proxy)
}

// hostV2 maps ziti_host_v2_config: its terminators are the config's data.
type hostV2 struct{}

func (hostV2) DetailKeys(d *rest_model.ConfigDetail) (id, name string) { return configKeys(d) }

func (hostV2) ToCreate(op *framework.Op, m *hostV2Model) *rest_model.ConfigCreate {
	return createBody(op, ziticonfig.HostV2Type, &m.Base, hostV2ToData(op, m))
}

func (hostV2) ToUpdate(op *framework.Op, m *hostV2Model) *rest_model.ConfigUpdate {
	return updateBody(op, &m.Base, hostV2ToData(op, m))
}

func (hostV2) FromDetail(op *framework.Op, d *rest_model.ConfigDetail, m *hostV2Model) {
	var data ziticonfig.HostV2
	if !readData(op, d, ziticonfig.HostV2Type, HostV2.TypeName, &m.Base, &data) {
		return
	}
	terminators := make([]hostTerminatorModel, len(data.Terminators))
	for i, t := range data.Terminators {
		terminatorFromData(op, t, &terminators[i])
	}
	elem := types.ObjectType{AttrTypes: attrTypes(hostTerminatorAttributes())}
	l, diags := types.ListValueFrom(op.Ctx, elem, terminators)
	op.Diags.Append(diags...)
	m.Terminators = l
}

// ListScope limits the data sources to host.v2 configs.
func (hostV2) ListScope(op *framework.Op) (string, bool) {
	return typeScope(op, ziticonfig.HostV2Type)
}

// ValidateConfig checks each terminator's either/or settings (host_choices.go).
func (hostV2) ValidateConfig(ctx context.Context, m *hostV2Model, diags *diag.Diagnostics) {
	validateHostV2(ctx, m, diags)
}

func hostV2ToData(op *framework.Op, m *hostV2Model) ziticonfig.HostV2 {
	terminators := listToAPI[hostTerminatorModel](op, m.Terminators)
	d := ziticonfig.HostV2{Terminators: make([]ziticonfig.HostV1, len(terminators))}
	for i := range terminators {
		d.Terminators[i] = terminatorToData(op, &terminators[i])
	}
	return d
}

// The helpers both typed configs' mappings use: a typed config is a config of one built-in
// type whose data is T, stored in /configs like any config.

// configKeys gives the id and name of a config.
func configKeys(d *rest_model.ConfigDetail) (id, name string) {
	return framework.Deref(d.ID), framework.Deref(d.Name)
}

// createBody is the POST body of a config of the built-in type configType with data.
func createBody(op *framework.Op, configType string, b *framework.Base, data any) *rest_model.ConfigCreate {
	typeID, ok := framework.BuiltInConfigTypeID(op, configType)
	if !ok {
		return nil
	}
	return &rest_model.ConfigCreate{Name: b.Name.ValueStringPointer(), ConfigTypeID: &typeID, Data: data, Tags: framework.TagsToAPI(op, b.Tags)}
}

// updateBody is the PUT body. The config type cannot change, so it carries no type: the
// controller keeps the config's own.
func updateBody(op *framework.Op, b *framework.Base, data any) *rest_model.ConfigUpdate {
	return &rest_model.ConfigUpdate{Name: b.Name.ValueStringPointer(), Data: data, Tags: framework.TagsToAPI(op, b.Tags)}
}

// readData checks that the config is of configType (the resource or data source typeName
// manages only those) and decodes its data into data; false when it reported an error.
func readData(op *framework.Op, d *rest_model.ConfigDetail, configType, typeName string, b *framework.Base, data any) bool {
	if got := typeNameOf(d); got != configType {
		op.Diags.AddError(fmt.Sprintf("The config %q is of type %s, not %s", framework.Deref(d.Name), got, configType),
			fmt.Sprintf("Config %s (%q) has the config type %q; ziti_%s manages %s configs only. "+
				"Use the resource or data source of its type (ziti_config for any type), or give the id of a %s config.",
				framework.Deref(d.ID), framework.Deref(d.Name), got, typeName, configType, configType))
		return false
	}
	if err := ziticonfig.Decode(d.Data, data); err != nil {
		op.Diags.AddError(fmt.Sprintf("Cannot read the data of config %s", framework.Deref(d.ID)),
			fmt.Sprintf("The config's data does not have the shape of its type %s: %v", configType, err))
		return false
	}
	b.SetFromAPI(op, d.ID, d.Name, d.Tags)
	return true
}

// typeScope is the data sources' restriction to configs of one type.
func typeScope(op *framework.Op, configType string) (string, bool) {
	id, ok := framework.BuiltInConfigTypeID(op, configType)
	return "type = " + framework.QuoteZitiQL(id), ok
}

func typeNameOf(d *rest_model.ConfigDetail) string {
	if d.ConfigType != nil {
		return d.ConfigType.Name
	}
	return ""
}
