// Package dataplane holds the end-to-end proofs of the mission's claims: identities enrolled
// with the OpenZiti SDK dial (or fail to dial) services through the quickstart's edge router,
// as configured by the provider through OpenTofu.
package dataplane

import (
	"os"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }
