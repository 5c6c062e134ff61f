package configtype

import (
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes config types to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.ConfigTypeCreate, *rest_model.ConfigTypeUpdate, *rest_model.ConfigTypeDetail]{
	TypeName: "config_type",
	Plural:   "config_types",
	Kind:     "config type",
	Description: "A config type: a named JSON schema for configs that services carry to the applications using them. " +
		"The controller has built-in types (`intercept.v1` for the address clients capture, `host.v1` for where the hosting side sends traffic); " +
		"this resource defines your own, e.g. for routing hints an agent's sidecar reads. A config type cannot be deleted while configs of it exist.",
	API:        client.ConfigTypes,
	Attributes: attributes(),
	Mapping:    mapping{},
}

// mapping converts between ziti_config_type's model and the API's config type.
type mapping struct{}

func (x mapping) ToCreate(op *framework.Op, m *model) *rest_model.ConfigTypeCreate {
	u := x.ToUpdate(op, m)
	return &rest_model.ConfigTypeCreate{Name: u.Name, Schema: u.Schema, Tags: u.Tags}
}

// ToUpdate builds the PUT body. Without a schema the field is left out, which clears the
// schema (the controller stores none for an absent, null or empty schema alike).
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.ConfigTypeUpdate {
	body := &rest_model.ConfigTypeUpdate{Name: m.Name.ValueStringPointer(), Tags: framework.TagsToAPI(op, m.Tags)}
	if !m.Schema.IsNull() && !m.Schema.IsUnknown() {
		body.Schema = json.RawMessage(m.Schema.ValueString())
	}
	return body
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.ConfigTypeDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	m.Schema = jsontypes.NewNormalizedNull()
	if d.Schema == nil {
		return
	}
	// The API client decodes the schema as generic JSON; it is only re-encoded here, and
	// semantic equality keeps the user's formatting when it means the same.
	b, err := json.Marshal(d.Schema)
	if err != nil {
		op.Diags.AddAttributeError(path.Root("schema"), "Cannot read the config type's schema", err.Error())
		return
	}
	m.Schema = jsontypes.NewNormalizedValue(string(b))
}
