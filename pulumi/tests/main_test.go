// Package tests exercises the bridged Pulumi provider: the committed schema and Go SDK are
// current, the provider's lifecycle through the bridge in process against a real controller,
// and a YAML program through a real Pulumi CLI.
//
// The controller comes from the provider's own harness (internal/acctest): this module's
// import path lies under the provider's, so Go lets it import the provider's internal
// packages. Without TF_ACC only the offline tests run.
package tests

import (
	"os"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

func TestMain(m *testing.M) {
	code := acctest.Run(m)
	removeProviderPlugin()
	os.Exit(code)
}
