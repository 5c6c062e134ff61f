package config_test

import (
	"encoding/json"
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

const addr = "ziti_config.c"

// lookup finds the built-in config types by name, as a user would: with the data source.
const lookup = `
data "ziti_config_type" "intercept" {
  name = "intercept.v1"
}
`

func configHCL(name, configType, data string) string {
	return lookup + fmt.Sprintf(`
resource "ziti_config" "c" {
  name        = %q
  config_type = %s
  data        = %s
  tags        = { owner = "tf" }
}
`, name, configType, data)
}

// prettyData is indented, in another key order and with spaces the controller does not keep.
const prettyData = `<<-JSON
    {
      "protocols":  ["tcp"],
      "addresses":  ["llm.ziti"],
      "portRanges": [ { "low": 443, "high": 443 } ]
    }
  JSON`

const updatedData = `jsonencode({
    protocols  = ["tcp", "udp"]
    addresses  = ["llm.ziti", "*.llm.ziti"]
    portRanges = [{ low = 443, high = 443 }, { low = 8000, high = 8100 }]
  })`

// addressesOf reads an intercept.v1 config's addresses from the controller's answer.
func addressesOf(d *rest_model.ConfigDetail) ([]string, error) {
	raw, err := json.Marshal(d.Data)
	if err != nil {
		return nil, err
	}
	var data struct{ Addresses []string }
	err = json.Unmarshal(raw, &data)
	return data.Addresses, err
}

func TestAccConfig_lifecycle(t *testing.T) {
	name := acctest.Name("cfg")
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, "ziti_config"),
		Steps: []resource.TestStep{
			{
				// Type by name; data formatted unlike the controller's answer.
				Config: configHCL(name, `"intercept.v1"`, prettyData),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(name)),
					acctest.Value(addr, "config_type", knownvalue.StringExact("intercept.v1")),
					acctest.Value(addr, "config_type_name", knownvalue.StringExact("intercept.v1")),
					acctest.SameValue(addr, "config_type_id", "data.ziti_config_type.intercept", "id"),
					acctest.Value(addr, "data", knownvalue.StringRegexp(regexp.MustCompile(`^\{\n\s+"protocols":  \["tcp"\]`))),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				// The controller answers the data compact and sorted: no change to plan.
				Config:           configHCL(name, `"intercept.v1"`, prettyData),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Update the data in place.
				Config:           configHCL(name, `"intercept.v1"`, updatedData),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: resource.ComposeTestCheckFunc(acctest.SameID(addr, &id), acctest.CheckAPI(t, client.Configs, &id, func(d *rest_model.ConfigDetail) error {
					if addrs, err := addressesOf(d); err != nil || len(addrs) != 2 {
						return fmt.Errorf("controller holds addresses %v (%v); want two addresses", addrs, err)
					}
					return nil
				})),
			},
			{
				// The id of the same type instead of its name: not a replacement.
				Config:           configHCL(name, `data.ziti_config_type.intercept.id`, updatedData),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.SameValue(addr, "config_type", "data.ziti_config_type.intercept", "id"),
				},
				Check: acctest.SameID(addr, &id),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator edits the data in the console: the plan puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags,
						Data: map[string]any{"protocols": []string{"tcp"}, "addresses": []string{"evil.example"}, "portRanges": []map[string]int{{"low": 1, "high": 65535}}}}
				}),
				Config:           configHCL(name, `data.ziti_config_type.intercept.id`, updatedData),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.Configs, &id, func(d *rest_model.ConfigDetail) error {
					if addrs, _ := addressesOf(d); len(addrs) != 2 {
						return fmt.Errorf("controller holds addresses %v after the apply", addrs)
					}
					return nil
				}),
			},
			{
				// Another type: the controller cannot change it, so the config is replaced.
				Config:           configHCL(name, `"host.v1"`, `jsonencode({ protocol = "tcp", address = "127.0.0.1", port = 8443 })`),
				ConfigPlanChecks: acctest.ExpectReplace(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "config_type", knownvalue.StringExact("host.v1")),
					acctest.Value(addr, "config_type_name", knownvalue.StringExact("host.v1")),
				},
				Check: acctest.CaptureID(addr, &id),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.Configs, &id),
				Config:           configHCL(name, `"host.v1"`, `jsonencode({ protocol = "tcp", address = "127.0.0.1", port = 8443 })`),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

// Data the type's schema refuses fails the apply with the error on data, both on create and
// on update; nothing is written.
func TestAccConfig_invalidData(t *testing.T) {
	name := acctest.Name("cfg")
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, "ziti_config"),
		Steps: []resource.TestStep{
			{
				Config:      configHCL(name, `"intercept.v1"`, `jsonencode({ addresses = ["a.ziti"], portRanges = [{ low = 80, high = 80 }] })`),
				ExpectError: acctest.ErrorOn("data", `does not match the schema of config type "intercept.v1".*protocols is required`),
			},
			{
				Config:      configHCL(name, `"intercept.v1"`, `jsonencode({ protocols = ["sctp"], addresses = ["a.ziti"], portRanges = [{ low = 80, high = "x" }] })`),
				ExpectError: acctest.ErrorOn("data", `- portRanges.0.high: Invalid type. Expected: integer, given: string\s+- protocols.0: protocols.0 must be one of the following: "tcp", "udp"\s*$`),
			},
			{
				Config:      configHCL(name, `"no-such-type"`, `jsonencode({ a = 1 })`),
				ExpectError: acctest.ErrorOn("config_type", `"no-such-type" names no config type`),
			},
			{
				Config: configHCL(name, `"intercept.v1"`, prettyData),
				Check:  acctest.CaptureID(addr, &id),
			},
			{
				Config:      configHCL(name, `"intercept.v1"`, `jsonencode({ protocols = ["tcp"], addresses = [], portRanges = [{ low = 80, high = 80 }] })`),
				ExpectError: acctest.ErrorOn("data", `addresses: Array must have at least 1 items`),
				Check: acctest.CheckAPI(t, client.Configs, &id, func(d *rest_model.ConfigDetail) error {
					if addrs, _ := addressesOf(d); len(addrs) != 1 {
						return fmt.Errorf("controller holds addresses %v; the refused update must not change it", addrs)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccConfig_invalidConfigs(t *testing.T) {
	invalid := func(name, attr, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource("ziti_config", "x", append([]string{`name = "x"`}, lines...)...), Error: acctest.ErrorOn(attr, want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("data not an object", "data", `expected a JSON object`, `data = jsonencode([1, 2])`, `config_type = "intercept.v1"`),
		invalid("data not json", "data", `not valid JSON string format`, `data = "{"`, `config_type = "intercept.v1"`),
		invalid("empty config type", "config_type", `length must be at least 1`, `data = "{}"`, `config_type = ""`),
	})
}

func TestAccConfig_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_config" "one" {
  name        = "%[1]s-one"
  config_type = "intercept.v1"
  data        = jsonencode({ protocols = ["tcp"], addresses = ["one.ziti"], portRanges = [{ low = 80, high = 80 }] })
}
resource "ziti_config" "two" {
  name        = "%[1]s-two"
  config_type = "host.v1"
  data        = jsonencode({ protocol = "tcp", address = "127.0.0.1", port = 80 })
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_config", Plural: "ziti_configs", List: "configs", Entity: "config",
		Filter: fmt.Sprintf("name contains %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.SameValue("data.ziti_config.by_name", "config_type", "ziti_config.one", "config_type_id"),
			acctest.Value("data.ziti_config.by_name", "config_type_name", knownvalue.StringExact("intercept.v1")),
			acctest.Value("data.ziti_config.by_name", "data",
				knownvalue.StringExact(`{"addresses":["one.ziti"],"portRanges":[{"high":80,"low":80}],"protocols":["tcp"]}`)),
			acctest.Value("data.ziti_config.by_id", "config_type_name", knownvalue.StringExact("host.v1")),
		),
	})
}
