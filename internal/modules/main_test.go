// Package modules_test applies the registry modules under examples/modules against a real
// controller, as a user consuming them would, and checks that their isolation promises hold
// on the controller and that a broken promise reaches the user as a warning.
package modules_test

import (
	"os"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }
