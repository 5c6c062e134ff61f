package framework

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"
)

// StringsFromSet reads a set of strings (nil for null or unknown).
func StringsFromSet(op *Op, s types.Set) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	op.Diags.Append(s.ElementsAs(op.Ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// SetFromStrings builds a set of strings; nil gives an empty (not null) set.
func SetFromStrings(op *Op, values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	s, diags := types.SetValue(types.StringType, elems)
	op.Diags.Append(diags...)
	return s
}

// TagsAttribute is the tags map every entity has.
func TagsAttribute() schema.MapAttribute {
	return schema.MapAttribute{
		Optional: true, Computed: true, ElementType: types.StringType,
		Default:             mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{})),
		MarkdownDescription: "Tags (string key/value pairs) stored on the controller, e.g. to mark what Terraform manages. ZitiQL filters can select on them (`tags.team=\"agents\"`). Default: none.",
	}
}

// TagsToAPI converts the tags map for the API.
func TagsToAPI(op *Op, m types.Map) *rest_model.Tags {
	tags := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	if m.IsNull() || m.IsUnknown() {
		return tags
	}
	values := map[string]string{}
	op.Diags.Append(m.ElementsAs(op.Ctx, &values, false)...)
	for k, v := range values {
		tags.SubTags[k] = v
	}
	return tags
}

// TagsFromAPI converts the controller's tags; non-string values set outside Terraform are
// shown in their JSON form.
func TagsFromAPI(op *Op, tags *rest_model.Tags) types.Map {
	elems := map[string]attr.Value{}
	if tags != nil {
		for k, v := range tags.SubTags {
			s, ok := v.(string)
			if !ok {
				b, _ := json.Marshal(v)
				s = string(b)
			}
			elems[k] = types.StringValue(s)
		}
	}
	m, diags := types.MapValue(types.StringType, elems)
	op.Diags.Append(diags...)
	return m
}

// AppDataAttribute is a free-form JSON object stored with the entity.
func AppDataAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true, CustomType: jsontypes.NormalizedType{},
		MarkdownDescription: "Application data: a JSON object (use `jsonencode`) stored with the entity for other tools to read. Formatting differences never show as a change.",
		Validators:          []validator.String{JSONObjectValidator()},
	}
}

// AppDataToAPI parses the JSON object for the API (nil when unset).
func AppDataToAPI(op *Op, v jsontypes.Normalized) *rest_model.Tags {
	tags := &rest_model.Tags{SubTags: rest_model.SubTags{}}
	if v.IsNull() || v.IsUnknown() {
		return tags
	}
	if err := json.Unmarshal([]byte(v.ValueString()), &tags.SubTags); err != nil {
		op.Diags.AddError("Invalid app_data", fmt.Sprintf("app_data must be a JSON object: %v", err))
	}
	return tags
}

// AppDataFromAPI keeps null when the controller holds nothing and the user wrote nothing.
func AppDataFromAPI(op *Op, tags *rest_model.Tags, prior jsontypes.Normalized) jsontypes.Normalized {
	if tags == nil || len(tags.SubTags) == 0 {
		if prior.IsNull() {
			return prior
		}
		return jsontypes.NewNormalizedValue("{}")
	}
	b, err := json.Marshal(tags.SubTags)
	if err != nil {
		op.Diags.AddError("Cannot read app_data", err.Error())
		return prior
	}
	return jsontypes.NewNormalizedValue(string(b))
}

// QuotedList writes allowed values for a description: `a`, `b`, `c`. Validators and
// descriptions use the same slice, so they cannot disagree.
func QuotedList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	return strings.Join(quoted, ", ")
}

// Int64s reads a set of numbers, sorted (nil for null or unknown).
func Int64s(op *Op, s types.Set) []int64 {
	var out []int64
	if !s.IsNull() && !s.IsUnknown() {
		op.Diags.Append(s.ElementsAs(op.Ctx, &out, false)...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Int64Set builds a set of numbers.
func Int64Set(op *Op, values []int64) types.Set {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.Int64Value(v)
	}
	s, diags := types.SetValue(types.Int64Type, elems)
	op.Diags.Append(diags...)
	return s
}

// TerminatorPrecedences are the precedences a hosting identity's terminators may have
// (identities' defaults, host.v1 listen options).
var TerminatorPrecedences = []string{"default", "required", "failed"}
