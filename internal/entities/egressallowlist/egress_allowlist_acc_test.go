package egressallowlist_test

import (
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_egress_allowlist.agents"

func config(prefix string, apiPort int, extraDestination string) string {
	return fmt.Sprintf(`
resource "ziti_identity" "agent" {
  name            = "%[1]s-agent"
  role_attributes = ["%[1]s-agents"]
}
resource "ziti_egress_allowlist" "agents" {
  name           = "%[1]s-egress"
  identity_roles = ["#%[1]s-agents"]
  gateway_roles  = ["@router-quickstart"]

  destination = [
    {
      # The agent dials api.<prefix>.test:443; the gateway connects to a local stand-in.
      host            = "api.%[1]s.test"
      ports           = [443]
      connect_address = "127.0.0.1"
      connect_port    = %[2]d
    },
    {
      host  = "*.%[1]s-cdn.test"
      ports = [443, 8443]
    },
    %[3]s
  ]
}
`, prefix, apiPort, extraDestination)
}

func TestAccEgressAllowlist_lifecycleAndDataPlane(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("eg")
	apiPort := acctest.StartHTTPServer(t, "allowed-api")
	otherPort := acctest.StartHTTPServer(t, "not-listed")
	var agent *acctest.Agent
	var dialID string

	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             acctest.CheckDestroyed(t, client.ServicePolicies, "ziti_egress_allowlist"),
		Steps: []resource.TestStep{
			{
				Config: config(prefix, apiPort, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
					// two destinations: 3 entities each, plus the Dial and Bind policies
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owned_ids"), knownvalue.MapSizeExact(8)),
				},
				Check: resource.ComposeTestCheckFunc(
					acctest.CaptureID(addr, &dialID),
					func(s *terraform.State) error {
						jwt, err := acctest.JWTFromState(s, "ziti_identity.agent")
						if err != nil {
							return err
						}
						agent = acctest.NewAgent(t, jwt)
						return nil
					},
					func(*terraform.State) error {
						host := "api." + prefix + ".test"
						conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.DialAddr(host + ":443") }, 15*time.Second)
						if err != nil {
							return fmt.Errorf("the allowed destination %s:443 is unreachable: %v", host, err)
						}
						defer conn.Close()
						if body, err := acctest.HTTPGet(conn, host); err != nil || body != "allowed-api" {
							return fmt.Errorf("GET through the gateway: %q, %v", body, err)
						}
						return nil
					},
					func(*terraform.State) error {
						// A listed host on a port that is not listed for it.
						if conn, err := agent.DialAddr("api." + prefix + ".test:8443"); err == nil {
							conn.Close()
							return fmt.Errorf("api.%s.test:8443 was reachable; only 443 is listed for it", prefix)
						}
						// A host that is not listed, and the other local server by its address.
						for _, target := range []string{"other." + prefix + ".test:443", fmt.Sprintf("127.0.0.1:%d", otherPort), fmt.Sprintf("127.0.0.1:%d", apiPort)} {
							if conn, err := agent.DialAddr(target); err == nil {
								conn.Close()
								return fmt.Errorf("%s was reachable through the overlay but is not listed", target)
							}
						}
						return nil
					},
				),
			},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + prefix + "-egress",
				ImportStateVerifyIgnore: []string{"gateway_roles"}, // known by id after an import
			},
			{
				// Adding a destination updates in place; only the new entities get new ids.
				Config: config(prefix, apiPort, `{
      host     = "10.99.0.0/16"
      ports    = [5353]
      protocol = "udp"
    },`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("owned_ids")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owned_ids"), knownvalue.MapSizeExact(11)),
					statecheck.CompareValue(compareSame).AddStateValue(addr, tfjsonpath.New("id")),
				},
			},
			{
				// An operator deletes the Dial policy: drift is shown and repaired.
				PreConfig:        acctest.DeleteOutOfBand(t, client.ServicePolicies, &dialID),
				Config:           config(prefix, apiPort, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("in_sync"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("owned_ids"), knownvalue.MapSizeExact(8)),
				},
			},
		},
	})
}

// Destinations that are the same host, that would own entities of the same names, or that
// catch everything are plan-time errors on destination.
func TestAccEgressAllowlist_destinationChecks(t *testing.T) {
	base := `resource "ziti_egress_allowlist" "x" {
  name           = "x"
  identity_roles = ["#agents"]
  gateway_roles  = ["#gw"]
  destination    = [%s]
}
`
	cases := map[string]struct{ dests, want string }{
		"same host in two cases":  {`{ host = "API.x.com", ports = [443] }, { host = "api.x.com", ports = [80] }`, `(?i:api\.x\.com) is listed more than once for tcp`},
		"wildcard name collision": {`{ host = "*.x.com", ports = [443] }, { host = "wildcard.x.com", ports = [443] }`, `"(\*|wildcard)\.x\.com" and "(\*|wildcard)\.x\.com" \(tcp\) would both own entities named <name>-tcp-wildcard\.x\.com`},
		"CIDR name collision":     {`{ host = "10.0.0.0/8", ports = [443] }, { host = "10.0.0.0_8", ports = [443] }`, `"10\.0\.0\.0[/_]8" and "10\.0\.0\.0[/_]8" \(tcp\) would both own entities named <name>-tcp-10\.0\.0\.0_8`},
		"catch-all IPv4":          {`{ host = "0.0.0.0/0", ports = [443] }`, `"0\.0\.0\.0/0" is a CIDR with prefix length 0.*allow_catch_all = true`},
		"catch-all IPv6":          {`{ host = "::/0", ports = [443] }`, `"::/0" is a CIDR with prefix length 0`},
		"catch-all TLD":           {`{ host = "*.com", ports = [443] }`, `"\*\.com" is a wildcard over the whole top-level domain \.com`},
		"catch-all among others":  {`{ host = "api.x.com", ports = [443] }, { host = "*.IO", ports = [443] }`, `"\*\.IO" is a wildcard over the whole top-level domain \.io`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 acctest.PreCheck(t),
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: fmt.Sprintf(base, tc.dests), PlanOnly: true, ExpectError: acctest.ErrorOn("destination", tc.want)}},
			})
		})
	}
}

// allow_catch_all = true lets a catch-all destination through the plan (the audit still
// reports it, see the access package).
func TestAccEgressAllowlist_catchAllAllowedExplicitly(t *testing.T) {
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `resource "ziti_egress_allowlist" "x" {
  name            = "x"
  identity_roles  = ["#agents"]
  gateway_roles   = ["#gw"]
  allow_catch_all = true
  destination     = [{ host = "0.0.0.0/0", ports = [443] }, { host = "*.com", ports = [443] }]
}
`,
			PlanOnly: true, ExpectNonEmptyPlan: true,
		}},
	})
}

func TestAccEgressAllowlist_invalidConfigs(t *testing.T) {
	base := `resource "ziti_egress_allowlist" "x" {
  name           = "x"
  identity_roles = ["#agents"]
  gateway_roles  = ["@gw"]
  destination = [%s]
}
`
	cases := map[string]struct{ dests, want string }{
		"twice the same host":   {`{ host = "a.com", ports = [443] }, { host = "a.com", ports = [80] }`, `a.com is listed more than once for tcp`},
		"no destination":        {``, `(?s)destination.*at least 1`},
		"bad CIDR":              {`{ host = "10.0.0.0/33", ports = [1] }`, `not a valid CIDR`},
		"port out of range":     {`{ host = "a.com", ports = [70000] }`, `between 1 and 65535`},
		"connect to a wildcard": {`{ host = "a.com", ports = [1], connect_address = "*.b.com" }`, `is a wildcard`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				PreCheck:                 acctest.PreCheck(t),
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps:                    []resource.TestStep{{Config: fmt.Sprintf(base, tc.dests), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}
