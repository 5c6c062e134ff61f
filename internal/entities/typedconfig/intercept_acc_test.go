package typedconfig_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const (
	interceptType = "ziti_intercept_v1_config"
	interceptAddr = interceptType + ".llm"
)

func TestAccInterceptV1Config_lifecycle(t *testing.T) {
	name, renamed := acctest.Name("intercept"), acctest.Name("intercept-renamed")
	var id string
	created := map[string]string{
		"name":         fmt.Sprintf("%q", name),
		"protocols":    `["tcp", "udp"]`,
		"addresses":    `["llm-proxy.ziti", "10.8.0.0/16", "*.llm.internal"]`,
		"port_ranges":  `[{ low = 443, high = 443 }, { low = 8000, high = 8099 }]`,
		"dial_options": `{ identity = "$dst_ip", connect_timeout_seconds = 10 }`,
		"tags":         `{ owner = "tf" }`,
	}
	updated := map[string]string{
		"name":                     fmt.Sprintf("%q", renamed),
		"protocols":                `["tcp"]`,
		"addresses":                `["llm-proxy.ziti", "fd00::/64"]`,
		"port_ranges":              `[{ low = 443, high = 443 }]`,
		"source_ip":                `"$src_ip:$src_port"`,
		"allowed_source_addresses": `["10.0.0.0/8", "192.168.1.7"]`,
	}
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, interceptType),
		Steps: []resource.TestStep{
			{
				Config: config(interceptType, created),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(interceptAddr, "id", knownvalue.NotNull()),
					acctest.Value(interceptAddr, "name", knownvalue.StringExact(name)),
					acctest.Value(interceptAddr, "protocols", acctest.StringSet("tcp", "udp")),
					acctest.Value(interceptAddr, "addresses", acctest.StringSet("llm-proxy.ziti", "10.8.0.0/16", "*.llm.internal")),
					acctest.Value(interceptAddr, "port_ranges", ranges(443, 443, 8000, 8099)),
					acctest.Value(interceptAddr, "dial_options", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"identity": knownvalue.StringExact("$dst_ip"), "connect_timeout_seconds": knownvalue.Int64Exact(10)})),
					acctest.Value(interceptAddr, "source_ip", knownvalue.Null()),
					acctest.Value(interceptAddr, "allowed_source_addresses", knownvalue.Null()),
					acctest.Value(interceptAddr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(interceptAddr, &id), checkData(t, interceptAddr, `{
					"protocols": ["tcp", "udp"], "addresses": ["llm-proxy.ziti", "10.8.0.0/16", "*.llm.internal"],
					"portRanges": [{"low": 443, "high": 443}, {"low": 8000, "high": 8099}],
					"dialOptions": {"identity": "$dst_ip", "connectTimeoutSeconds": 10}}`)),
			},
			{
				// Every set written in another order: nothing to do.
				Config: config(interceptType, with(created, map[string]string{
					"protocols":   `["udp", "tcp"]`,
					"addresses":   `["*.llm.internal", "10.8.0.0/16", "llm-proxy.ziti"]`,
					"port_ranges": `[{ low = 8000, high = 8099 }, { low = 443, high = 443 }]`,
				})),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Rename and change everything: one PUT, same config.
				Config:           config(interceptType, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(interceptAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(interceptAddr, "name", knownvalue.StringExact(renamed)),
					acctest.Value(interceptAddr, "protocols", acctest.StringSet("tcp")),
					acctest.Value(interceptAddr, "addresses", acctest.StringSet("llm-proxy.ziti", "fd00::/64")),
					acctest.Value(interceptAddr, "port_ranges", ranges(443, 443)),
					acctest.Value(interceptAddr, "dial_options", knownvalue.Null()),
					acctest.Value(interceptAddr, "source_ip", knownvalue.StringExact("$src_ip:$src_port")),
					acctest.Value(interceptAddr, "allowed_source_addresses", acctest.StringSet("10.0.0.0/8", "192.168.1.7")),
					acctest.Value(interceptAddr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
				Check: checkData(t, interceptAddr, `{
					"protocols": ["tcp"], "addresses": ["llm-proxy.ziti", "fd00::/64"], "portRanges": [{"low": 443, "high": 443}],
					"sourceIp": "$src_ip:$src_port", "allowedSourceAddresses": ["10.0.0.0/8", "192.168.1.7"]}`),
			},
			{ResourceName: interceptAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: interceptAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + renamed},
			{
				// An operator widens the intercept in the console: the plan shows it and the
				// apply puts the written one back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags,
						Data: json.RawMessage(`{"protocols":["tcp","udp"],"addresses":["*.ziti"],"portRanges":[{"low":1,"high":65535}]}`)}
				}),
				Config:           config(interceptType, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(interceptAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(interceptAddr, "addresses", acctest.StringSet("llm-proxy.ziti", "fd00::/64")),
				},
				Check: checkData(t, interceptAddr, `{
					"protocols": ["tcp"], "addresses": ["llm-proxy.ziti", "fd00::/64"], "portRanges": [{"low": 443, "high": 443}],
					"sourceIp": "$src_ip:$src_port", "allowedSourceAddresses": ["10.0.0.0/8", "192.168.1.7"]}`),
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        acctest.DeleteOutOfBand(t, client.Configs, &id),
				Config:           config(interceptType, updated),
				ConfigPlanChecks: acctest.ExpectCreate(interceptAddr),
			},
		},
	})
}

func TestAccInterceptV1Config_invalidConfigs(t *testing.T) {
	base := map[string]string{
		"name":        `"x"`,
		"protocols":   `["tcp"]`,
		"addresses":   `["llm-proxy.ziti"]`,
		"port_ranges": `[{ low = 80, high = 80 }]`,
	}
	testInvalid(t, interceptType, base, map[string]invalidCase{
		"bad CIDR": {map[string]string{"addresses": `["10.0.0.0/33"]`}, "addresses",
			`"10.0.0.0/33" is not a valid CIDR`},
		"wildcard not at the start": {map[string]string{"addresses": `["foo.*.com"]`}, "addresses",
			`"foo.*.com": a wildcard must be the whole first label and appear only there, e.g. *.example.com`},
		"not a hostname": {map[string]string{"addresses": `["llm proxy"]`}, "addresses",
			`"llm proxy" is not an IP address, a CIDR or a hostname`},
		"no addresses": {map[string]string{"addresses": `[]`}, "addresses", `set must contain at least 1 elements`},
		"port 0": {map[string]string{"port_ranges": `[{ low = 0, high = 80 }]`}, "port_ranges",
			`value must be between 1 and 65535, got: 0`},
		"port 70000": {map[string]string{"port_ranges": `[{ low = 80, high = 70000 }]`}, "port_ranges",
			`value must be between 1 and 65535, got: 70000`},
		"low greater than high": {map[string]string{"port_ranges": `[{ low = 90, high = 80 }]`}, "port_ranges",
			`low (90) is greater than high (80)`},
		"no port ranges":   {map[string]string{"port_ranges": `[]`}, "port_ranges", `set must contain at least 1 elements`},
		"unknown protocol": {map[string]string{"protocols": `["icmp"]`}, "protocols", `value must be one of: ["tcp" "udp"]`},
		"no protocols":     {map[string]string{"protocols": `[]`}, "protocols", `set must contain at least 1 elements`},
		"hostname as source": {map[string]string{"allowed_source_addresses": `["office.example.com"]`}, "allowed_source_addresses",
			`"office.example.com" is not an IP address or a CIDR`},
		// Terraform quotes the resource line, not the object's, for an attribute inside an object.
		"negative timeout": {map[string]string{"dial_options": `{ connect_timeout_seconds = -1 }`}, "",
			`Attribute dial_options.connect_timeout_seconds value must be between 0 and 2147483647, got: -1`},
	})
}
