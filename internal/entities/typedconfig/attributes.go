package typedconfig

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
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
			Validators: []validator.Object{portRangeOrderValidator{}},
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
	attrTypes := make(map[string]attr.Type, len(attrs))
	for k, a := range attrs {
		attrTypes[k] = a.GetType()
	}
	if m == nil {
		return types.ObjectNull(attrTypes)
	}
	o, diags := types.ObjectValueFrom(op.Ctx, attrTypes, m)
	op.Diags.Append(diags...)
	return o
}

type portRangeOrderValidator struct{}

func (portRangeOrderValidator) Description(context.Context) string {
	return "low must not be greater than high"
}
func (v portRangeOrderValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (portRangeOrderValidator) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var m portRangeModel
	if diags := req.ConfigValue.As(ctx, &m, basetypes.ObjectAsOptions{UnhandledUnknownAsEmpty: true}); diags.HasError() {
		return
	}
	if m.Low.IsNull() || m.Low.IsUnknown() || m.High.IsNull() || m.High.IsUnknown() {
		return
	}
	if m.Low.ValueInt64() > m.High.ValueInt64() {
		resp.Diagnostics.AddAttributeError(req.Path.AtName("low"), "Invalid port range",
			fmt.Sprintf("low (%d) is greater than high (%d): a range runs from low to high inclusive; swap them, or set both to %d for one port.",
				m.Low.ValueInt64(), m.High.ValueInt64(), m.Low.ValueInt64()))
	}
}
