package typedconfig

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The models' tfsdk tags and the schemas name the same attributes: a mismatch would only
// show at run time, as an error on every plan.
func TestModelsMatchSchemas(t *testing.T) {
	check := func(name string, s schema.Schema, model any) {
		if diags := s.ValidateImplementation(context.Background()); diags.HasError() {
			t.Errorf("%s schema: %v", name, diags)
		}
		var attrs []string
		for a := range s.Attributes {
			attrs = append(attrs, a)
		}
		tags := tfsdkTags(reflect.TypeOf(model))
		slices.Sort(attrs)
		slices.Sort(tags)
		if !slices.Equal(attrs, tags) {
			t.Errorf("%s: schema attributes %v, model fields %v", name, attrs, tags)
		}
	}
	check("intercept.v1", Intercept.ResourceSchema(), interceptModel{})
	check("host.v1", Host.ResourceSchema(), hostModel{})
	check("dial_options", schema.Schema{Attributes: dialOptionsAttributes}, dialOptionsModel{})
	check("host.v2", HostV2.ResourceSchema(), hostV2Model{})
	check("listen_options", schema.Schema{Attributes: listenOptionsAttributes}, listenOptionsModel{})
	check("terminator", schema.Schema{Attributes: hostTerminatorAttributes()}, hostTerminatorModel{})
	check("proxy", schema.Schema{Attributes: proxyAttributes}, proxyModel{})
	check("forward_address_translations", schema.Schema{Attributes: addressTranslationAttributes}, addressTranslationModel{})
	check("port_checks", schema.Schema{Attributes: portCheckAttributes}, portCheckModel{})
	check("http_checks", schema.Schema{Attributes: httpCheckAttributes}, httpCheckModel{})
	check("actions", schema.Schema{Attributes: healthActionAttributes}, healthActionModel{})
}

func tfsdkTags(typ reflect.Type) []string {
	var tags []string
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous {
			tags = append(tags, tfsdkTags(f.Type)...)
			continue
		}
		tags = append(tags, f.Tag.Get("tfsdk"))
	}
	return tags
}
