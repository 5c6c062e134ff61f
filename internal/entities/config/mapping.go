package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/openziti/edge-api/rest_model"
	"github.com/xeipuuv/gojsonschema"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/entities/configtype"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// Entity describes configs to the shared resource and data source machinery.
var Entity = &framework.Entity[model, *rest_model.ConfigCreate, *rest_model.ConfigUpdate, *rest_model.ConfigDetail]{
	TypeName: "config",
	Plural:   "configs",
	Kind:     "config",
	Description: "A config: a JSON document of a config type that services carry to the applications using them. " +
		"An `intercept.v1` config tells clients (tunnelers, agent sidecars) which address and ports to capture for a service; " +
		"a `host.v1` config tells the hosting side where to send the traffic. Attach it with the service's `configs`. " +
		"For the built-in types, `ziti_intercept_v1_config` and `ziti_host_v1_config` offer typed attributes instead of JSON.",
	API:        client.Configs,
	Attributes: attributes(),
	// The controller reports a config's data errors by their place in the data ("(root)" for
	// a missing required property): they belong on `data`.
	Fields:  map[string]string{"(root)": "data", "configTypeId": "config_type"},
	Mapping: mapping{},
}

// mapping converts between ziti_config's model and the API's config.
type mapping struct{}

func (mapping) ToCreate(op *framework.Op, m *model) *rest_model.ConfigCreate {
	typeID, ok := framework.ResolveRef(op, framework.ConfigTypes, "config_type", m.ConfigType.ValueString())
	if !ok {
		return nil
	}
	checkData(op, typeID, m.Data)
	return &rest_model.ConfigCreate{Name: m.Name.ValueStringPointer(), ConfigTypeID: &typeID,
		Data: json.RawMessage(m.Data.ValueString()), Tags: framework.TagsToAPI(op, m.Tags)}
}

// ToUpdate builds the PUT body; it carries no type, the controller keeps the config's own.
func (mapping) ToUpdate(op *framework.Op, m *model) *rest_model.ConfigUpdate {
	checkData(op, m.ConfigTypeID.ValueString(), m.Data)
	return &rest_model.ConfigUpdate{Name: m.Name.ValueStringPointer(), Data: json.RawMessage(m.Data.ValueString()), Tags: framework.TagsToAPI(op, m.Tags)}
}

// checkData checks the data against the config type's schema before it is sent. The
// controller checks the same (same schema, same library) but names the offending place inside
// the data ("protocols.0", "portRanges.0.high") as if it were a field of the config, so its
// error cannot be put on `data` reliably; this check puts every violation there.
func checkData(op *framework.Op, typeID string, data jsontypes.Normalized) {
	if op.Failed() || typeID == "" {
		return
	}
	ct, err := client.ConfigTypes.Get(op.Ctx, op.Client, typeID)
	if err != nil {
		op.Diags.AddAttributeError(path.Root("config_type"), "Cannot read the config type", err.Error())
		return
	}
	if schemaDoc, ok := ct.Schema.(map[string]any); !ok || len(schemaDoc) == 0 {
		return // a type without a schema takes any object
	}
	compiled, err := configtype.Compile(ct.Schema)
	if err != nil {
		return // the controller reports a schema it cannot compile itself
	}
	result, err := compiled.Validate(gojsonschema.NewStringLoader(data.ValueString()))
	if err != nil {
		op.Diags.AddAttributeError(path.Root("data"), "Invalid config data", err.Error())
		return
	}
	if result.Valid() {
		return
	}
	// One line per violation, sorted (the library reports them in random order). The
	// "must validate all the schemas (allOf)" lines only repeat the violation inside them.
	problems := make([]string, 0, len(result.Errors()))
	for _, e := range result.Errors() {
		if e.Type() != "number_all_of" {
			problems = append(problems, "- "+e.String())
		}
	}
	if len(problems) == 0 {
		for _, e := range result.Errors() {
			problems = append(problems, "- "+e.String())
		}
	}
	sort.Strings(problems)
	op.Diags.AddAttributeError(path.Root("data"), "The data does not match its config type",
		fmt.Sprintf("The controller refuses this data: it does not match the schema of config type %q:\n%s",
			framework.Deref(ct.Name), strings.Join(problems, "\n")))
}

func (mapping) FromDetail(op *framework.Op, d *rest_model.ConfigDetail, m *model) {
	m.SetFromAPI(op, d.ID, d.Name, d.Tags)
	typeID, typeName := framework.Deref(d.ConfigTypeID), ""
	if d.ConfigType != nil {
		typeName = d.ConfigType.Name
	}
	m.ConfigType = framework.RefFromAPI(typeID, typeName, m.ConfigType)
	m.ConfigTypeID = types.StringValue(typeID)
	m.ConfigTypeName = types.StringValue(typeName)
	// The API client decodes data as generic JSON; it is only re-encoded here, and semantic
	// equality keeps the user's formatting when it means the same.
	data := "{}"
	if d.Data != nil {
		b, err := json.Marshal(d.Data)
		if err != nil {
			op.Diags.AddAttributeError(path.Root("data"), "Cannot read the config's data", err.Error())
			return
		}
		data = string(b)
	}
	m.Data = jsontypes.NewNormalizedValue(data)
}
