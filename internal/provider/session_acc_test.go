package provider_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// One `tofu plan`, run as a user runs it (provider binary through dev_overrides), opens
// exactly one API session on the controller, however many data sources it reads.
func TestAccProvider_oneSessionPerPlan(t *testing.T) {
	acctest.Shared(t)
	work := t.TempDir()
	config := `terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}
provider "ziti" {}
data "ziti_controller" "a" {}
data "ziti_controller" "b" {}
data "ziti_controller" "c" {}
output "version" { value = data.ziti_controller.a.version }
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cliConfig := acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t))

	before := acctest.CountAPISessions(t)
	logFile := filepath.Join(work, "provider.log")
	cmd := exec.Command(acctest.TofuBinary(t), "plan", "-input=false", "-no-color")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+logFile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tofu plan: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `version = "v1.7.2"`) {
		t.Fatalf("plan output does not show the controller version:\n%s", out)
	}
	// Logins, as the provider's debug log records its requests: one session per process.
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logins := 0
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, "ziti api request") && strings.Contains(line, "path=/authenticate") && !strings.Contains(line, "failed") {
			logins++
		}
	}
	if logins != 1 {
		t.Fatalf("one tofu plan logged in %d times, want 1", logins)
	}
	// The session is deleted when tofu stops the provider: none is left behind.
	if after := acctest.CountAPISessions(t); after != before {
		t.Fatalf("%d API sessions before the plan, %d after: the provider left its session open", before, after)
	}
	t.Logf("API sessions opened by one tofu plan: %d, left open: 0", logins)
}
