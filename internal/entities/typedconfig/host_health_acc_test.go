package typedconfig_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/ziticonfig"
)

// The host.v1 settings beyond where to dial: health checks, a proxy and address translations,
// written, read back, imported, and put back after an operator changed them in the console.
func TestAccHostV1Config_healthChecksProxyTranslations(t *testing.T) {
	name := acctest.Name("health")
	var id string
	full := map[string]string{
		"name":                         fmt.Sprintf("%q", name),
		"protocol":                     `"tcp"`,
		"forward_address":              `true`,
		"allowed_addresses":            `["10.0.0.0/8", "fd00::/64"]`,
		"forward_address_translations": `[{ from = "10.0.0.0", to = "192.168.0.0", prefix_length = 16 }, { from = "fd00::", to = "fd01::", prefix_length = 64 }]`,
		"port":                         `8080`,
		"port_checks": `[{
    address  = "127.0.0.1:8080"
    interval = "5s"
    timeout  = "500ms"
    actions  = [{ trigger = "fail", consecutive_events = 3, action = "mark unhealthy" }, { trigger = "pass", action = "mark healthy" }]
  }]`,
		"http_checks": `[{
    url            = "http://127.0.0.1:8080/healthz"
    method         = "POST"
    body           = "ping"
    expect_status  = 204
    expect_in_body = "ok"
    interval       = "1m30s"
    timeout        = "10s"
    actions        = [{ trigger = "change", duration = "30s", action = "increase cost 100" }]
  }, {
    url      = "https://127.0.0.1:8443/ready"
    interval = "10s"
    timeout  = "2s"
  }]`,
		"proxy":          `{ address = "proxy.internal:3128" }`,
		"listen_options": `{ identity = "$tunneler_id.name", precedence = "default" }`,
	}
	const fullData = `{
		"protocol": "tcp", "port": 8080,
		"forwardAddress": true, "allowedAddresses": ["10.0.0.0/8", "fd00::/64"],
		"forwardAddressTranslations": [{"from": "10.0.0.0", "to": "192.168.0.0", "prefixLength": 16}, {"from": "fd00::", "to": "fd01::", "prefixLength": 64}],
		"portChecks": [{"address": "127.0.0.1:8080", "interval": "5s", "timeout": "500ms",
			"actions": [{"trigger": "fail", "consecutiveEvents": 3, "action": "mark unhealthy"}, {"trigger": "pass", "action": "mark healthy"}]}],
		"httpChecks": [
			{"url": "http://127.0.0.1:8080/healthz", "method": "POST", "body": "ping", "expectStatus": 204, "expectInBody": "ok",
			 "interval": "1m30s", "timeout": "10s", "actions": [{"trigger": "change", "duration": "30s", "action": "increase cost 100"}]},
			{"url": "https://127.0.0.1:8443/ready", "interval": "10s", "timeout": "2s"}],
		"proxy": {"type": "http", "address": "proxy.internal:3128"},
		"listenOptions": {"identity": "$tunneler_id.name", "precedence": "default"}}`
	// Fewer checks, another interval, no proxy, no translations.
	smaller := with(full, map[string]string{
		"forward_address_translations": "",
		"proxy":                        "",
		"http_checks":                  "",
		"port_checks":                  `[{ address = "127.0.0.1:8080", interval = "30s", timeout = "1s" }]`,
	})
	const smallerData = `{
		"protocol": "tcp", "port": 8080, "forwardAddress": true, "allowedAddresses": ["10.0.0.0/8", "fd00::/64"],
		"portChecks": [{"address": "127.0.0.1:8080", "interval": "30s", "timeout": "1s"}],
		"listenOptions": {"identity": "$tunneler_id.name", "precedence": "default"}}`
	portCheck := func(attr string) tfjsonpath.Path { return tfjsonpath.New("port_checks").AtSliceIndex(0).AtMapKey(attr) }
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, hostType),
		Steps: []resource.TestStep{
			{
				Config: config(hostType, full),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostAddr, "port_checks", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"address": knownvalue.StringExact("127.0.0.1:8080"), "interval": knownvalue.StringExact("5s"), "timeout": knownvalue.StringExact("500ms"),
						"actions": knownvalue.ListExact([]knownvalue.Check{
							action("fail", knownvalue.Int64Exact(3), knownvalue.Null(), "mark unhealthy"),
							action("pass", knownvalue.Null(), knownvalue.Null(), "mark healthy"),
						}),
					})})),
					acctest.Value(hostAddr, "http_checks", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"url": knownvalue.StringExact("http://127.0.0.1:8080/healthz"), "method": knownvalue.StringExact("POST"),
							"body": knownvalue.StringExact("ping"), "expect_status": knownvalue.Int64Exact(204), "expect_in_body": knownvalue.StringExact("ok"),
							"interval": knownvalue.StringExact("1m30s"), "timeout": knownvalue.StringExact("10s"),
							"actions": knownvalue.ListExact([]knownvalue.Check{action("change", knownvalue.Null(), knownvalue.StringExact("30s"), "increase cost 100")}),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"url": knownvalue.StringExact("https://127.0.0.1:8443/ready"), "method": knownvalue.Null(), "body": knownvalue.Null(),
							"expect_status": knownvalue.Null(), "expect_in_body": knownvalue.Null(),
							"interval": knownvalue.StringExact("10s"), "timeout": knownvalue.StringExact("2s"), "actions": knownvalue.Null(),
						}),
					})),
					acctest.Value(hostAddr, "proxy", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type": knownvalue.StringExact("http"), "address": knownvalue.StringExact("proxy.internal:3128")})),
					acctest.Value(hostAddr, "forward_address_translations", knownvalue.SetExact([]knownvalue.Check{
						translation("10.0.0.0", "192.168.0.0", 16), translation("fd00::", "fd01::", 64)})),
					acctest.Value(hostAddr, "address", knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(hostAddr, &id), checkData(t, hostAddr, fullData)),
			},
			{
				// The proxy type written as its default, translations in another order: nothing to do.
				Config: config(hostType, with(full, map[string]string{
					"proxy":                        `{ type = "http", address = "proxy.internal:3128" }`,
					"forward_address_translations": `[{ from = "fd00::", to = "fd01::", prefix_length = 64 }, { from = "10.0.0.0", to = "192.168.0.0", prefix_length = 16 }]`,
				})),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				Config:           config(hostType, smaller),
				ConfigPlanChecks: acctest.ExpectUpdate(hostAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostAddr, "http_checks", knownvalue.Null()),
					acctest.Value(hostAddr, "proxy", knownvalue.Null()),
					acctest.Value(hostAddr, "forward_address_translations", knownvalue.Null()),
					statecheck.ExpectKnownValue(hostAddr, portCheck("interval"), knownvalue.StringExact("30s")),
					statecheck.ExpectKnownValue(hostAddr, portCheck("actions"), knownvalue.Null()),
				},
				Check: checkData(t, hostAddr, smallerData),
			},
			{
				Config: config(hostType, full),
				Check:  checkData(t, hostAddr, fullData),
			},
			{ResourceName: hostAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: hostAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator slows the port check, drops an action and the proxy in the console.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					var data ziticonfig.HostV1
					if err := ziticonfig.Decode(d.Data, &data); err != nil || len(data.PortChecks) != 1 || len(data.PortChecks[0].Actions) != 2 {
						t.Fatalf("the config holds %+v (%v); want one port check with two actions", data, err)
					}
					data.PortChecks[0].Interval = "5m"
					data.PortChecks[0].Actions = data.PortChecks[0].Actions[:1]
					data.Proxy = nil
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags, Data: data}
				}),
				Config:           config(hostType, full),
				ConfigPlanChecks: acctest.ExpectUpdate(hostAddr),
				Check:            checkData(t, hostAddr, fullData),
			},
			{
				// An operator adds a health check: drift too.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					var data ziticonfig.HostV1
					if err := ziticonfig.Decode(d.Data, &data); err != nil {
						t.Fatal(err)
					}
					data.PortChecks = append(data.PortChecks, ziticonfig.PortCheck{Address: "127.0.0.1:9999", Interval: "1s", Timeout: "1s"})
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags, Data: data}
				}),
				Config:           config(hostType, full),
				ConfigPlanChecks: acctest.ExpectUpdate(hostAddr),
				Check:            checkData(t, hostAddr, fullData),
			},
		},
	})
}

func action(trigger string, events, duration knownvalue.Check, act string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"trigger": knownvalue.StringExact(trigger), "consecutive_events": events, "duration": duration, "action": knownvalue.StringExact(act)})
}

func translation(from, to string, prefix int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"from": knownvalue.StringExact(from), "to": knownvalue.StringExact(to), "prefix_length": knownvalue.Int64Exact(prefix)})
}

func TestAccHostV1Config_invalidHealthChecksProxyTranslations(t *testing.T) {
	base := map[string]string{
		"name":     `"x"`,
		"protocol": `"tcp"`,
		"address":  `"127.0.0.1"`,
		"port":     `8080`,
	}
	portCheck := func(interval, timeout, extra string) map[string]string {
		return map[string]string{"port_checks": fmt.Sprintf(`[{ address = "127.0.0.1:8080", interval = %q, timeout = %q%s }]`, interval, timeout, extra)}
	}
	forwarding := map[string]string{"address": "", "forward_address": "true", "allowed_addresses": `["10.0.0.0/8"]`}
	translations := func(list string) map[string]string {
		return with(forwarding, map[string]string{"forward_address_translations": list})
	}
	// Terraform quotes the resource line, not the nested object's, for an attribute inside a
	// nested attribute: the messages name the attribute.
	testInvalid(t, hostType, base, map[string]invalidCase{
		"zero interval": {portCheck("0s", "1s", ""), "",
			`"0s" is not greater than 0: the hosting side refuses to run a check that never repeats`},
		"negative interval":     {portCheck("-5s", "1s", ""), "", `"-5s" is not a duration`},
		"interval without unit": {portCheck("5", "1s", ""), "", `"5" is not a duration: write a number and a unit`},
		"interval in microseconds": {portCheck("500us", "100us", ""), "",
			`"500us" uses the unit "us", which the controller does not accept: use h, m, s or ms`},
		"zero timeout": {portCheck("5s", "0ms", ""), "", `"0ms" is not greater than 0`},
		"timeout longer than interval": {portCheck("5s", "10s", ""), "",
			`timeout (10s) is longer than interval (5s): a run must end before the next one is due. Shorten timeout or lengthen interval.`},
		"unknown action": {portCheck("5s", "1s", `, actions = [{ trigger = "fail", action = "restart" }]`), "",
			`"restart" is not an action the hosting side knows`},
		"cost change out of range": {portCheck("5s", "1s", `, actions = [{ trigger = "fail", action = "increase cost 70000" }]`), "",
			`"increase cost 70000" changes the cost by 70000: the change must be from 1 to 65535.`},
		"unknown trigger": {portCheck("5s", "1s", `, actions = [{ trigger = "always", action = "send event" }]`), "",
			`value must be one of: ["fail" "pass" "change"]`},
		"consecutive events out of range": {portCheck("5s", "1s", `, actions = [{ trigger = "fail", consecutive_events = 70000, action = "send event" }]`), "",
			`value must be between 0 and 65535, got: 70000`},
		"bad action duration": {portCheck("5s", "1s", `, actions = [{ trigger = "fail", duration = "soon", action = "send event" }]`), "",
			`"soon" is not a duration`},
		"empty actions": {portCheck("5s", "1s", `, actions = []`), "", `list must contain at least 1 elements and at most 20 elements`},
		"port check address without port": {map[string]string{"port_checks": `[{ address = "127.0.0.1", interval = "5s", timeout = "1s" }]`}, "",
			`"127.0.0.1" is not host:port`},
		"http check status out of range": {map[string]string{"http_checks": `[{ url = "http://127.0.0.1/", expect_status = 99, interval = "5s", timeout = "1s" }]`}, "",
			`value must be between 100 and 599, got: 99`},
		"http check method": {map[string]string{"http_checks": `[{ url = "http://127.0.0.1/", method = "DELETE", interval = "5s", timeout = "1s" }]`}, "",
			`value must be one of: ["GET" "POST" "PUT" "PATCH"]`},
		"http check url": {map[string]string{"http_checks": `[{ url = "127.0.0.1:8080/healthz", interval = "5s", timeout = "1s" }]`}, "",
			`"127.0.0.1:8080/healthz" is not an absolute http:// or https:// URL`},
		"http check interval": {map[string]string{"http_checks": `[{ url = "http://127.0.0.1/", interval = "0s", timeout = "1s" }]`}, "",
			`"0s" is not greater than 0`},
		"empty port checks": {map[string]string{"port_checks": `[]`}, "port_checks", `list must contain at least 1 elements`},
		"proxy type": {map[string]string{"proxy": `{ type = "socks5", address = "proxy.internal:1080" }`}, "",
			`Attribute proxy.type value must be one of: ["http"], got: "socks5"`},
		"proxy address": {map[string]string{"proxy": `{ address = "proxy.internal" }`}, "", `"proxy.internal" is not host:port`},
		"translations without forward_address": {map[string]string{"forward_address_translations": `[{ from = "10.0.0.0", to = "192.168.0.0", prefix_length = 16 }]`},
			"forward_address_translations", `forward_address_translations rewrites forwarded addresses and is only used with forward_address = true`},
		"translation across families": {translations(`[{ from = "10.0.0.0", to = "fd00::", prefix_length = 16 }]`), "",
			`from (10.0.0.0) and to (fd00::) are not of the same family`},
		"translation prefix too long": {translations(`[{ from = "10.0.0.0", to = "192.168.0.0", prefix_length = 33 }]`), "",
			`prefix_length 33 is longer than an IPv4 address (32 bits): use 0 to 32.`},
		"translation from a CIDR": {translations(`[{ from = "10.0.0.0/8", to = "192.168.0.0", prefix_length = 8 }]`), "",
			`"10.0.0.0/8" is not an IP address: write the network's address alone`},
	})
}
