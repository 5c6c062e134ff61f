package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/openziti/edge-api/rest_management_api_client/api_session"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// ProviderBinaryDir builds the provider binary once per test package (into a temporary
// directory that Run removes when the package's tests end) for tests that drive
// tofu/terraform as a user would, through dev_overrides. Without TF_ACC it skips the test.
func ProviderBinaryDir(t testing.TB) string {
	t.Helper()
	skipUnlessAcc(t)
	buildOnce.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			buildErr = err
			return
		}
		// Shared by all the package's tests, so not t.TempDir (gone after the first test).
		buildDir, buildErr = os.MkdirTemp("", "ziti-provider-bin-") //nolint:usetesting // removed by removeProviderBinary
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(buildDir, "terraform-provider-ziti"), ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

// removeProviderBinary deletes what ProviderBinaryDir built; Run calls it after the tests.
func removeProviderBinary() {
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
}

// DevOverridesConfig writes a CLI configuration that makes tofu/terraform use the provider
// binary in dir for agentfence/ziti (under both registries' addresses), without `init`.
func DevOverridesConfig(t testing.TB, dir string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "dev.tfrc")
	content := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/agentfence/ziti" = %q
    "registry.opentofu.org/agentfence/ziti" = %q
  }
  direct {}
}
`, dir, dir)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// CountAPISessions is the number of API sessions the controller holds.
func CountAPISessions(t testing.TB) int64 {
	t.Helper()
	limit := int64(1)
	params := api_session.NewListAPISessionsParamsWithContext(context.Background()).WithLimit(&limit)
	ok, err := AdminClient(t).API.APISession.ListAPISessions(params, nil)
	if err != nil {
		t.Fatalf("list api sessions: %v", err)
	}
	p := ok.GetPayload().Meta.Pagination
	if p == nil || p.TotalCount == nil {
		t.Fatal("api session list has no pagination count")
	}
	return *p.TotalCount
}

// TofuBinary is the OpenTofu binary the acceptance tests use.
func TofuBinary(t testing.TB) string {
	t.Helper()
	skipUnlessAcc(t)
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	t.Fatal("TF_ACC_TERRAFORM_PATH is not set: run the tests through make testacc")
	return ""
}

// ToolBinary is a tool `make tools` builds, for a test that runs it as a user would: the path
// in the environment variable env (TOFU_BIN, TERRAFORM_BIN, GORELEASER_BIN: make testacc sets
// them), else bin/<name> at the module root. Without TF_ACC it skips the test; a missing
// binary fails it.
func ToolBinary(t testing.TB, env, name string) string {
	t.Helper()
	skipUnlessAcc(t)
	p, err := toolPath(env, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
