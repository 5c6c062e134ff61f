package posturecheck_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

var osChecks = client.Entities[any, *rest_model.PostureCheckOperatingSystemUpdate, *rest_model.PostureCheckOperatingSystemDetail](client.PostureChecks)

func check(typ, name string, lines ...string) string {
	return acctest.Resource(typ, "c", append([]string{fmt.Sprintf("name = %q", name)}, lines...)...)
}

func osEntry(typ string, versions ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(versions))
	for i, v := range versions {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact(typ), "versions": knownvalue.SetExact(checks)})
}

func TestAccPostureCheckOS_lifecycle(t *testing.T) {
	const addr = "ziti_posture_check_os.c"
	name := acctest.Name("pos")
	created := []string{`role_attributes = ["laptops"]`,
		`operating_systems = [{ type = "Windows", versions = [">=10.0.19045"] }, { type = "macOS", versions = [] }]`}
	updated := []string{`role_attributes = ["laptops", "admins"]`, `tags = { owner = "tf" }`,
		`operating_systems = [{ type = "Linux", versions = [">=5.15.0 <7.0.0", ">=4.19.0 <4.20.0"] }]`}
	var id string
	acctest.Test(t, resource.TestCase{
		CheckDestroy: acctest.CheckDestroyed(t, client.PostureChecks, "ziti_posture_check_os"),
		Steps: []resource.TestStep{
			{
				Config: check("ziti_posture_check_os", name, created...),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("laptops")),
					acctest.Value(addr, "operating_systems", knownvalue.SetExact([]knownvalue.Check{osEntry("Windows", ">=10.0.19045"), osEntry("macOS")})),
				},
				Check: resource.ComposeTestCheckFunc(acctest.CaptureID(addr, &id),
					acctest.CheckAPI(t, osChecks, &id, func(d *rest_model.PostureCheckOperatingSystemDetail) error {
						if len(d.OperatingSystems) != 2 {
							return fmt.Errorf("controller holds %d operating systems, want 2", len(d.OperatingSystems))
						}
						return nil
					})),
			},
			{
				Config:           check("ziti_posture_check_os", name, updated...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.Value(addr, "role_attributes", acctest.StringSet("admins", "laptops")),
					acctest.Value(addr, "operating_systems", knownvalue.SetExact([]knownvalue.Check{osEntry("Linux", ">=5.15.0 <7.0.0", ">=4.19.0 <4.20.0")})),
				},
				Check: acctest.SameID(addr, &id),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateId: "name:" + name},
			{
				// An operator lets Windows in too: the plan shows it and the apply takes it out.
				PreConfig: acctest.ChangeOutOfBand(t, osChecks, &id, func(d *rest_model.PostureCheckOperatingSystemDetail) *rest_model.PostureCheckOperatingSystemUpdate {
					windows := rest_model.OsTypeWindows
					u := &rest_model.PostureCheckOperatingSystemUpdate{OperatingSystems: append(d.OperatingSystems, &rest_model.OperatingSystem{Type: &windows, Versions: []string{}})}
					u.SetName(d.Name())
					u.SetRoleAttributes(d.RoleAttributes())
					u.SetTags(d.Tags())
					return u
				}),
				Config:           check("ziti_posture_check_os", name, updated...),
				ConfigPlanChecks: acctest.ExpectUpdate(addr),
				Check: acctest.CheckAPI(t, osChecks, &id, func(d *rest_model.PostureCheckOperatingSystemDetail) error {
					if len(d.OperatingSystems) != 1 {
						return fmt.Errorf("controller holds %d operating systems after the apply, want 1", len(d.OperatingSystems))
					}
					return nil
				}),
			},
			{
				PreConfig:        acctest.DeleteOutOfBand(t, client.PostureChecks, &id),
				Config:           check("ziti_posture_check_os", name, updated...),
				ConfigPlanChecks: acctest.ExpectCreate(addr),
			},
		},
	})
}

// The other kinds: create, update in place, import by id and name, and a re-create after an
// out-of-band delete.
func TestAccPostureCheck_otherKinds(t *testing.T) {
	hash := strings.Repeat("ab", 64)
	for _, kind := range []struct {
		typ              string
		created, updated string
		checks           []statecheck.StateCheck
		importIgnore     []string // spellings the controller normalizes: import shows its form
	}{
		{typ: "ziti_posture_check_mac", created: `mac_addresses = ["00:1a:2b:3c:4d:5e"]`, updated: `mac_addresses = ["00:1a:2b:3c:4d:5e", "AA-BB-CC-DD-EE-FF"]`,
			checks:       []statecheck.StateCheck{acctest.Value("ziti_posture_check_mac.c", "mac_addresses", acctest.StringSet("00:1a:2b:3c:4d:5e", "AA-BB-CC-DD-EE-FF"))},
			importIgnore: []string{"mac_addresses"}},
		{typ: "ziti_posture_check_domain", created: `domains = ["CORP"]`, updated: `domains = ["CORP", "LAB"]`,
			checks: []statecheck.StateCheck{acctest.Value("ziti_posture_check_domain.c", "domains", acctest.StringSet("CORP", "LAB"))}},
		{typ: "ziti_posture_check_mfa", created: ``, updated: "timeout_seconds = 300\n  prompt_on_wake = true\n  prompt_on_unlock = true\n  ignore_legacy_endpoints = true",
			checks: []statecheck.StateCheck{
				acctest.Value("ziti_posture_check_mfa.c", "timeout_seconds", knownvalue.Int64Exact(300)),
				acctest.Value("ziti_posture_check_mfa.c", "prompt_on_wake", knownvalue.Bool(true)),
				acctest.Value("ziti_posture_check_mfa.c", "prompt_on_unlock", knownvalue.Bool(true)),
				acctest.Value("ziti_posture_check_mfa.c", "ignore_legacy_endpoints", knownvalue.Bool(true)),
			}},
		{typ: "ziti_posture_check_process", created: `os_type = "Windows"` + "\n  " + `path = "C:\\Program Files\\Agent\\agent.exe"`,
			updated: `os_type = "Linux"` + "\n  " + `path = "/opt/agent/bin/agent"` + "\n  " + `hashes = ["` + hash + `"]` + "\n  " + `signer_fingerprint = "0a1b2c"`,
			checks: []statecheck.StateCheck{
				acctest.Value("ziti_posture_check_process.c", "os_type", knownvalue.StringExact("Linux")),
				acctest.Value("ziti_posture_check_process.c", "path", knownvalue.StringExact("/opt/agent/bin/agent")),
				acctest.Value("ziti_posture_check_process.c", "hashes", acctest.StringSet(hash)),
				acctest.Value("ziti_posture_check_process.c", "signer_fingerprint", knownvalue.StringExact("0a1b2c")),
			}},
		{typ: "ziti_posture_check_process_multi", created: `semantic = "AnyOf"` + "\n  " + `processes = [{ os_type = "Linux", path = "/opt/agent/bin/agent" }]`,
			updated: `semantic = "AllOf"` + "\n  " + `processes = [{ os_type = "Linux", path = "/opt/agent/bin/agent", hashes = ["` + hash + `"], signer_fingerprints = ["0a1b2c"] }, { os_type = "Linux", path = "/usr/bin/auditd" }]`,
			checks: []statecheck.StateCheck{
				acctest.Value("ziti_posture_check_process_multi.c", "semantic", knownvalue.StringExact("AllOf")),
				acctest.Value("ziti_posture_check_process_multi.c", "processes", knownvalue.SetSizeExact(2)),
			}},
	} {
		t.Run(kind.typ, func(t *testing.T) {
			addr, name := kind.typ+".c", acctest.Name("pc")
			var id string
			acctest.Test(t, resource.TestCase{
				CheckDestroy: acctest.CheckDestroyed(t, client.PostureChecks, kind.typ),
				Steps: []resource.TestStep{
					{Config: check(kind.typ, name, kind.created), Check: acctest.CaptureID(addr, &id)},
					{Config: check(kind.typ, name, kind.updated, `role_attributes = ["x"]`), ConfigPlanChecks: acctest.ExpectUpdate(addr),
						ConfigStateChecks: kind.checks, Check: acctest.SameID(addr, &id)},
					{Config: check(kind.typ, name, kind.updated, `role_attributes = ["x"]`), ConfigPlanChecks: acctest.ExpectEmptyPlan()},
					{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: kind.importIgnore},
					{ResourceName: addr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: kind.importIgnore, ImportStateId: "name:" + name},
					{PreConfig: acctest.DeleteOutOfBand(t, client.PostureChecks, &id), Config: check(kind.typ, name, kind.updated, `role_attributes = ["x"]`),
						ConfigPlanChecks: acctest.ExpectCreate(addr)},
				},
			})
		})
	}
}

func TestAccPostureCheck_invalidConfigs(t *testing.T) {
	nested := func(name, typ, want string, lines ...string) acctest.Invalid {
		return acctest.Invalid{Name: name, Config: check(typ, "x", lines...), Error: regexp.MustCompile(want)}
	}
	acctest.InvalidConfigs(t, []acctest.Invalid{
		nested("impossible OS version range", "ziti_posture_check_os", `(?s)no version is in ">=15.0.0 <14.0.0".*swap or correct`,
			`operating_systems = [{ type = "macOS", versions = [">=15.0.0 <14.0.0"] }]`),
		nested("OS version not semver", "ziti_posture_check_os", `(?s)"10" is not a semver range`, `operating_systems = [{ type = "Windows", versions = ["10"] }]`),
		nested("unknown OS", "ziti_posture_check_os", `(?s)operating_systems\[.*\]\.type value\s+must be one of`, `operating_systems = [{ type = "BeOS", versions = [] }]`),
		{Name: "no OS", Config: check("ziti_posture_check_os", "x", `operating_systems = []`), Error: acctest.ErrorOn("operating_systems", `must contain at least 1 elements`)},
		{Name: "bad MAC", Config: check("ziti_posture_check_mac", "x", `mac_addresses = ["00:1a:2b"]`), Error: acctest.ErrorOn("mac_addresses", `must be a MAC address`)},
		{Name: "no domains", Config: check("ziti_posture_check_domain", "x", `domains = []`), Error: acctest.ErrorOn("domains", `must contain at least 1 elements`)},
		{Name: "process hash not hex", Config: check("ziti_posture_check_process", "x", `os_type = "Linux"`, `path = "/bin/x"`, `hashes = ["AB:CD"]`),
			Error: acctest.ErrorOn("hashes", `must be a hash in lower-case hex`)},
		{Name: "process without path", Config: check("ziti_posture_check_process", "x", `os_type = "Linux"`, `path = " "`),
			Error: acctest.ErrorOn("path", `must be the program's full path`)},
		{Name: "unknown semantic", Config: check("ziti_posture_check_process_multi", "x", `semantic = "OneOf"`, `processes = [{ os_type = "Linux", path = "/bin/x" }]`),
			Error: acctest.ErrorOn("semantic", `value must be one of`)},
		{Name: "MFA timeout below -1", Config: check("ziti_posture_check_mfa", "x", `timeout_seconds = -5`), Error: acctest.ErrorOn("timeout_seconds", `must be at least -1`)},
	})
}

// The data sources of a kind see only checks of that kind.
func TestAccPostureCheck_dataSources(t *testing.T) {
	prefix := acctest.Name("ds")
	resources := fmt.Sprintf(`
resource "ziti_posture_check_os" "one" {
  name              = "%[1]s-one"
  role_attributes   = ["%[1]s"]
  operating_systems = [{ type = "Linux", versions = [] }]
}
resource "ziti_posture_check_os" "two" {
  name              = "%[1]s-two"
  role_attributes   = ["%[1]s"]
  operating_systems = [{ type = "Windows", versions = [">=10.0.0"] }]
}
resource "ziti_posture_check_mfa" "other_kind" {
  name            = "%[1]s-mfa"
  role_attributes = ["%[1]s"]
}
`, prefix)
	ds := acctest.DataSources{Type: "ziti_posture_check_os", Plural: "ziti_posture_checks_os", List: "posture_checks_os",
		Entity: "OS posture check", Filter: fmt.Sprintf("name contains %q", prefix)}
	acctest.Test(t, resource.TestCase{
		Steps: ds.Steps(prefix, resources,
			acctest.Value("data.ziti_posture_check_os.by_name", "operating_systems", knownvalue.SetExact([]knownvalue.Check{osEntry("Linux")})),
			acctest.Value("data.ziti_posture_check_os.by_id", "operating_systems", knownvalue.SetExact([]knownvalue.Check{osEntry("Windows", ">=10.0.0")})),
		),
	})
}
