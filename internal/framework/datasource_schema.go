package framework

import (
	"fmt"

	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The data sources of an entity show what its resource manages, so their schemas are derived
// from the resource schema: same names, types and sensitivity, all computed. One list of
// attributes per entity, no second copy to keep in step.

func dataSourceAttributes(attrs map[string]schema.Attribute) map[string]dsschema.Attribute {
	out := make(map[string]dsschema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = dataSourceAttribute(name, a)
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
