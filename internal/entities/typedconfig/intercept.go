package typedconfig

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

type interceptModel struct {
	common
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

// Intercept is ziti_intercept_v1_config.
var Intercept = newEntity(spec[interceptModel, ziticonfig.InterceptV1]{
	configType: "intercept.v1", typeName: "intercept_v1_config", plural: "intercept_v1_configs", kind: "intercept.v1 config",
	description: "An `intercept.v1` config: the addresses, protocols and ports at which tunnelers and SDK clients (e.g. an agent pod's sidecar) " +
		"capture traffic for a service. Attach it to a service (with a `host.v1` config for the other side); an identity with a Dial grant on " +
		"the service then reaches it at these addresses, and nothing else is intercepted.",
	attributes: map[string]schema.Attribute{
		"protocols":   protocolSet("Protocols to intercept.", true),
		"addresses":   addressSet("Addresses clients intercept, e.g. `llm-proxy.ziti`.", true, ziticonfig.InterceptAddress),
		"port_ranges": portRangeSet("Ports clients intercept.", true),
		"dial_options": schema.SingleNestedAttribute{Optional: true, Attributes: dialOptionsAttributes,
			MarkdownDescription: "How the client dials the service."},
		"source_ip": schema.StringAttribute{Optional: true,
			MarkdownDescription: "The source IP (and optional `:port`) the hosting tunneler uses for the connection it makes, e.g. `$src_ip:$src_port` to keep the client's. " +
				"`$tunneler_id.name`, `$tunneler_id.tag[<tag>]`, `$src_ip`, `$src_port` and `$dst_port` are replaced."},
		"allowed_source_addresses": addressSet("Only intercept traffic from these sources; all sources when unset.", false, ziticonfig.SourceAddress),
	},
	base:     func(m *interceptModel) *common { return &m.common },
	toData:   interceptToData,
	fromData: interceptFromData,
})

// InterceptScope limits the intercept.v1 data sources' lists to intercept.v1 configs.
var InterceptScope = scope("intercept.v1")

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
