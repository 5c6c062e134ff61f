package typedconfig_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const (
	hostV2Type = "ziti_host_v2_config"
	hostV2Addr = hostV2Type + ".llm"
)

// A primary backend that fails over to a secondary one: two terminators, the second with
// its own precedence and a health check.
func TestAccHostV2Config_lifecycle(t *testing.T) {
	name := acctest.Name("hostv2")
	var id string
	primary := `{
    protocol       = "tcp"
    address        = "127.0.0.1"
    port           = 8080
    listen_options = { precedence = "required", cost = 10 }
    http_checks    = [{ url = "http://127.0.0.1:8080/healthz", interval = "5s", timeout = "1s", actions = [{ trigger = "fail", consecutive_events = 2, action = "mark unhealthy" }, { trigger = "pass", action = "mark healthy" }] }]
  }`
	secondary := func(port int) string {
		return fmt.Sprintf(`{
    protocol            = "tcp"
    address             = "10.0.0.5"
    forward_port        = true
    allowed_port_ranges = [{ low = %d, high = %d }]
    proxy               = { address = "proxy.internal:3128" }
  }`, port, port+9)
	}
	two := map[string]string{
		"name":        fmt.Sprintf("%q", name),
		"terminators": "[" + primary + ", " + secondary(9000) + "]",
		"tags":        `{ owner = "tf" }`,
	}
	primaryData := `{"protocol": "tcp", "address": "127.0.0.1", "port": 8080, "listenOptions": {"precedence": "required", "cost": 10},
		"httpChecks": [{"url": "http://127.0.0.1:8080/healthz", "interval": "5s", "timeout": "1s",
			"actions": [{"trigger": "fail", "consecutiveEvents": 2, "action": "mark unhealthy"}, {"trigger": "pass", "action": "mark healthy"}]}]}`
	secondaryData := func(port int) string {
		return fmt.Sprintf(`{"protocol": "tcp", "address": "10.0.0.5", "forwardPort": true, "allowedPortRanges": [{"low": %d, "high": %d}],
		"proxy": {"type": "http", "address": "proxy.internal:3128"}}`, port, port+9)
	}
	twoData := `{"terminators": [` + primaryData + `, ` + secondaryData(9000) + `]}`
	terminator := func(i int, attr string) tfjsonpath.Path {
		return tfjsonpath.New("terminators").AtSliceIndex(i).AtMapKey(attr)
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, hostV2Type),
		Steps: []resource.TestStep{
			{
				Config: config(hostV2Type, two),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostV2Addr, "terminators", knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(0, "address"), knownvalue.StringExact("127.0.0.1")),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(0, "forward_port"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(0, "listen_options").AtMapKey("precedence"), knownvalue.StringExact("required")),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(0, "http_checks").AtSliceIndex(0).AtMapKey("actions"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "port"), knownvalue.Null()),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "forward_port"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "allowed_port_ranges"), ranges(9000, 9009)),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "proxy").AtMapKey("type"), knownvalue.StringExact("http")),
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "http_checks"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(hostV2Addr, &id), checkData(t, hostV2Addr, twoData)),
			},
			{
				// One terminator's port range changes: in place, same id.
				Config:           config(hostV2Type, with(two, map[string]string{"terminators": "[" + primary + ", " + secondary(7000) + "]"})),
				ConfigPlanChecks: acctest.ExpectUpdate(hostV2Addr),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hostV2Addr, terminator(1, "allowed_port_ranges"), ranges(7000, 7009)),
				},
				Check: checkData(t, hostV2Addr, `{"terminators": [`+primaryData+`, `+secondaryData(7000)+`]}`),
			},
			{
				// Down to one terminator.
				Config:            config(hostV2Type, with(two, map[string]string{"terminators": "[" + primary + "]"})),
				ConfigPlanChecks:  acctest.ExpectUpdate(hostV2Addr),
				ConfigStateChecks: []statecheck.StateCheck{acctest.Value(hostV2Addr, "terminators", knownvalue.ListSizeExact(1))},
				Check:             checkData(t, hostV2Addr, `{"terminators": [`+primaryData+`]}`),
			},
			{
				Config: config(hostV2Type, two),
				Check:  checkData(t, hostV2Addr, twoData),
			},
			{ResourceName: hostV2Addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: hostV2Addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator removes the fallback terminator in the console: drift, put back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags, Data: json.RawMessage(`{"terminators": [` + primaryData + `]}`)}
				}),
				Config:           config(hostV2Type, two),
				ConfigPlanChecks: acctest.ExpectUpdate(hostV2Addr),
				Check:            checkData(t, hostV2Addr, twoData),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.Configs, &id),
				Config:           config(hostV2Type, two),
				ConfigPlanChecks: acctest.ExpectCreate(hostV2Addr),
			},
		},
	})
}

func TestAccHostV2Config_dataSources(t *testing.T) {
	prefix := acctest.Name("hostv2ds")
	resources := fmt.Sprintf(`
resource "ziti_host_v2_config" "one" {
  name        = "%[1]s-one"
  terminators = [{ protocol = "tcp", address = "127.0.0.1", port = 8080 }]
}
resource "ziti_host_v2_config" "two" {
  name        = "%[1]s-two"
  terminators = [{ protocol = "udp", address = "127.0.0.1", port = 53 }, { protocol = "tcp", address = "127.0.0.2", port = 53 }]
}
# A host.v1 config whose name matches the filter too: the host.v2 data sources do not see it.
resource "ziti_host_v1_config" "v1" {
  name     = "%[1]s-v1"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = 80
}
`, prefix)
	ds := acctest.DataSources{Type: hostV2Type, Plural: "ziti_host_v2_configs", List: "host_v2_configs", Entity: "host.v2 config",
		Filter: fmt.Sprintf(`name contains "%s" sort by name`, prefix)}
	steps := ds.Steps(prefix, resources,
		statecheck.ExpectKnownValue("data.ziti_host_v2_config.by_id", tfjsonpath.New("terminators").AtSliceIndex(1).AtMapKey("address"),
			knownvalue.StringExact("127.0.0.2")),
		statecheck.ExpectKnownValue("data.ziti_host_v2_config.by_name", tfjsonpath.New("terminators").AtSliceIndex(0).AtMapKey("port"),
			knownvalue.Int64Exact(8080)),
		acctest.Value("data.ziti_host_v2_configs.filtered", "ids", knownvalue.ListSizeExact(2)),
	)
	acctest.Test(t, resource.TestCase{Steps: steps})
}

func TestAccHostV2Config_invalidConfigs(t *testing.T) {
	base := map[string]string{
		"name":        `"x"`,
		"terminators": `[{ protocol = "tcp", address = "127.0.0.1", port = 8080 }]`,
	}
	testInvalid(t, hostV2Type, base, map[string]invalidCase{
		"no terminators": {map[string]string{"terminators": `[]`}, "terminators", `list must contain at least 1 elements`},
		"second terminator: address and forward_address": {
			map[string]string{"terminators": `[{ protocol = "tcp", address = "127.0.0.1", port = 8080 }, { protocol = "tcp", address = "10.0.0.1", forward_address = true, allowed_addresses = ["10.0.0.0/8"], port = 80 }]`},
			"", `In terminators[1]: address and forward_address = true are exclusive`},
		"terminator without port": {map[string]string{"terminators": `[{ protocol = "tcp", address = "127.0.0.1" }]`}, "",
			`In terminators[0]: Set port (the port to dial), or set forward_port = true with allowed_port_ranges`},
		"terminator health check interval": {
			map[string]string{"terminators": `[{ protocol = "tcp", address = "127.0.0.1", port = 8080, port_checks = [{ address = "127.0.0.1:8080", interval = "0s", timeout = "1s" }] }]`},
			"", `"0s" is not greater than 0`},
		"terminator proxy type": {
			map[string]string{"terminators": `[{ protocol = "tcp", address = "127.0.0.1", port = 8080, proxy = { type = "socks5", address = "p:1080" } }]`},
			"", `value must be one of: ["http"], got: "socks5"`},
	})
}
