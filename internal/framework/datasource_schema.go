package framework

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The data sources of an entity show what its resource manages, so their schemas are derived
// from the resource schema: same names and types, all computed. One list of attributes per
// entity, no second copy to keep in step.
//
// One rule for secrets: an attribute that is Sensitive in the resource schema (an enrollment
// token, a password) is not part of the data source. A resource stores the secrets of what its
// own configuration creates; a data source reads entities no configuration manages, and must
// not copy their secrets into every state that looks them up. Non-secret facts about them
// (enrollment_expires_at, enrolled) stay.

// OmittedFromDataSource reports whether the data sources leave a resource attribute out.
func OmittedFromDataSource(a schema.Attribute) bool { return a.IsSensitive() }

func dataSourceAttributes(attrs map[string]schema.Attribute) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		if OmittedFromDataSource(a) {
			continue
		}
		out[name] = dataSourceAttribute(name, a)
	}
	return out
}

// dataSourceAttrTypes are the object attribute types of a derived data source schema.
func dataSourceAttrTypes(attrs map[string]dsschema.Attribute) map[string]attr.Type {
	obj, ok := dsschema.Schema{Attributes: attrs}.Type().(basetypes.ObjectType)
	if !ok {
		panic("data source schema: not an object type")
	}
	return obj.AttrTypes
}

// projectValue keeps of v (a value of the resource's type) what the data source type t has:
// the attributes the data source omits are dropped, at any depth.
func projectValue(ctx context.Context, v attr.Value, t attr.Type, diags *diag.Diagnostics) attr.Value {
	switch t := t.(type) {
	case basetypes.ObjectType:
		obj, ok := v.(basetypes.ObjectValue)
		if !ok {
			return v
		}
		if obj.IsNull() {
			return types.ObjectNull(t.AttrTypes)
		}
		if obj.IsUnknown() {
			return types.ObjectUnknown(t.AttrTypes)
		}
		values := obj.Attributes()
		out := make(map[string]attr.Value, len(t.AttrTypes))
		for name, at := range t.AttrTypes {
			out[name] = projectValue(ctx, values[name], at, diags)
		}
		o, d := types.ObjectValue(t.AttrTypes, out)
		diags.Append(d...)
		return o
	case basetypes.ListType:
		l, ok := v.(basetypes.ListValue)
		if !ok || l.IsNull() || l.IsUnknown() {
			return v
		}
		o, d := types.ListValue(t.ElemType, projectElements(ctx, l.Elements(), t.ElemType, diags))
		diags.Append(d...)
		return o
	case basetypes.SetType:
		s, ok := v.(basetypes.SetValue)
		if !ok || s.IsNull() || s.IsUnknown() {
			return v
		}
		o, d := types.SetValue(t.ElemType, projectElements(ctx, s.Elements(), t.ElemType, diags))
		diags.Append(d...)
		return o
	}
	return v
}

// projectElements projects each element of a list or set.
func projectElements(ctx context.Context, elements []attr.Value, elemType attr.Type, diags *diag.Diagnostics) []attr.Value {
	out := make([]attr.Value, 0, len(elements))
	for _, e := range elements {
		out = append(out, projectValue(ctx, e, elemType, diags))
	}
	return out
}

func dataSourceBlocksAsAttributes(blocks map[string]schema.Block, into map[string]dsschema.Attribute) {
	for name, b := range blocks {
		switch b := b.(type) {
		case schema.SingleNestedBlock:
			into[name] = dsschema.SingleNestedAttribute{Computed: true, MarkdownDescription: b.MarkdownDescription,
				Attributes: dataSourceAttributes(b.Attributes)}
		default:
			panic(fmt.Sprintf("data source schema: block %s of type %T is not supported", name, b))
		}
	}
}

func dataSourceAttribute(name string, a schema.Attribute) dsschema.Attribute {
	desc := a.GetMarkdownDescription()
	sensitive := a.IsSensitive()
	switch a := a.(type) {
	case schema.StringAttribute:
		return dsschema.StringAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, CustomType: a.CustomType}
	case schema.BoolAttribute:
		return dsschema.BoolAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, CustomType: a.CustomType}
	case schema.Int64Attribute:
		return dsschema.Int64Attribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, CustomType: a.CustomType}
	case schema.Int32Attribute:
		return dsschema.Int32Attribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, CustomType: a.CustomType}
	case schema.SetAttribute:
		return dsschema.SetAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, ElementType: a.ElementType, CustomType: a.CustomType}
	case schema.ListAttribute:
		return dsschema.ListAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, ElementType: a.ElementType, CustomType: a.CustomType}
	case schema.MapAttribute:
		return dsschema.MapAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, ElementType: a.ElementType, CustomType: a.CustomType}
	case schema.SingleNestedAttribute:
		return dsschema.SingleNestedAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc, Attributes: dataSourceAttributes(a.Attributes)}
	case schema.ListNestedAttribute:
		return dsschema.ListNestedAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc,
			NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceAttributes(a.NestedObject.Attributes)}}
	case schema.SetNestedAttribute:
		return dsschema.SetNestedAttribute{Computed: true, Sensitive: sensitive, MarkdownDescription: desc,
			NestedObject: dsschema.NestedAttributeObject{Attributes: dataSourceAttributes(a.NestedObject.Attributes)}}
	}
	panic(fmt.Sprintf("data source schema: attribute %s of type %T is not supported", name, a))
}
