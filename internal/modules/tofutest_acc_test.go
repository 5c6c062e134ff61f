package modules_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// The modules' own tests (tests/*.tftest.hcl) are what a module author runs: `tofu test` in the
// module's directory, against a real controller, the provider's settings in the environment.
// Here they run against the package's controller (acctest.Shared exports ZITI_API_URL,
// ZITI_USERNAME, ZITI_PASSWORD and ZITI_CA_FILE to the tofu processes) with the provider binary
// under test through dev_overrides. Each module is copied to a temporary directory first:
// `tofu get` (which installs the tests' fixture modules; `tofu init` would look the provider up
// in the registry) and the test runs then write nothing into the source tree.

var (
	runBlock    = regexp.MustCompile(`(?m)^run "([a-z0-9_]+)"`)
	runPassed   = regexp.MustCompile(`(?m)^\s*run "([a-z0-9_]+)"\.\.\. pass$`)
	testSummary = regexp.MustCompile(`(?m)^(Success|Failure)! (\d+) passed, (\d+) failed(?:, (\d+) skipped)?\.`)

	alphaDialsAll = regexp.MustCompile(`worker tftest-\w+-alpha may dial \["tftest-\w+-alpha","tftest-\w+-beta","tftest-\w+-gamma"\]`)
)

// TestAccModules_tofuTest runs every module's tofu tests and expects each run block to pass:
// the apply runs create real entities and assert the isolation promises on what the
// controller grants; the plan runs expect the variables' validations to refuse bad inputs.
// When the runs are done, no entity they created is left on the controller.
func TestAccModules_tofuTest(t *testing.T) {
	cli := tofuTestSetup(t)
	for _, name := range moduleNames(t) {
		t.Run(name, func(t *testing.T) {
			dir := copyModule(t, name)
			runs := declaredRuns(t, dir)
			if len(runs) == 0 {
				t.Fatalf("module %s has no run blocks in tests/*.tftest.hcl", name)
			}
			out, code := tofuTest(t, dir, cli)
			if code != 0 {
				t.Fatalf("tofu test in %s exited %d:\n%s", name, code, out)
			}
			passed, failed := summary(t, out)
			if passed != len(runs) || failed != 0 {
				t.Errorf("tofu test in %s: %d passed, %d failed; want all %d run blocks %v to pass:\n%s", name, passed, failed, len(runs), runs, out)
			}
			if got := runPassed.FindAllStringSubmatch(out, -1); len(got) != len(runs) {
				t.Errorf("tofu test in %s reports %d passing runs, want %d:\n%s", name, len(got), len(runs), out)
			}
			checkNothingLeft(t)
		})
	}
}

// The tofu tests can fail: a module whose promise is broken (here a worker also granted Dial
// on the workers' services, in the module's own policy) fails its isolation run, names the
// broken promise and what the worker may dial, and still leaves nothing behind; a validation
// run whose input is valid fails its expect_failures.
func TestAccModules_tofuTestFailsOnBrokenPromise(t *testing.T) {
	cli := tofuTestSetup(t)
	dir := copyModule(t, "orchestrator-workers")
	rewrite(t, filepath.Join(dir, "main.tf"),
		`identity_roles = ["@${ziti_identity.orchestrator.name}"]`,
		`identity_roles = ["@${ziti_identity.orchestrator.name}", "@${ziti_identity.worker["alpha"].name}"]`)
	out, code := tofuTest(t, dir, cli, "-filter=tests/isolation.tftest.hcl")
	if code != 1 {
		t.Fatalf("tofu test of a module whose worker may dial exited %d, want 1:\n%s", code, out)
	}
	// tofu test fails a run whose check block fails (the module's own promise) before its
	// asserts are evaluated; the message names what the worker may dial, as the controller
	// answers.
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{`run "three_workers"... fail`, "Check block assertion failed", `in check "workers_dial_nothing"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("tofu test output does not contain %q:\n%s", want, out)
		}
	}
	if !alphaDialsAll.MatchString(flat) {
		t.Errorf("tofu test output does not match %s:\n%s", alphaDialsAll, out)
	}
	if _, failed := summary(t, out); failed == 0 {
		t.Errorf("tofu test reports no failed run:\n%s", out)
	}
	checkNothingLeft(t)

	dir = copyModule(t, "orchestrator-workers")
	rewrite(t, filepath.Join(dir, "tests", "validation.tftest.hcl"), "worker_port = 65536", "worker_port = 8443")
	out, code = tofuTest(t, dir, cli, "-filter=tests/validation.tftest.hcl")
	if code != 1 || !strings.Contains(out, `run "port_out_of_range"... fail`) {
		t.Errorf("tofu test with a valid worker_port where a failure is expected exited %d, want 1 and port_out_of_range failing:\n%s", code, out)
	}
}

// tofuTestSetup starts the package's controller (which exports the provider's settings to
// the environment) and returns a dev_overrides CLI configuration for the provider under test.
func tofuTestSetup(t *testing.T) string {
	t.Helper()
	acctest.Shared(t)
	return acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t))
}

// tofuTest installs the tests' fixture modules and runs tofu test in dir.
func tofuTest(t *testing.T, dir, cli string, args ...string) (string, int) {
	t.Helper()
	acctest.MustTofu(t, dir, cli, "get", "-no-color")
	return acctest.RunTofu(t, dir, cli, append([]string{"test", "-no-color"}, args...)...)
}

// copyModule copies a module's directory to a temporary directory, without what tofu may
// have left in the source tree (a developer running it by hand).
func copyModule(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(moduleSource(t, name))); err != nil {
		t.Fatalf("copying module %s: %v", name, err)
	}
	local, _ := filepath.Glob(filepath.Join(dst, "*.tfstate*"))
	for _, p := range append(local, filepath.Join(dst, ".terraform"), filepath.Join(dst, ".terraform.lock.hcl")) {
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// declaredRuns lists the run blocks of a module's test files.
func declaredRuns(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "tests", "*.tftest.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range runBlock.FindAllStringSubmatch(string(b), -1) {
			runs = append(runs, filepath.Base(f)+":"+m[1])
		}
	}
	return runs
}

// summary is the count of passed and failed runs in tofu test's last line.
func summary(t *testing.T, out string) (passed, failed int) {
	t.Helper()
	m := testSummary.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("tofu test printed no summary:\n%s", out)
	}
	passed, _ = strconv.Atoi(m[2])
	failed, _ = strconv.Atoi(m[3])
	return passed, failed
}

// rewrite replaces from by to in a file, once, failing the test when from is not there (the
// module changed and the test must follow).
func rewrite(t *testing.T, path, from, to string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), from) != 1 {
		t.Fatalf("%s does not contain %q exactly once", path, from)
	}
	//nolint:gosec // path is in the test's own copy of a module
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), from, to, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkNothingLeft asserts that tofu test destroyed what its runs created: every name the
// test fixtures hand out starts with "tftest-".
func checkNothingLeft(t *testing.T) {
	t.Helper()
	ctx, c := context.Background(), acctest.AdminClient(t)
	const filter = `name contains "tftest-" limit 100`
	ids, err := client.Identities.List(ctx, c, filter)
	if err != nil {
		t.Fatalf("listing identities: %v", err)
	}
	services, err := client.Services.List(ctx, c, filter)
	if err != nil {
		t.Fatalf("listing services: %v", err)
	}
	policies, err := client.ServicePolicies.List(ctx, c, filter)
	if err != nil {
		t.Fatalf("listing service policies: %v", err)
	}
	if n := len(ids) + len(services) + len(policies); n != 0 {
		t.Errorf("tofu test left %d identities, %d services and %d service policies named tftest-* on the controller", len(ids), len(services), len(policies))
	}
}
