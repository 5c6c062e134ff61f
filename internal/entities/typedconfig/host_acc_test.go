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
	hostType = "ziti_host_v1_config"
	hostAddr = hostType + ".llm"
)

func TestAccHostV1Config_lifecycle(t *testing.T) {
	name := acctest.Name("host")
	var id string
	fixed := map[string]string{
		"name":                     fmt.Sprintf("%q", name),
		"protocol":                 `"tcp"`,
		"address":                  `"127.0.0.1"`,
		"port":                     `8080`,
		"allowed_source_addresses": `["10.0.0.0/8", "192.168.0.0/16"]`,
		"listen_options":           `{ precedence = "required", cost = 10, connect_timeout = "10s", bind_using_edge_identity = true, max_connections = 2 }`,
		"tags":                     `{ owner = "tf" }`,
	}
	forwarding := map[string]string{
		"name":                fmt.Sprintf("%q", name),
		"forward_protocol":    `true`,
		"allowed_protocols":   `["tcp", "udp"]`,
		"forward_address":     `true`,
		"allowed_addresses":   `["10.0.0.0/8", "*.customer.internal", "db.internal"]`,
		"forward_port":        `true`,
		"allowed_port_ranges": `[{ low = 5432, high = 5432 }, { low = 8000, high = 8099 }]`,
	}
	const forwardingData = `{
		"forwardProtocol": true, "allowedProtocols": ["tcp", "udp"],
		"forwardAddress": true, "allowedAddresses": ["10.0.0.0/8", "*.customer.internal", "db.internal"],
		"forwardPort": true, "allowedPortRanges": [{"low": 5432, "high": 5432}, {"low": 8000, "high": 8099}]}`
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Configs, hostType),
		Steps: []resource.TestStep{
			{
				Config: config(hostType, fixed),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostAddr, "id", knownvalue.NotNull()),
					acctest.Value(hostAddr, "protocol", knownvalue.StringExact("tcp")),
					acctest.Value(hostAddr, "address", knownvalue.StringExact("127.0.0.1")),
					acctest.Value(hostAddr, "port", knownvalue.Int64Exact(8080)),
					acctest.Value(hostAddr, "forward_protocol", knownvalue.Bool(false)),
					acctest.Value(hostAddr, "forward_address", knownvalue.Bool(false)),
					acctest.Value(hostAddr, "forward_port", knownvalue.Bool(false)),
					acctest.Value(hostAddr, "allowed_addresses", knownvalue.Null()),
					acctest.Value(hostAddr, "allowed_port_ranges", knownvalue.Null()),
					acctest.Value(hostAddr, "allowed_source_addresses", acctest.StringSet("10.0.0.0/8", "192.168.0.0/16")),
					acctest.Value(hostAddr, "listen_options", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"precedence": knownvalue.StringExact("required"), "cost": knownvalue.Int64Exact(10), "connect_timeout": knownvalue.StringExact("10s"),
						"bind_using_edge_identity": knownvalue.Bool(true), "max_connections": knownvalue.Int64Exact(2), "identity": knownvalue.Null()})),
				},
				// forward* flags that are false are not sent: the schema only allows true.
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(hostAddr, &id), checkData(t, hostAddr, `{
					"protocol": "tcp", "address": "127.0.0.1", "port": 8080, "allowedSourceAddresses": ["10.0.0.0/8", "192.168.0.0/16"],
					"listenOptions": {"precedence": "required", "cost": 10, "connectTimeout": "10s", "bindUsingEdgeIdentity": true, "maxConnections": 2}}`)),
			},
			{
				// Written defaults (forward_* = false) and reordered sets: nothing to do.
				Config: config(hostType, with(fixed, map[string]string{
					"forward_port":             `false`,
					"allowed_source_addresses": `["192.168.0.0/16", "10.0.0.0/8"]`,
				})),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// From fixed values to forwarding, in place.
				Config:           config(hostType, forwarding),
				ConfigPlanChecks: acctest.ExpectUpdate(hostAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostAddr, "protocol", knownvalue.Null()),
					acctest.Value(hostAddr, "address", knownvalue.Null()),
					acctest.Value(hostAddr, "port", knownvalue.Null()),
					acctest.Value(hostAddr, "forward_protocol", knownvalue.Bool(true)),
					acctest.Value(hostAddr, "allowed_protocols", acctest.StringSet("tcp", "udp")),
					acctest.Value(hostAddr, "forward_address", knownvalue.Bool(true)),
					acctest.Value(hostAddr, "allowed_addresses", acctest.StringSet("10.0.0.0/8", "*.customer.internal", "db.internal")),
					acctest.Value(hostAddr, "forward_port", knownvalue.Bool(true)),
					acctest.Value(hostAddr, "allowed_port_ranges", ranges(5432, 5432, 8000, 8099)),
					acctest.Value(hostAddr, "listen_options", knownvalue.Null()),
					acctest.Value(hostAddr, "allowed_source_addresses", knownvalue.Null()),
				},
				Check: checkData(t, hostAddr, forwardingData),
			},
			{ResourceName: hostAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: hostAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator points the config at a fixed host in the console: drift, put back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Configs, &id, func(d *rest_model.ConfigDetail) *rest_model.ConfigUpdate {
					return &rest_model.ConfigUpdate{Name: d.Name, Tags: d.Tags,
						Data: json.RawMessage(`{"protocol":"tcp","address":"10.9.9.9","port":22}`)}
				}),
				Config:           config(hostType, forwarding),
				ConfigPlanChecks: acctest.ExpectUpdate(hostAddr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(hostAddr, "address", knownvalue.Null()),
					acctest.Value(hostAddr, "forward_address", knownvalue.Bool(true)),
				},
				Check: checkData(t, hostAddr, forwardingData),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.Configs, &id),
				Config:           config(hostType, forwarding),
				ConfigPlanChecks: acctest.ExpectCreate(hostAddr),
			},
		},
	})
}

func TestAccHostV1Config_invalidConfigs(t *testing.T) {
	base := map[string]string{
		"name":     `"x"`,
		"protocol": `"tcp"`,
		"address":  `"127.0.0.1"`,
		"port":     `8080`,
	}
	testInvalid(t, hostType, base, map[string]invalidCase{
		"address and forward_address": {map[string]string{"forward_address": "true", "allowed_addresses": `["10.0.0.0/8"]`}, "address",
			`address and forward_address = true are exclusive`},
		"neither address nor forward_address": {map[string]string{"address": ""}, "",
			`Set address (the address to dial), or set forward_address = true with allowed_addresses`},
		"forward_address without allowed_addresses": {map[string]string{"address": "", "forward_address": "true"}, "",
			`forward_address = true needs allowed_addresses`},
		"allowed_addresses without forward_address": {map[string]string{"allowed_addresses": `["10.0.0.0/8"]`}, "allowed_addresses",
			`allowed_addresses is only used with forward_address = true`},
		"protocol and forward_protocol": {map[string]string{"forward_protocol": "true", "allowed_protocols": `["tcp"]`}, "protocol",
			`protocol and forward_protocol = true are exclusive`},
		"neither port nor forward_port": {map[string]string{"port": ""}, "",
			`Set port (the port to dial), or set forward_port = true with allowed_port_ranges`},
		"forward_port without allowed_port_ranges": {map[string]string{"port": "", "forward_port": "true"}, "",
			`forward_port = true needs allowed_port_ranges`},
		"unknown protocol": {map[string]string{"protocol": `"icmp"`}, "protocol", `value must be one of: ["tcp" "udp"]`},
		"unknown allowed protocol": {map[string]string{"protocol": "", "forward_protocol": "true", "allowed_protocols": `["sctp"]`}, "allowed_protocols",
			`value must be one of: ["tcp" "udp"]`},
		"port 0":     {map[string]string{"port": "0"}, "port", `value must be between 1 and 65535, got: 0`},
		"port 70000": {map[string]string{"port": "70000"}, "port", `value must be between 1 and 65535, got: 70000`},
		"CIDR as address": {map[string]string{"address": `"10.0.0.0/8"`}, "address",
			`"10.0.0.0/8" is a CIDR; the hosting side dials one address`},
		"bad allowed CIDR": {map[string]string{"address": "", "forward_address": "true", "allowed_addresses": `["10.0.0.0/40"]`}, "allowed_addresses",
			`"10.0.0.0/40" is not a valid CIDR`},
		"allowed range low > high": {map[string]string{"port": "", "forward_port": "true", "allowed_port_ranges": `[{ low = 9000, high = 8000 }]`}, "allowed_port_ranges",
			`low (9000) is greater than high (8000)`},
		// Terraform quotes the resource line, not the object's, for an attribute inside an object.
		"unknown precedence": {map[string]string{"listen_options": `{ precedence = "sometimes" }`}, "",
			`Attribute listen_options.precedence value must be one of: ["default" "required" "failed"]`},
		"bad connect timeout": {map[string]string{"listen_options": `{ connect_timeout = "soon" }`}, "",
			`"soon" is not a non-negative Go duration`},
	})
}
