package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// The provider plugin of this commit, built once for all tests of the package (the CLI, the
// Automation API and the release archive tests) into a directory removed by TestMain. It is
// built as the release builds it, with releaseVersion set through -ldflags (one build: a
// plugin on PATH is used whatever version a program asks for, and the release test installs
// this binary as releaseVersion).
var (
	pluginOnce  sync.Once
	pluginDir   string
	pluginErr   error
	pluginBuild []byte
)

// providerPluginDir returns a directory holding pulumi-resource-ziti built from this commit.
func providerPluginDir(t *testing.T) string {
	t.Helper()
	pluginOnce.Do(func() {
		pluginDir, pluginErr = os.MkdirTemp("", "pulumi-resource-ziti-") //nolint:usetesting // shared by all tests, removed by TestMain
		if pluginErr != nil {
			return
		}
		start := time.Now()
		pluginBuild, pluginErr = buildPlugin(filepath.Join(pluginDir, "pulumi-resource-ziti"), releaseVersion)
		t.Logf("built pulumi-resource-ziti in %s", time.Since(start).Round(time.Millisecond))
	})
	if pluginErr != nil {
		t.Fatalf("building pulumi-resource-ziti: %v\n%s", pluginErr, pluginBuild)
	}
	return pluginDir
}

// buildPlugin builds pulumi-resource-ziti into out as the release does (.goreleaser.yml): with
// the version set through -ldflags.
func buildPlugin(out, version string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-o", out,
		"-ldflags", "-X github.com/agentfence/terraform-provider-ziti/pulumi/provider.Version="+version,
		"./provider/cmd/pulumi-resource-ziti")
	cmd.Dir = ".."
	return cmd.CombinedOutput()
}

func removeProviderPlugin() {
	if pluginDir != "" {
		_ = os.RemoveAll(pluginDir)
	}
}

// pulumiBinary is the Pulumi CLI built by `make tools` (or PULUMI_BIN), and the tools
// directory holding it and pulumi-language-yaml.
func pulumiBinary(t *testing.T) (bin, toolBin string) {
	t.Helper()
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	toolBin = filepath.Join(root, "bin")
	bin = os.Getenv("PULUMI_BIN")
	if bin == "" {
		bin = filepath.Join(toolBin, "pulumi")
	}
	for _, tool := range []string{bin, filepath.Join(toolBin, "pulumi-language-yaml")} {
		if _, err := os.Stat(tool); err != nil { //nolint:gosec // the tools this test runs, named by the developer
			t.Fatalf("%s is missing: run `make tools` (it builds the Pulumi CLI and the YAML language host)", tool)
		}
	}
	return bin, toolBin
}
