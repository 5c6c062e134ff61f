// Package typedconfig is ziti_intercept_v1_config and ziti_host_v1_config: configs of the
// controller's built-in config types intercept.v1 (where clients reach a service) and host.v1
// (where the hosting side sends its traffic), written as typed attributes instead of JSON, and
// their data sources. Both are stored in /configs like any config; what differs per type is
// only its attributes and how they map to the config's `data`, so both are built by newEntity.
package typedconfig

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// common is the part of the state every typed config has.
type common struct {
	ID   types.String `tfsdk:"id"`
	Name types.String `tfsdk:"name"`
	Tags types.Map    `tfsdk:"tags"`
}

// spec describes one typed config type: M is its Terraform model, T the typed form of the
// config's `data` (marshalled as is for the API, and decoded from the controller's answer).
type spec[M any, T any] struct {
	configType       string // the config type's name on the controller, e.g. "intercept.v1"
	typeName, plural string // "intercept_v1_config" (after "ziti_"), "intercept_v1_configs"
	kind             string // how messages name it
	description      string
	attributes       map[string]schema.Attribute
	base             func(m *M) *common
	toData           func(op *framework.Op, m *M) T
	fromData         func(op *framework.Op, data T, m *M)
	validate         func(ctx context.Context, m *M, diags *diag.Diagnostics)
}

type entity[M any] = framework.Entity[M, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]

// newEntity builds the framework entity of a typed config.
func newEntity[M any, T any](s spec[M, T]) *entity[M] {
	attrs := map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true,
			MarkdownDescription: "Unique name of the config (unique among configs of every type). Services reference configs by id.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
		"tags": framework.TagsAttribute(),
	}
	for k, v := range s.attributes {
		attrs[k] = v
	}
	return &entity[M]{
		TypeName:    s.typeName,
		Plural:      s.plural,
		Kind:        s.kind,
		Description: s.description,
		API:         client.Configs,
		Attributes:  attrs,
		// The controller names the data field it rejects ("portRanges.0.high"): its snake_case
		// is the attribute, so the framework's default mapping points at the right line.
		ID:         func(m *M) *types.String { return &s.base(m).ID },
		Name:       func(m *M) types.String { return s.base(m).Name },
		DetailName: func(d *rest_model.ConfigDetail) string { return framework.Deref(d.Name) },
		DetailID:   func(d *rest_model.ConfigDetail) string { return framework.Deref(d.ID) },
		ToCreate: func(op *framework.Op, m *M) *rest_model.ConfigCreate {
			typeID, ok := lookupTypeID(op, s.configType)
			if !ok {
				return nil
			}
			b := s.base(m)
			return &rest_model.ConfigCreate{Name: b.Name.ValueStringPointer(), ConfigTypeID: &typeID,
				Data: s.toData(op, m), Tags: framework.TagsToAPI(op, b.Tags)}
		},
		// The config type cannot change, so an update carries no type: the controller keeps it.
		ToUpdate: func(op *framework.Op, m *M) *rest_model.ConfigUpdate {
			b := s.base(m)
			return &rest_model.ConfigUpdate{Name: b.Name.ValueStringPointer(), Data: s.toData(op, m), Tags: framework.TagsToAPI(op, b.Tags)}
		},
		FromDetail: func(op *framework.Op, d *rest_model.ConfigDetail, m *M) {
			if got := typeNameOf(d); got != s.configType {
				op.Diags.AddError(fmt.Sprintf("The config %q is of type %s, not %s", framework.Deref(d.Name), got, s.configType),
					fmt.Sprintf("Config %s (%q) has the config type %q; ziti_%s manages %s configs only. "+
						"Use the resource or data source of its type (ziti_config for any type), or give the id of a %s config.",
						framework.Deref(d.ID), framework.Deref(d.Name), got, s.typeName, s.configType, s.configType))
				return
			}
			var data T
			if !decodeData(op, d, &data) {
				return
			}
			b := s.base(m)
			b.ID = types.StringValue(framework.Deref(d.ID))
			b.Name = types.StringValue(framework.Deref(d.Name))
			b.Tags = framework.TagsFromAPI(op, d.Tags)
			s.fromData(op, data, m)
		},
		ValidateConfig: s.validate,
	}
}

// scope is the data sources' restriction to configs of one type.
func scope(configType string) framework.ListScope {
	return func(op *framework.Op) (string, bool) {
		id, ok := lookupTypeID(op, configType)
		return "type = " + framework.QuoteZitiQL(id), ok
	}
}

// lookupTypeID finds the id of a config type by name. The built-in types have the same ids on
// every controller today, but the API only promises the names.
func lookupTypeID(op *framework.Op, name string) (string, bool) {
	found, err := client.ConfigTypes.List(op.Ctx, op.Client, framework.NameFilter(name))
	if err != nil {
		framework.AddAPIError(op.Diags, "look up", "config type "+name, err)
		return "", false
	}
	if len(found) != 1 || found[0].ID == nil {
		op.Diags.AddError("No config type "+name,
			fmt.Sprintf("The controller has %d config types named %q; it is built into every OpenZiti controller, so this controller is not one the provider supports.", len(found), name))
		return "", false
	}
	return *found[0].ID, true
}

func typeNameOf(d *rest_model.ConfigDetail) string {
	if d.ConfigType != nil {
		return d.ConfigType.Name
	}
	return ""
}

// decodeData turns the config's data (decoded by the API client as generic JSON) into the
// type's struct, through one JSON round trip.
func decodeData(op *framework.Op, d *rest_model.ConfigDetail, into any) bool {
	raw, err := json.Marshal(d.Data)
	if err == nil {
		err = json.Unmarshal(raw, into)
	}
	if err != nil {
		op.Diags.AddError(fmt.Sprintf("Cannot read the data of config %s", framework.Deref(d.ID)),
			fmt.Sprintf("The config's data does not have the shape of its type %s: %v", typeNameOf(d), err))
		return false
	}
	return true
}
