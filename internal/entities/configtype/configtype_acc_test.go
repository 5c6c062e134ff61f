package configtype_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_config_type.ct"

func typeConfig(name, body string) string {
	return acctest.Resource("ziti_config_type", "ct", fmt.Sprintf("name = %q", name), body)
}

// prettySchema is written by hand, indented and in an order the controller does not keep.
const prettySchema = `schema = <<-JSON
    {
      "type": "object",
      "required": ["region"],
      "properties": {
        "region":   { "type": "string" },
        "priority": { "type": "integer", "minimum": 0 }
      }
    }
  JSON`

const updatedSchema = `schema = jsonencode({
    type       = "object"
    required   = ["region", "priority"]
    properties = { region = { type = "string" }, priority = { type = "integer" } }
  })`

func requiredOf(d *rest_model.ConfigTypeDetail) []any {
	schema, _ := d.Schema.(map[string]any)
	required, _ := schema["required"].([]any)
	return required
}

func TestAccConfigType_lifecycle(t *testing.T) {
	name := acctest.Name("ct")
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.ConfigTypes, "ziti_config_type"),
		Steps: []resource.TestStep{
			{
				// The controller answers the schema compact and sorted: no change shows.
				Config: typeConfig(name, prettySchema+"\n  tags = { owner = \"tf\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(name)),
					acctest.Value(addr, "schema", knownvalue.StringRegexp(regexp.MustCompile(`^\{\n\s+"type": "object"`))),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id), acctest.CheckAPI(t, client.ConfigTypes, &id, func(d *rest_model.ConfigTypeDetail) error {
					if r := requiredOf(d); len(r) != 1 || r[0] != "region" {
						return fmt.Errorf("controller holds schema %v", d.Schema)
					}
					return nil
				})),
			},
			{
				Config:           typeConfig(name, prettySchema+"\n  tags = { owner = \"tf\" }"),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Update in place: schema and tags.
				Config:           typeConfig(name, updatedSchema+"\n  tags = { owner = \"tf\", env = \"test\" }"),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "tags", knownvalue.MapSizeExact(2)),
				},
				Check: acctest.CheckAPI(t, client.ConfigTypes, &id, func(d *rest_model.ConfigTypeDetail) error {
					if r := requiredOf(d); len(r) != 2 {
						return fmt.Errorf("controller holds schema %v, want two required properties", d.Schema)
					}
					return nil
				}),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator drops the schema in the console: the plan puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.ConfigTypes, &id, func(d *rest_model.ConfigTypeDetail) *rest_model.ConfigTypeUpdate {
					return &rest_model.ConfigTypeUpdate{Name: d.Name, Tags: d.Tags}
				}),
				Config:           typeConfig(name, updatedSchema+"\n  tags = { owner = \"tf\", env = \"test\" }"),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.ConfigTypes, &id, func(d *rest_model.ConfigTypeDetail) error {
					if r := requiredOf(d); len(r) != 2 {
						return fmt.Errorf("controller holds schema %v after the apply", d.Schema)
					}
					return nil
				}),
			},
			{
				// Without schema (and renamed): the controller holds no schema, the state null.
				Config:           typeConfig(name+"-renamed", ""),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "schema", knownvalue.Null()),
					acctest.Value(addr, "name", knownvalue.StringExact(name+"-renamed")),
				},
				Check: acctest.CheckAPI(t, client.ConfigTypes, &id, func(d *rest_model.ConfigTypeDetail) error {
					if d.Schema != nil {
						return fmt.Errorf("controller still holds schema %v", d.Schema)
					}
					return nil
				}),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.ConfigTypes, &id),
				Config:           typeConfig(name+"-renamed", ""),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

// Configs of a custom type are checked against its schema; the error names data.
func TestAccConfigType_withConfigs(t *testing.T) {
	name := acctest.Name("ct")
	config := func(data string) string {
		return typeConfig(name, updatedSchema) + fmt.Sprintf(`
resource "ziti_config" "c" {
  name        = "%s-config"
  config_type = ziti_config_type.ct.name
  data        = jsonencode(%s)
}
`, name, data)
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.ConfigTypes, "ziti_config_type"),
		Steps: []resource.TestStep{
			{
				Config: config(`{ region = "eu-west-1", priority = 2 }`),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.SameValue("ziti_config.c", "config_type_id", addr, "id"),
					acctest.Value("ziti_config.c", "config_type", knownvalue.StringExact(name)),
				},
			},
			{
				Config:      config(`{ region = "eu-west-1", priority = "high" }`),
				ExpectError: acctest.ErrorOn("data", `does not match the schema of config type.*priority: Invalid type. Expected: integer, given: string`),
			},
		},
	})
}

func TestAccConfigType_invalidConfigs(t *testing.T) {
	invalid := func(name, attr, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource("ziti_config_type", "x", lines...), Error: acctest.ErrorOn(attr, want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("reserved name all", "name", `value must be none of:.*"all"`, `name = "all"`),
		invalid("schema not json", "schema", `not valid JSON string format`, `name = "x"`, `schema = "{"`),
		invalid("schema an array", "schema", `must be a JSON object`, `name = "x"`, `schema = jsonencode([1])`),
		invalid("schema root array", "schema", `root must be "type": "object"`, `name = "x"`, `schema = jsonencode({ type = "array" })`),
		invalid("schema empty", "schema", `an empty schema means no schema`, `name = "x"`, `schema = jsonencode({})`),
		invalid("schema bad property", "schema", `not a valid JSON schema`, `name = "x"`, `schema = jsonencode({ type = "object", properties = { a = { type = "bogus" } } })`),
		invalid("empty name", "name", `length must be at least 1`, `name = ""`),
	})
}

// The data sources find the controller's built-in types and custom ones.
func TestAccConfigType_dataSources(t *testing.T) {
	name := acctest.Name("ds")
	config := typeConfig(name, updatedSchema) + `
data "ziti_config_type" "intercept" {
  name = "intercept.v1"
}
data "ziti_config_type" "by_id" {
  id = ziti_config_type.ct.id
}
data "ziti_config_types" "builtin" {
  filter = "name = \"intercept.v1\" or name = \"host.v1\""
}
`
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value("data.ziti_config_type.intercept", "id", knownvalue.NotNull()),
					acctest.Value("data.ziti_config_type.intercept", "schema",
						knownvalue.StringRegexp(regexp.MustCompile(`"required":\["protocols","addresses","portRanges"\]`))),
					acctest.Value("data.ziti_config_type.by_id", "name", knownvalue.StringExact(name)),
					acctest.SameValue("data.ziti_config_type.by_id", "schema", addr, "schema"),
					acctest.Value("data.ziti_config_types.builtin", "config_types", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("host.v1")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("intercept.v1")}),
					})),
				},
			},
			{
				Config:      config + "\ndata \"ziti_config_type\" \"none\" {\n  name = \"" + name + "-missing\"\n}\n",
				ExpectError: regexp.MustCompile(`Expected exactly one config type`),
			},
		},
	})
}
