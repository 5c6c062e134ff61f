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
var Intercept = typedConfigEntity(configEntity[interceptModel]{
	TypeName: "intercept_v1_config", Plural: "intercept_v1_configs", Kind: "intercept.v1 config",
	Description: "An `intercept.v1` config: the addresses, protocols and ports at which tunnelers and SDK clients (e.g. an agent pod's sidecar) " +
		"capture traffic for a service. Attach it to a service (with a `host.v1` config for the other side); an identity with a Dial grant on " +
		"the service then reaches it at these addresses, and nothing else is intercepted.",
	Attributes: interceptAttributes(),
	// The controller names the data field it rejects ("portRanges.0.high"): its snake_case
	// is the attribute, so the framework's default mapping points at the right line.
}, typedConfig[interceptModel, ziticonfig.InterceptV1]{
	configType: ziticonfig.InterceptV1Type, toData: interceptToData, fromData: interceptFromData,
})

// Host describes ziti_host_v1_config.
var Host = typedConfigEntity(configEntity[hostModel]{
	TypeName: "host_v1_config", Plural: "host_v1_configs", Kind: "host.v1 config",
	Description: "A `host.v1` config: where the hosting side of a service (a router or tunneler whose identity has a Bind grant) sends the " +
		"traffic clients dial, e.g. `127.0.0.1:8080` next to the LLM proxy. For each of protocol, address and port, write either the fixed " +
		"value (`protocol`, `address`, `port`) or forward what the client intercepted (`forward_*` = true with the matching `allowed_*`). " +
		"Health checks (`port_checks`, `http_checks`) let the hosting side take its terminator out of service (or make it costlier) while " +
		"the destination is down; `proxy` sends the traffic through an HTTP proxy. For several terminators with different settings, use " +
		"ziti_host_v2_config.",
	Attributes: hostAttributes(),
}, typedConfig[hostModel, ziticonfig.HostV1]{
	configType: ziticonfig.HostV1Type, toData: hostToData, fromData: hostFromData,
	// host.v1's either/or settings (host_choices.go).
	validate: validateHost,
})

// HostV2 describes ziti_host_v2_config.
var HostV2 = typedConfigEntity(configEntity[hostV2Model]{
	TypeName: "host_v2_config", Plural: "host_v2_configs", Kind: "host.v2 config",
	Description: "A `host.v2` config: the hosting side of a service as a list of terminators, each with the settings of a " +
		"ziti_host_v1_config (fixed or forwarded protocol, address and port, listen options, health checks, proxy). The hosting " +
		"router or tunneler registers one terminator per entry, e.g. a primary backend and a fallback with `listen_options.precedence` " +
		"and health checks that fail it over. Attach it to a service in place of a host.v1 config (the hosting side uses host.v2 when a service has both).",
	Attributes: hostV2Attributes(),
}, typedConfig[hostV2Model, ziticonfig.HostV2]{
	configType: ziticonfig.HostV2Type, toData: hostV2ToData, fromData: hostV2FromData,
	// each terminator's either/or settings (host_choices.go).
	validate: validateHostV2,
})

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

func hostV2FromData(op *framework.Op, d ziticonfig.HostV2, m *hostV2Model) {
	terminators := make([]hostTerminatorModel, len(d.Terminators))
	for i, t := range d.Terminators {
		terminatorFromData(op, t, &terminators[i])
	}
	elem := types.ObjectType{AttrTypes: attrTypes(hostTerminatorAttributes())}
	l, diags := types.ListValueFrom(op.Ctx, elem, terminators)
	op.Diags.Append(diags...)
	m.Terminators = l
}

func hostV2ToData(op *framework.Op, m *hostV2Model) ziticonfig.HostV2 {
	terminators := listToAPI[hostTerminatorModel](op, m.Terminators)
	d := ziticonfig.HostV2{Terminators: make([]ziticonfig.HostV1, len(terminators))}
	for i := range terminators {
		d.Terminators[i] = terminatorToData(op, &terminators[i])
	}
	return d
}

// configEntity is the description of a typed config's resource and data sources: a config in
// /configs whose model is M.
type configEntity[M any] = framework.Entity[M, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]

// typedConfigEntity completes e with what every typed config shares: it lives in /configs like
// any config, and m (told the resource's name for its errors) maps it. A mapping with a
// validate step is handed to the framework as a validatedTypedConfig, so that only those
// entities validate their configuration.
func typedConfigEntity[M, T any](e configEntity[M], m typedConfig[M, T]) *configEntity[M] {
	m.typeName = e.TypeName
	e.API = client.Configs
	e.Mapping = m
	if m.validate != nil {
		e.Mapping = validatedTypedConfig[M, T]{m}
	}
	return &e
}

// typedConfig maps the resource of one built-in config type whose data is T: the attributes of
// its model M are the config's data, converted by toData and fromData. Everything else is the
// same for every typed config, and written here once.
type typedConfig[M, T any] struct {
	// configType is the built-in config type, e.g. ziticonfig.InterceptV1Type.
	configType string
	// typeName is the resource's type name (set by typedConfigEntity), for the error on a
	// config of another type.
	typeName string
	toData   func(op *framework.Op, m *M) T
	fromData func(op *framework.Op, d T, m *M)
	// validate, if set, checks the settings attribute validators cannot (host_choices.go).
	validate func(ctx context.Context, m *M, diags *diag.Diagnostics)
}

// validatedTypedConfig is a typedConfig with a validate step (framework.WithValidateConfig).
type validatedTypedConfig[M, T any] struct{ typedConfig[M, T] }

func (c validatedTypedConfig[M, T]) ValidateConfig(ctx context.Context, m *M, diags *diag.Diagnostics) {
	c.validate(ctx, m, diags)
}

// baseOf is the id, name and tags every model embeds (framework.Base). A model without it is
// a programming error, refused by the framework's CRUD when the entity is registered.
func baseOf[M any](m *M) *framework.Base {
	withBase, ok := any(m).(interface{ EntityBase() *framework.Base })
	if !ok {
		panic(fmt.Sprintf("typed config model %T does not embed framework.Base", m))
	}
	return withBase.EntityBase()
}

// ToCreate is the POST body of a config of the built-in type with the model's data.
func (c typedConfig[M, T]) ToCreate(op *framework.Op, m *M) *rest_model.ConfigCreate {
	data := c.toData(op, m)
	typeID, ok := framework.BuiltInConfigTypeID(op, c.configType)
	if !ok {
		return nil
	}
	b := baseOf(m)
	return &rest_model.ConfigCreate{Name: b.Name.ValueStringPointer(), ConfigTypeID: &typeID, Data: data, Tags: framework.TagsToAPI(op, b.Tags)}
}

// ToUpdate is the PUT body. The config type cannot change, so it carries no type: the
// controller keeps the config's own.
func (c typedConfig[M, T]) ToUpdate(op *framework.Op, m *M) *rest_model.ConfigUpdate {
	data := c.toData(op, m)
	b := baseOf(m)
	return &rest_model.ConfigUpdate{Name: b.Name.ValueStringPointer(), Data: data, Tags: framework.TagsToAPI(op, b.Tags)}
}

// FromDetail checks that the config is of the mapping's type (the resource and its data
// sources manage only those), decodes its data and writes it into m.
func (c typedConfig[M, T]) FromDetail(op *framework.Op, d *rest_model.ConfigDetail, m *M) {
	if got := typeNameOf(d); got != c.configType {
		op.Diags.AddError(fmt.Sprintf("The config %q is of type %s, not %s", framework.Deref(d.Name), got, c.configType),
			fmt.Sprintf("Config %s (%q) has the config type %q; ziti_%s manages %s configs only. "+
				"Use the resource or data source of its type (ziti_config for any type), or give the id of a %s config.",
				framework.Deref(d.ID), framework.Deref(d.Name), got, c.typeName, c.configType, c.configType))
		return
	}
	var data T
	if err := ziticonfig.Decode(d.Data, &data); err != nil {
		op.Diags.AddError(fmt.Sprintf("Cannot read the data of config %s", framework.Deref(d.ID)),
			fmt.Sprintf("The config's data does not have the shape of its type %s: %v", c.configType, err))
		return
	}
	baseOf(m).SetFromAPI(op, d.ID, d.Name, d.Tags)
	c.fromData(op, data, m)
}

// ListScope limits the data sources to configs of the mapping's type.
func (c typedConfig[M, T]) ListScope(op *framework.Op) (string, bool) {
	id, ok := framework.BuiltInConfigTypeID(op, c.configType)
	return "type = " + framework.QuoteZitiQL(id), ok
}

func typeNameOf(d *rest_model.ConfigDetail) string {
	if d.ConfigType != nil {
		return d.ConfigType.Name
	}
	return ""
}
