package jwtsigner_test

import (
	"os"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }
