package typedconfig

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// Schema pieces both config types use (protocols, address sets, port ranges), with the
// validators that catch at plan time what the controller would accept and the tunnelers
// would then ignore or misread (it does not check CIDRs, wildcards, or low <= high).

var protocols = []string{"tcp", "udp"}

// protocolSet is a set of protocol names.
func protocolSet(desc string, required bool) schema.SetAttribute {
	return schema.SetAttribute{
		Required: required, Optional: !required, ElementType: types.StringType,
		MarkdownDescription: desc + " Allowed values: " + framework.QuotedList(protocols) + ". At least one.",
		Validators: []validator.Set{setvalidator.SizeAtLeast(1),
			setvalidator.ValueStringsAre(stringvalidator.OneOf(protocols...))},
	}
}

// addressSet is a set of addresses of one kind.
func addressSet(desc string, required bool, kind ziticonfig.AddressKind) schema.SetAttribute {
	return schema.SetAttribute{
		Required: required, Optional: !required, ElementType: types.StringType,
		MarkdownDescription: desc + " " + kind.Describe() + " At least one.",
		Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(ziticonfig.AddressValidator(kind))},
	}
}

// portAttribute is one TCP/UDP port, 1 to 65535.
func portAttribute(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, MarkdownDescription: desc + " 1 to 65535.",
		Validators: []validator.Int64{int64validator.Between(1, 65535)}}
}

type portRangeModel struct {
	Low  types.Int64 `tfsdk:"low"`
	High types.Int64 `tfsdk:"high"`
}

// portRangeSet is a set of {low, high} port ranges.
func portRangeSet(desc string, required bool) schema.SetNestedAttribute {
	port := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{Required: true, MarkdownDescription: what + " port of the range (1 to 65535).",
			Validators: []validator.Int64{int64validator.Between(1, 65535)}}
	}
	return schema.SetNestedAttribute{
		Required: required, Optional: !required,
		MarkdownDescription: desc + " Each range is `{ low = 8000, high = 8099 }` (inclusive; `low = high` for one port). At least one.",
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"low": port("First"), "high": port("Last")},
			Validators: []validator.Object{portRangeOrderValidator},
		},
		Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
	}
}

var portRangeType = basetypes.ObjectType{AttrTypes: map[string]attr.Type{"low": types.Int64Type, "high": types.Int64Type}}

func portRangesToAPI(op *framework.Op, s types.Set) []ziticonfig.PortRange {
	var models []portRangeModel
	if !s.IsNull() && !s.IsUnknown() {
		op.Diags.Append(s.ElementsAs(op.Ctx, &models, false)...)
	}
	out := make([]ziticonfig.PortRange, 0, len(models))
	for _, m := range models {
		out = append(out, ziticonfig.PortRange{Low: m.Low.ValueInt64(), High: m.High.ValueInt64()})
	}
	return out
}

// portRangesFromAPI is the state of a set of ranges; none is null (the schema requires at
// least one range whenever the attribute is written).
func portRangesFromAPI(op *framework.Op, ranges []ziticonfig.PortRange) types.Set {
	if len(ranges) == 0 {
		return types.SetNull(portRangeType)
	}
	models := make([]portRangeModel, len(ranges))
	for i, r := range ranges {
		models[i] = portRangeModel{Low: types.Int64Value(r.Low), High: types.Int64Value(r.High)}
	}
	s, diags := types.SetValueFrom(op.Ctx, portRangeType, models)
	op.Diags.Append(diags...)
	return s
}

// optionalStrings is the state of an optional set: null when the data has none.
func optionalStrings(op *framework.Op, values []string) types.Set {
	if len(values) == 0 {
		return types.SetNull(types.StringType)
	}
	return framework.SetFromStrings(op, values)
}

// optionalString is the API form of an optional string (nil when unset).
func optionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

func optionalInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

func optionalBool(v types.Bool) *bool {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueBoolPointer()
}

// objectToAPI reads an optional single nested attribute (nil when null).
func objectToAPI[T any](op *framework.Op, o types.Object) *T {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	var m T
	op.Diags.Append(o.As(op.Ctx, &m, basetypes.ObjectAsOptions{})...)
	return &m
}

// objectFromAPI is the state of an optional single nested attribute (null for nil).
func objectFromAPI[T any](op *framework.Op, attrs map[string]schema.Attribute, m *T) types.Object {
	if m == nil {
		return types.ObjectNull(attrTypes(attrs))
	}
	o, diags := types.ObjectValueFrom(op.Ctx, attrTypes(attrs), m)
	op.Diags.Append(diags...)
	return o
}

// objectCheck is a validator.Object made of a check of the object as its model T (the
// objects' counterpart of framework.StringCheck). Null and unknown objects, and objects that
// do not convert to T, are not checked.
type objectCheck[T any] struct {
	desc  string
	check func(m T, at path.Path, diags *diag.Diagnostics)
}

func (v objectCheck[T]) Description(context.Context) string             { return v.desc }
func (v objectCheck[T]) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (v objectCheck[T]) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var m T
	if diags := req.ConfigValue.As(ctx, &m, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true}); diags.HasError() {
		return
	}
	v.check(m, req.Path, &resp.Diagnostics)
}

// portRangeOrderValidator refuses a port range that runs backwards.
var portRangeOrderValidator = objectCheck[portRangeModel]{desc: "low must not be greater than high", check: func(m portRangeModel, at path.Path, diags *diag.Diagnostics) {
	if m.Low.IsNull() || m.Low.IsUnknown() || m.High.IsNull() || m.High.IsUnknown() {
		return
	}
	if m.Low.ValueInt64() > m.High.ValueInt64() {
		diags.AddAttributeError(at.AtName("low"), "Invalid port range",
			fmt.Sprintf("low (%d) is greater than high (%d): a range runs from low to high inclusive; swap them, or set both to %d for one port.",
				m.Low.ValueInt64(), m.High.ValueInt64(), m.Low.ValueInt64()))
	}
}}

type interceptModel struct {
	framework.Base
	Protocols              types.Set    `tfsdk:"protocols"`
	Addresses              types.Set    `tfsdk:"addresses"`
	PortRanges             types.Set    `tfsdk:"port_ranges"`
	DialOptions            types.Object `tfsdk:"dial_options"`
	SourceIP               types.String `tfsdk:"source_ip"`
	AllowedSourceAddresses types.Set    `tfsdk:"allowed_source_addresses"`
}

type dialOptionsModel struct {
	Identity              types.String `tfsdk:"identity"`
	ConnectTimeoutSeconds types.Int64  `tfsdk:"connect_timeout_seconds"`
}

var dialOptionsAttributes = map[string]schema.Attribute{
	"identity": schema.StringAttribute{Optional: true,
		MarkdownDescription: "Dial only the terminator hosted for this identity (see `listen_options.identity` of host.v1). " +
			"`$dst_protocol`, `$dst_ip` and `$dst_port` are replaced by the intercepted destination's values."},
	"connect_timeout_seconds": schema.Int64Attribute{Optional: true,
		MarkdownDescription: "Seconds to wait for the service to answer a dial. When unset: 15 if `dial_options` is written, 5 without `dial_options`.",
		Validators:          []validator.Int64{int64validator.Between(0, 2147483647)}},
}

func interceptAttributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes(configNameDescription, map[string]schema.Attribute{
		"protocols":   protocolSet("Protocols to intercept.", true),
		"addresses":   addressSet("Addresses clients intercept, e.g. `llm-proxy.ziti`.", true, ziticonfig.InterceptAddress),
		"port_ranges": portRangeSet("Ports clients intercept.", true),
		"dial_options": schema.SingleNestedAttribute{Optional: true, Attributes: dialOptionsAttributes,
			MarkdownDescription: "How the client dials the service."},
		"source_ip": schema.StringAttribute{Optional: true,
			MarkdownDescription: "The source IP (and optional `:port`) the hosting tunneler uses for the connection it makes, e.g. `$src_ip:$src_port` to keep the client's. " +
				"`$tunneler_id.name`, `$tunneler_id.tag[<tag>]`, `$src_ip`, `$src_port` and `$dst_port` are replaced."},
		"allowed_source_addresses": addressSet("Only intercept traffic from these sources; all sources when unset.", false, ziticonfig.SourceAddress),
	})
}

// hostTerminatorModel is what host.v1 says about one hosting terminator: the whole of a
// host.v1 config, and each of a host.v2 config's terminators.
type hostTerminatorModel struct {
	Protocol                   types.String `tfsdk:"protocol"`
	ForwardProtocol            types.Bool   `tfsdk:"forward_protocol"`
	AllowedProtocols           types.Set    `tfsdk:"allowed_protocols"`
	Address                    types.String `tfsdk:"address"`
	ForwardAddress             types.Bool   `tfsdk:"forward_address"`
	AllowedAddresses           types.Set    `tfsdk:"allowed_addresses"`
	ForwardAddressTranslations types.Set    `tfsdk:"forward_address_translations"`
	Port                       types.Int64  `tfsdk:"port"`
	ForwardPort                types.Bool   `tfsdk:"forward_port"`
	AllowedPortRanges          types.Set    `tfsdk:"allowed_port_ranges"`
	AllowedSourceAddresses     types.Set    `tfsdk:"allowed_source_addresses"`
	ListenOptions              types.Object `tfsdk:"listen_options"`
	PortChecks                 types.List   `tfsdk:"port_checks"`
	HTTPChecks                 types.List   `tfsdk:"http_checks"`
	Proxy                      types.Object `tfsdk:"proxy"`
}

type hostModel struct {
	framework.Base
	hostTerminatorModel
}

type hostV2Model struct {
	framework.Base
	Terminators types.List `tfsdk:"terminators"`
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

type proxyModel struct {
	Type    types.String `tfsdk:"type"`
	Address types.String `tfsdk:"address"`
}

// proxyTypes are the proxies the hosting side can connect through.
var proxyTypes = []string{"http"}

var proxyAttributes = map[string]schema.Attribute{
	"type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(proxyTypes[0]),
		MarkdownDescription: "The kind of proxy: " + framework.QuotedList(proxyTypes) + " (HTTP CONNECT). Default `http`.",
		Validators:          []validator.String{stringvalidator.OneOf(proxyTypes...)}},
	"address": schema.StringAttribute{Required: true,
		MarkdownDescription: "The proxy's `host:port`, e.g. `proxy.internal:3128`.",
		Validators:          []validator.String{hostPortValidator}},
}

type addressTranslationModel struct {
	From         types.String `tfsdk:"from"`
	To           types.String `tfsdk:"to"`
	PrefixLength types.Int64  `tfsdk:"prefix_length"`
}

var addressTranslationAttributes = map[string]schema.Attribute{
	"from": schema.StringAttribute{Required: true,
		MarkdownDescription: "The network the client intercepted, as an IP address (e.g. `10.0.0.0`).",
		Validators:          []validator.String{ipValidator}},
	"to": schema.StringAttribute{Required: true,
		MarkdownDescription: "The network to dial instead, an IP address of the same family (e.g. `192.168.0.0`).",
		Validators:          []validator.String{ipValidator}},
	"prefix_length": schema.Int64Attribute{Required: true,
		MarkdownDescription: "How many leading bits name the network: 0 to 32 for IPv4, 0 to 128 for IPv6. The remaining bits of the address are kept.",
		Validators:          []validator.Int64{int64validator.Between(0, 128)}},
}

func hostTerminatorAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"protocol": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Protocol to dial: " + framework.QuotedList(protocols) + ". Exclusive with `forward_protocol`.",
			Validators:          []validator.String{stringvalidator.OneOf(protocols...)}},
		"forward_protocol":  forwardFlag("protocol", "protocol", "allowed_protocols"),
		"allowed_protocols": protocolSet("With `forward_protocol`: the protocols that may be forwarded.", false),
		"address": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Address to dial. " + ziticonfig.DialAddress.Describe() + " Exclusive with `forward_address`.",
			Validators:          []validator.String{ziticonfig.AddressValidator(ziticonfig.DialAddress)}},
		"forward_address":   forwardFlag("address", "address", "allowed_addresses"),
		"allowed_addresses": addressSet("With `forward_address`: the addresses that may be forwarded to.", false, ziticonfig.InterceptAddress),
		"forward_address_translations": schema.SetNestedAttribute{Optional: true,
			MarkdownDescription: "With `forward_address`: rewrite forwarded IP addresses, network for network, e.g. `{ from = \"10.0.0.0\", to = \"192.168.0.0\", prefix_length = 16 }` " +
				"dials 192.168.1.2 for an intercepted 10.0.1.2. The longest matching prefix wins. At least one when set.",
			NestedObject: schema.NestedAttributeObject{Attributes: addressTranslationAttributes, Validators: []validator.Object{translationValidator}},
			Validators:   []validator.Set{setvalidator.SizeAtLeast(1)}},
		"port":                portAttribute("Port to dial. Exclusive with `forward_port`."),
		"forward_port":        forwardFlag("port", "port", "allowed_port_ranges"),
		"allowed_port_ranges": portRangeSet("With `forward_port`: the ports that may be forwarded to.", false),
		"allowed_source_addresses": addressSet("Source addresses the hosting tunneler sets up local routes for, so that connections "+
			"can keep the client's source IP (see `source_ip` of intercept.v1).", false, ziticonfig.SourceAddress),
		"listen_options": schema.SingleNestedAttribute{Optional: true, Attributes: listenOptionsAttributes,
			MarkdownDescription: "How the hosting side registers its terminators with the edge routers."},
		"port_checks": healthChecksAttribute("Health checks that open a TCP connection; their actions change the terminator's precedence or cost.", portCheckAttributes),
		"http_checks": healthChecksAttribute("Health checks that send an HTTP request; their actions change the terminator's precedence or cost.", httpCheckAttributes),
		"proxy": schema.SingleNestedAttribute{Optional: true, Attributes: proxyAttributes,
			MarkdownDescription: "Connect to the destination through this proxy instead of directly."},
	}
}

func hostAttributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes(configNameDescription, hostTerminatorAttributes())
}

func hostV2Attributes() map[string]schema.Attribute {
	return framework.WithBaseAttributes(configNameDescription, map[string]schema.Attribute{
		"terminators": schema.ListNestedAttribute{Required: true,
			MarkdownDescription: "The terminators the hosting side registers, each with the settings of a `ziti_host_v1_config` " +
				"(e.g. one per backend, with different `listen_options.precedence` or health checks). At least one.",
			NestedObject: schema.NestedAttributeObject{Attributes: hostTerminatorAttributes()},
			Validators:   []validator.List{listvalidator.SizeAtLeast(1)}},
	})
}

// listToAPI reads an optional list of nested objects (nil when null).
func listToAPI[T any](op *framework.Op, l types.List) []T {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []T
	op.Diags.Append(l.ElementsAs(op.Ctx, &out, false)...)
	return out
}

// listFromAPI is the state of an optional list of nested objects: null when the data has none.
func listFromAPI[T any](op *framework.Op, attrs map[string]schema.Attribute, models []T) types.List {
	elem := types.ObjectType{AttrTypes: attrTypes(attrs)}
	if len(models) == 0 {
		return types.ListNull(elem)
	}
	l, diags := types.ListValueFrom(op.Ctx, elem, models)
	op.Diags.Append(diags...)
	return l
}

func attrTypes(attrs map[string]schema.Attribute) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for k, a := range attrs {
		out[k] = a.GetType()
	}
	return out
}

const configNameDescription = "Unique name of the config (unique among configs of every type). Services reference configs by id."
