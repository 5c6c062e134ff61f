package service_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

const addr = "ziti_service.svc"

func serviceConfig(name, body string) string {
	return acctest.Resource("ziti_service", "svc", fmt.Sprintf("name = %q", name), body)
}

func TestAccService_lifecycle(t *testing.T) {
	name := acctest.Name("svc")
	var id string
	created := `role_attributes = ["llm", "agents"]
  max_idle_time   = "300s"
  tags            = { owner = "tf" }`
	updated := `role_attributes     = ["agents", "tier-b"]
  terminator_strategy = "weighted"
  encryption_required = false
  max_idle_time       = "5m"
  tags                = { owner = "tf", env = "test" }`
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Services, "ziti_service"),
		Steps: []resource.TestStep{
			{
				// "300s" is kept as written although the controller answers 300000 ms (which
				// would read back as "5m"): the plan after apply is empty.
				Config: serviceConfig(name, created),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "name", knownvalue.StringExact(name)),
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "llm")),
					acctest.Value(addr, "configs", acctest.StringSet()),
					acctest.Value(addr, "encryption_required", knownvalue.Bool(true)),
					acctest.Value(addr, "terminator_strategy", knownvalue.StringExact("smartrouting")),
					acctest.Value(addr, "max_idle_time", knownvalue.StringExact("300s")),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("tf")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id), acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
					if ms := *d.MaxIdleTimeMillis; ms != 300000 || !*d.EncryptionRequired {
						return fmt.Errorf("controller holds maxIdleTimeMillis=%d encryptionRequired=%v, want 300000 and true", ms, *d.EncryptionRequired)
					}
					return nil
				})),
			},
			{
				// The same role attributes in another order: nothing to do.
				Config:           serviceConfig(name, `role_attributes = ["agents", "llm"]`+"\n  max_idle_time = \"300s\"\n  tags = { owner = \"tf\" }"),
				ConfigPlanChecks: acctest.ExpectEmptyPlan(),
			},
			{
				// Update in place, including encryption_required: the controller v1.7.2 applies
				// it on PUT (only PATCH ignores it), so it does not replace the service.
				Config:           serviceConfig(name, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "tier-b")),
					acctest.Value(addr, "terminator_strategy", knownvalue.StringExact("weighted")),
					acctest.Value(addr, "encryption_required", knownvalue.Bool(false)),
					acctest.Value(addr, "max_idle_time", knownvalue.StringExact("5m")),
				},
				Check: acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
					if *d.EncryptionRequired || *d.TerminatorStrategy != "weighted" || *d.MaxIdleTimeMillis != 300000 {
						return fmt.Errorf("controller holds encryptionRequired=%v terminatorStrategy=%s maxIdleTimeMillis=%d", *d.EncryptionRequired, *d.TerminatorStrategy, *d.MaxIdleTimeMillis)
					}
					return nil
				}),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator changes the service in the console: the plan shows the drift and
				// the apply puts it back.
				PreConfig: acctest.ChangeOutOfBand(t, client.Services, &id, func(d *rest_model.ServiceDetail) *rest_model.ServiceUpdate {
					return &rest_model.ServiceUpdate{Name: d.Name, RoleAttributes: []string{"agents", "admin-tools"}, TerminatorStrategy: "random",
						EncryptionRequired: *d.EncryptionRequired, MaxIdleTimeMillis: *d.MaxIdleTimeMillis, Tags: d.Tags}
				}),
				Config:           serviceConfig(name, updated),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("agents", "tier-b")),
					acctest.Value(addr, "terminator_strategy", knownvalue.StringExact("weighted")),
				},
			},
			{
				// Without max_idle_time the controller stores 0 (never idle out) and the state
				// holds null, not "0s".
				Config:           serviceConfig(name, `role_attributes = ["agents", "tier-b"]`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "max_idle_time", knownvalue.Null()),
					acctest.Value(addr, "encryption_required", knownvalue.Bool(true)),
					acctest.Value(addr, "terminator_strategy", knownvalue.StringExact("smartrouting")),
					acctest.Value(addr, "tags", knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
				Check: acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
					if *d.MaxIdleTimeMillis != 0 || !*d.EncryptionRequired {
						return fmt.Errorf("controller holds maxIdleTimeMillis=%d encryptionRequired=%v, want 0 and true", *d.MaxIdleTimeMillis, *d.EncryptionRequired)
					}
					return nil
				}),
			},
			{
				// Deleted behind Terraform's back: the plan creates it again.
				PreConfig:        acctest.DeleteOutOfBand(t, client.Services, &id),
				Config:           serviceConfig(name, `role_attributes = ["agents", "tier-b"]`),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

const configsHCL = `
resource "ziti_config" "intercept" {
  name        = "%[1]s-intercept"
  config_type = "intercept.v1"
  data = jsonencode({
    protocols  = ["tcp"]
    addresses  = ["%[1]s.ziti"]
    portRanges = [{ low = 443, high = 443 }]
  })
}

resource "ziti_config" "host" {
  name        = "%[1]s-host"
  config_type = "host.v1"
  data        = jsonencode({ protocol = "tcp", address = "127.0.0.1", port = 8443 })
}
`

// A service carries an intercept.v1 config (type given by name) and a host.v1 config. When a
// config is deleted outside Terraform, the controller silently removes it from the service:
// the plan shows the service's configs drifting and puts the re-created config back.
func TestAccService_configs(t *testing.T) {
	prefix := acctest.Name("svc")
	config := fmt.Sprintf(configsHCL, prefix) + serviceConfig(prefix, `configs = [ziti_config.intercept.id, ziti_config.host.id]`)
	var id, hostID, interceptID string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: resource.ComposeTestCheckFunc(acctest.CheckDestroyed(t, client.Services, "ziti_service"),
			acctest.CheckDestroyed(t, client.Configs, "ziti_config")),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "configs", knownvalue.SetSizeExact(2)),
					statecheck.CompareValueCollection(addr, []tfjsonpath.Path{tfjsonpath.New("configs")}, "ziti_config.intercept", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValueCollection(addr, []tfjsonpath.Path{tfjsonpath.New("configs")}, "ziti_config.host", tfjsonpath.New("id"), compare.ValuesSame()),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id), acctest.CaptureID("ziti_config.host", &hostID),
					acctest.CaptureID("ziti_config.intercept", &interceptID),
					acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
						if len(d.Configs) != 2 {
							return fmt.Errorf("controller holds configs %v, want the intercept and host configs", d.Configs)
						}
						return nil
					})),
			},
			{
				PreConfig: acctest.DeleteOutOfBand(t, client.Configs, &hostID),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ziti_config.host", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
					if len(d.Configs) != 2 {
						return fmt.Errorf("controller holds configs %v after the apply, want both configs back", d.Configs)
					}
					return nil
				}),
			},
			{
				// Without the host config in the configuration: one config left on the service.
				Config:           fmt.Sprintf(configsHCL, prefix) + serviceConfig(prefix, `configs = [ziti_config.intercept.id]`),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, client.Services, &id, func(d *rest_model.ServiceDetail) error {
					if len(d.Configs) != 1 || d.Configs[0] != interceptID {
						return fmt.Errorf("controller holds configs %v, want only %s", d.Configs, interceptID)
					}
					return nil
				}),
			},
		},
	})
}

// The controller allows one config per config type on a service; its refusal lands on configs.
func TestAccService_configErrors(t *testing.T) {
	prefix := acctest.Name("svc")
	second := fmt.Sprintf(`
resource "ziti_config" "intercept2" {
  name        = "%[1]s-intercept2"
  config_type = "intercept.v1"
  data        = jsonencode({ protocols = ["udp"], addresses = ["%[1]s-2.ziti"], portRanges = [{ low = 53, high = 53 }] })
}
`, prefix)
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.Services, "ziti_service"),
		Steps: []resource.TestStep{
			{
				Config:      fmt.Sprintf(configsHCL, prefix) + second + serviceConfig(prefix, `configs = [ziti_config.intercept.id, ziti_config.intercept2.id]`),
				ExpectError: acctest.ErrorOn("configs", `duplicate configs named.*intercept.v1`),
			},
			{
				Config:      serviceConfig(prefix, `configs = ["no-such-config"]`),
				ExpectError: acctest.ErrorOn("configs", `No config has the id "no-such-config"`),
			},
		},
	})
}

func TestAccService_invalidConfigs(t *testing.T) {
	invalid := func(name, line, attr, want string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: acctest.Resource("ziti_service", "x", `name = "x"`, line), Error: acctest.ErrorOn(attr, want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		invalid("role attribute with #", `role_attributes = ["#llm"]`, "role_attributes", `may not start with "#"`),
		invalid("unknown strategy ha", `terminator_strategy = "ha"`, "terminator_strategy", `value must be one of:.*"smartrouting".*"sticky"`),
		invalid("max_idle_time not a dur", `max_idle_time = "5 minutes"`, "max_idle_time", `not a non-negative Go duration`),
		invalid("max_idle_time negative", `max_idle_time = "-5m"`, "max_idle_time", `not a non-negative Go duration`),
		invalid("max_idle_time too fine", `max_idle_time = "1500us"`, "max_idle_time", `finer than the controller stores: use a whole number of 1ms`),
		invalid("empty config id", `configs = [""]`, "configs", `length must be at least 1`),
	})
}

func TestAccService_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_service" "one" {
  name            = "%[1]s-one"
  role_attributes = ["%[1]s"]
  max_idle_time   = "90s"
}
resource "ziti_service" "two" {
  name                = "%[1]s-two"
  role_attributes     = ["%[1]s"]
  terminator_strategy = "random"
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_service", Plural: "ziti_services", List: "services", Entity: "service",
		Filter: fmt.Sprintf("anyOf(roleAttributes) = %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_service.by_name", "max_idle_time", knownvalue.StringExact("1m30s")),
			acctest.Value("data.ziti_service.by_name", "encryption_required", knownvalue.Bool(true)),
			acctest.Value("data.ziti_service.by_id", "terminator_strategy", knownvalue.StringExact("random")),
			acctest.Value("data.ziti_service.by_id", "max_idle_time", knownvalue.Null()),
		),
	})
}
