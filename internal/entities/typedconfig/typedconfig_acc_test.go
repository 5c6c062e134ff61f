package typedconfig_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// pair is one config of each type, named <prefix>-intercept and <prefix>-host.
func pair(prefix, port string) string {
	return fmt.Sprintf(`
resource "ziti_intercept_v1_config" "i" {
  name        = "%[1]s-intercept"
  protocols   = ["tcp"]
  addresses   = ["%[1]s.ziti"]
  port_ranges = [{ low = %[2]s, high = %[2]s }]
}
resource "ziti_host_v1_config" "h" {
  name     = "%[1]s-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = %[2]s
}
`, prefix, port)
}

// The data sources only see configs of their type: a filter that matches both configs finds
// one of each, and a config of the other type is refused with a clear error.
func TestAccTypedConfig_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	config := pair(prefix, "443") + fmt.Sprintf(`
data "ziti_intercept_v1_config" "by_name" {
  name = ziti_intercept_v1_config.i.name
}
data "ziti_intercept_v1_config" "by_filter" {
  filter     = "name contains \"%[1]s\""
  depends_on = [ziti_intercept_v1_config.i, ziti_host_v1_config.h]
}
data "ziti_host_v1_config" "by_id" {
  id = ziti_host_v1_config.h.id
}
data "ziti_intercept_v1_configs" "all" {
  filter     = "name contains \"%[1]s\" sort by name"
  depends_on = [ziti_intercept_v1_config.i, ziti_host_v1_config.h]
}
data "ziti_host_v1_configs" "all" {
  filter     = "name contains \"%[1]s\""
  depends_on = [ziti_intercept_v1_config.i, ziti_host_v1_config.h]
}
`, prefix)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.SameValue("data.ziti_intercept_v1_config.by_name", "id", "ziti_intercept_v1_config.i", "id"),
					acctest.Value("data.ziti_intercept_v1_config.by_name", "addresses", acctest.StringSet(prefix+".ziti")),
					acctest.Value("data.ziti_intercept_v1_config.by_name", "port_ranges", ranges(443, 443)),
					acctest.Value("data.ziti_intercept_v1_config.by_filter", "name", knownvalue.StringExact(prefix+"-intercept")),
					acctest.Value("data.ziti_intercept_v1_config.by_filter", "filter", knownvalue.StringExact(`name contains "`+prefix+`"`)),
					acctest.Value("data.ziti_host_v1_config.by_id", "name", knownvalue.StringExact(prefix+"-host")),
					acctest.Value("data.ziti_host_v1_config.by_id", "port", knownvalue.Int64Exact(443)),
					acctest.Value("data.ziti_host_v1_config.by_id", "forward_port", knownvalue.Bool(false)),
					acctest.Value("data.ziti_intercept_v1_configs.all", "intercept_v1_configs", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-intercept")})})),
					acctest.Value("data.ziti_host_v1_configs.all", "host_v1_configs", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + "-host"), "address": knownvalue.StringExact("127.0.0.1")})})),
					acctest.Value("data.ziti_host_v1_configs.all", "ids", knownvalue.ListSizeExact(1)),
				},
			},
			{
				Config:      config + "\ndata \"ziti_intercept_v1_config\" \"wrong\" {\n  name = ziti_host_v1_config.h.name\n}\n",
				ExpectError: regexp.MustCompile(`The config "` + prefix + `-host" is of type host.v1, not\s+intercept.v1`),
			},
			{
				Config:      config + "\ndata \"ziti_host_v1_config\" \"wrong\" {\n  id = ziti_intercept_v1_config.i.id\n}\n",
				ExpectError: regexp.MustCompile(`The config "` + prefix + `-intercept" is of type intercept.v1, not\s+host.v1`),
			},
		},
	})
}

// Importing the id of a host.v1 config into ziti_intercept_v1_config is refused, by id and by
// name, instead of reading a host config as an intercept one.
func TestAccTypedConfig_importOfWrongTypeFails(t *testing.T) {
	prefix := acctest.Name("wrong")
	config := pair(prefix, "80")
	// An import step with its own configuration runs in a fresh working directory, where the
	// test framework does not add the provider's source address: name it here.
	withTarget := config + `
terraform {
  required_providers {
    ziti = { source = "registry.opentofu.org/agentfence/ziti" }
  }
}
resource "ziti_intercept_v1_config" "target" {
  name        = "target"
  protocols   = ["tcp"]
  addresses   = ["target.ziti"]
  port_ranges = [{ low = 80, high = 80 }]
}
`
	hostID := func(s *terraform.State) (string, error) {
		return s.RootModule().Resources["ziti_host_v1_config.h"].Primary.ID, nil
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: config},
			{
				Config: withTarget, ResourceName: "ziti_intercept_v1_config.target", ImportState: true, ImportStateIdFunc: hostID,
				ExpectError: regexp.MustCompile(`(?s)is of type host.v1, not\s+intercept.v1.*ziti_intercept_v1_config\s+manages\s+intercept.v1\s+configs\s+only`),
			},
			{
				Config: withTarget, ResourceName: "ziti_intercept_v1_config.target", ImportState: true, ImportStateId: "name:" + prefix + "-host",
				ExpectError: regexp.MustCompile(`is of type host.v1, not\s+intercept.v1`),
			},
		},
	})
}

// A service carries one config of each type: the intercept side for its clients, the host
// side for its hosting router. Both attach by id, and updating a config in place keeps the
// service's reference (the id does not change).
func TestAccTypedConfig_serviceUsesBoth(t *testing.T) {
	prefix := acctest.Name("svc")
	var interceptID, hostID, serviceID string
	ctx := context.Background()
	attachService := func(s *terraform.State) error {
		c := acctest.AdminClient(t)
		id, err := client.Services.Create(ctx, c, &rest_model.ServiceCreate{
			Name: ptr(prefix), EncryptionRequired: ptr(true), Configs: []string{interceptID, hostID},
		})
		if err != nil {
			return fmt.Errorf("creating a service with both configs: %w", err)
		}
		serviceID = id
		t.Cleanup(func() { _ = client.Services.Delete(ctx, c, id) })
		return checkServiceConfigs(t, serviceID, interceptID, hostID)
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config: pair(prefix, "8080"),
				Check: resource.ComposeTestCheckFunc(
					acctest.CaptureID("ziti_intercept_v1_config.i", &interceptID),
					acctest.CaptureID("ziti_host_v1_config.h", &hostID),
					attachService,
				),
			},
			{
				Config:           pair(prefix, "9090"),
				ConfigPlanChecks: acctest.ExpectUpdate("ziti_host_v1_config.h"),
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error { return checkServiceConfigs(t, serviceID, interceptID, hostID) },
					checkData(t, "ziti_host_v1_config.h", `{"protocol": "tcp", "address": "127.0.0.1", "port": 9090}`),
				),
			},
		},
	})
}

func checkServiceConfigs(t *testing.T, serviceID string, want ...string) error {
	svc, err := client.Services.Get(context.Background(), acctest.AdminClient(t), serviceID)
	if err != nil {
		return err
	}
	for _, id := range want {
		if !slices.Contains(svc.Configs, id) {
			return fmt.Errorf("service %s has configs %v; want %v among them", serviceID, svc.Configs, want)
		}
	}
	return nil
}
