package typedconfig

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

type hostModel struct {
	common
	Protocol               types.String `tfsdk:"protocol"`
	ForwardProtocol        types.Bool   `tfsdk:"forward_protocol"`
	AllowedProtocols       types.Set    `tfsdk:"allowed_protocols"`
	Address                types.String `tfsdk:"address"`
	ForwardAddress         types.Bool   `tfsdk:"forward_address"`
	AllowedAddresses       types.Set    `tfsdk:"allowed_addresses"`
	Port                   types.Int64  `tfsdk:"port"`
	ForwardPort            types.Bool   `tfsdk:"forward_port"`
	AllowedPortRanges      types.Set    `tfsdk:"allowed_port_ranges"`
	AllowedSourceAddresses types.Set    `tfsdk:"allowed_source_addresses"`
	ListenOptions          types.Object `tfsdk:"listen_options"`
}

type listenOptionsModel struct {
	BindUsingEdgeIdentity types.Bool   `tfsdk:"bind_using_edge_identity"`
	Identity              types.String `tfsdk:"identity"`
	Precedence            types.String `tfsdk:"precedence"`
	Cost                  types.Int64  `tfsdk:"cost"`
	ConnectTimeout        types.String `tfsdk:"connect_timeout"`
	MaxConnections        types.Int64  `tfsdk:"max_connections"`
}

// framework.TerminatorPrecedences of the terminators a hosting identity creates, as the controller names them.

var listenOptionsAttributes = map[string]schema.Attribute{
	"bind_using_edge_identity": schema.BoolAttribute{Optional: true,
		MarkdownDescription: "Name the hosting terminator after the hosting tunneler's identity, so that clients can address one host with `dial_options.identity` (same as `identity = \"$tunneler_id.name\"`)."},
	"identity": schema.StringAttribute{Optional: true,
		MarkdownDescription: "Name the hosting terminator with this identity string; `$tunneler_id.name` and `$tunneler_id.tag[<tag>]` are replaced by the hosting tunneler's name and tag values."},
	"precedence": schema.StringAttribute{Optional: true,
		MarkdownDescription: "Precedence of the terminator for smart routing: " + framework.QuotedList(framework.TerminatorPrecedences) + ". The controller uses `default` when unset.",
		Validators:          []validator.String{stringvalidator.OneOf(framework.TerminatorPrecedences...)}},
	"cost": schema.Int64Attribute{Optional: true,
		MarkdownDescription: "Cost of the terminator for smart routing, 0 to 65535 (lower is preferred). 0 when unset.",
		Validators:          []validator.Int64{int64validator.Between(0, 65535)}},
	"connect_timeout": schema.StringAttribute{Optional: true,
		MarkdownDescription: "How long the hosting side waits for its outbound connection, as a duration (`5s`, `1m`). `5s` when unset.",
		Validators:          []validator.String{framework.DurationValidator()}},
	"max_connections": schema.Int64Attribute{Optional: true,
		MarkdownDescription: "Number of terminators (connections to edge routers) the hosting side establishes, at least 1. 3 when unset.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)}},
}

// forwardFlag is one forward_* attribute: the hosting side dials what the client intercepted.
func forwardFlag(what, fixed, allowed string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
		MarkdownDescription: fmt.Sprintf("Dial the %s the client intercepted instead of a fixed `%s`; needs `%s`. Exclusive with `%s`. Default `false`.",
			what, fixed, allowed, fixed)}
}

// Host is ziti_host_v1_config.
var Host = newEntity(spec[hostModel, ziticonfig.HostV1]{
	configType: "host.v1", typeName: "host_v1_config", plural: "host_v1_configs", kind: "host.v1 config",
	description: "A `host.v1` config: where the hosting side of a service (a router or tunneler whose identity has a Bind grant) sends the " +
		"traffic clients dial, e.g. `127.0.0.1:8080` next to the LLM proxy. For each of protocol, address and port, write either the fixed " +
		"value (`protocol`, `address`, `port`) or forward what the client intercepted (`forward_*` = true with the matching `allowed_*`). " +
		"Health checks (`httpChecks`, `portChecks`), `proxy` and `forwardAddressTranslations` are not managed here (use ziti_config for them).",
	attributes: map[string]schema.Attribute{
		"protocol": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Protocol to dial: " + framework.QuotedList(protocols) + ". Exclusive with `forward_protocol`.",
			Validators:          []validator.String{stringvalidator.OneOf(protocols...)}},
		"forward_protocol":  forwardFlag("protocol", "protocol", "allowed_protocols"),
		"allowed_protocols": protocolSet("With `forward_protocol`: the protocols that may be forwarded.", false),
		"address": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Address to dial. " + ziticonfig.DialAddress.Describe() + " Exclusive with `forward_address`.",
			Validators:          []validator.String{ziticonfig.AddressValidator(ziticonfig.DialAddress)}},
		"forward_address":     forwardFlag("address", "address", "allowed_addresses"),
		"allowed_addresses":   addressSet("With `forward_address`: the addresses that may be forwarded to.", false, ziticonfig.InterceptAddress),
		"port":                portAttribute("Port to dial. Exclusive with `forward_port`."),
		"forward_port":        forwardFlag("port", "port", "allowed_port_ranges"),
		"allowed_port_ranges": portRangeSet("With `forward_port`: the ports that may be forwarded to.", false),
		"allowed_source_addresses": addressSet("Source addresses the hosting tunneler sets up local routes for, so that connections "+
			"can keep the client's source IP (see `source_ip` of intercept.v1).", false, ziticonfig.SourceAddress),
		"listen_options": schema.SingleNestedAttribute{Optional: true, Attributes: listenOptionsAttributes,
			MarkdownDescription: "How the hosting side registers its terminators with the edge routers."},
	},
	base:     func(m *hostModel) *common { return &m.common },
	toData:   hostToData,
	fromData: hostFromData,
	validate: validateHost,
})

// HostScope limits the host.v1 data sources' lists to host.v1 configs.
var HostScope = scope("host.v1")

func hostToData(op *framework.Op, m *hostModel) ziticonfig.HostV1 {
	d := ziticonfig.HostV1{
		Protocol:               optionalString(m.Protocol),
		ForwardProtocol:        m.ForwardProtocol.ValueBool(),
		AllowedProtocols:       framework.StringsFromSet(op, m.AllowedProtocols),
		Address:                optionalString(m.Address),
		ForwardAddress:         m.ForwardAddress.ValueBool(),
		AllowedAddresses:       framework.StringsFromSet(op, m.AllowedAddresses),
		Port:                   optionalInt64(m.Port),
		ForwardPort:            m.ForwardPort.ValueBool(),
		AllowedSourceAddresses: framework.StringsFromSet(op, m.AllowedSourceAddresses),
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
	return d
}

func hostFromData(op *framework.Op, d ziticonfig.HostV1, m *hostModel) {
	m.Protocol = types.StringPointerValue(d.Protocol)
	m.ForwardProtocol = types.BoolValue(d.ForwardProtocol)
	m.AllowedProtocols = optionalStrings(op, d.AllowedProtocols)
	m.Address = types.StringPointerValue(d.Address)
	m.ForwardAddress = types.BoolValue(d.ForwardAddress)
	m.AllowedAddresses = optionalStrings(op, d.AllowedAddresses)
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
}

// choice is one of host.v1's either/or settings: dial a fixed value, or forward the intercepted
// one within an allowed set.
type choice struct {
	what, fixed, forward, allowed string
	values                        func(m *hostModel) (fixed attr.Value, forward types.Bool, allowed attr.Value)
}

var choices = []choice{
	{"protocol", "protocol", "forward_protocol", "allowed_protocols", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Protocol, m.ForwardProtocol, m.AllowedProtocols
	}},
	{"address", "address", "forward_address", "allowed_addresses", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Address, m.ForwardAddress, m.AllowedAddresses
	}},
	{"port", "port", "forward_port", "allowed_port_ranges", func(m *hostModel) (attr.Value, types.Bool, attr.Value) {
		return m.Port, m.ForwardPort, m.AllowedPortRanges
	}},
}

// validateHost checks the either/or settings at plan time. The controller accepts a fixed
// value together with its forward flag (and the tunneler then picks one silently), so this is
// the only place the mistake is caught.
func validateHost(_ context.Context, m *hostModel, diags *diag.Diagnostics) {
	for _, c := range choices {
		fixed, forward, allowed := c.values(m)
		if fixed.IsUnknown() || forward.IsUnknown() || allowed.IsUnknown() {
			continue
		}
		forwarding, hasFixed, hasAllowed := forward.ValueBool(), !fixed.IsNull(), !allowed.IsNull()
		switch {
		case hasFixed && forwarding:
			diags.AddAttributeError(path.Root(c.fixed), "Conflicting "+c.what+" settings",
				fmt.Sprintf("%s and %s = true are exclusive: either dial the fixed %s, or forward the %s the client intercepted (within %s). Remove one of them.",
					c.fixed, c.forward, c.what, c.what, c.allowed))
		case !hasFixed && !forwarding:
			diags.AddAttributeError(path.Root(c.fixed), "Missing "+c.what,
				fmt.Sprintf("Set %s (the %s to dial), or set %s = true with %s (forward the %s the client intercepted).",
					c.fixed, c.what, c.forward, c.allowed, c.what))
		case forwarding && !hasAllowed:
			diags.AddAttributeError(path.Root(c.allowed), "Missing "+c.allowed,
				fmt.Sprintf("%s = true needs %s: the values the hosting side may forward to.", c.forward, c.allowed))
		case !forwarding && hasAllowed:
			diags.AddAttributeError(path.Root(c.allowed), "Unused "+c.allowed,
				fmt.Sprintf("%s is only used with %s = true; remove it, or replace %s with %s = true.", c.allowed, c.forward, c.fixed, c.forward))
		}
	}
}
