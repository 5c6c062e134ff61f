package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
)

const controllerDataSource = `
data "ziti_controller" "this" {}
`

func controllerChecks(identityName string, admin bool) []statecheck.StateCheck {
	ds := "data.ziti_controller.this"
	return []statecheck.StateCheck{
		acctest.Value(ds, "version", knownvalue.StringExact("v1.7.2")),
		acctest.Value(ds, "identity_name", knownvalue.StringExact(identityName)),
		acctest.Value(ds, "is_admin", knownvalue.Bool(admin)),
		acctest.Value(ds, "apis", knownvalue.SetPartial([]knownvalue.Check{
			knownvalue.StringExact("edge-management"), knownvalue.StringExact("edge-client"),
		})),
		acctest.Value(ds, "endpoint", knownvalue.StringRegexp(regexp.MustCompile(`^https://127\.0\.0\.1:\d+/edge/management/v1$`))),
	}
}

// Password authentication from the environment (ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD,
// ZITI_CA_FILE), the way CI pipelines configure the provider.
func TestAccProvider_passwordFromEnvironment(t *testing.T) {
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:            `provider "ziti" {}` + controllerDataSource,
			ConfigStateChecks: controllerChecks("Default Admin", true),
		}},
	})
}

// Password authentication from explicit attributes, with the endpoint written with its path.
func TestAccProvider_passwordAttributes(t *testing.T) {
	c := acctest.Shared(t)
	t.Setenv("ZITI_USERNAME", "")
	t.Setenv("ZITI_PASSWORD", "")
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "ziti" {
  endpoint = "%s/edge/management/v1"
  username = %q
  password = %q
  ca_file  = %q
}`, c.URL, c.Username, c.Password, c.CAFile) + controllerDataSource,
			ConfigStateChecks: controllerChecks("Default Admin", true),
		}},
	})
}

// Certificate authentication with an identity the test enrolls through the OpenZiti SDK: the
// identity file carries certificate, key and CA, and its ztAPI gives the endpoint. The
// credential environment variables stay set: configuration wins over them.
func TestAccProvider_identityFile(t *testing.T) {
	acctest.Shared(t)
	name := "tf-acc-provider-admin-" + acctest.RandomSuffix()
	_, cfg := acctest.CreateEnrolledIdentity(t, name, true)
	file := filepath.Join(t.TempDir(), "identity.json")
	if err := os.WriteFile(file, acctest.IdentityJSON(t, cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZITI_API_URL", "") // the endpoint comes from the identity's ztAPI
	t.Setenv("ZITI_CA_FILE", "") // the CA comes from the identity file
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:            fmt.Sprintf(`provider "ziti" { identity_file = %q }`, file) + controllerDataSource,
				ConfigStateChecks: controllerChecks(name, true),
			},
			{
				// The same identity given inline (e.g. from a secret manager).
				Config:            fmt.Sprintf(`provider "ziti" { identity_json = file(%q) }`, file) + controllerDataSource,
				ConfigStateChecks: controllerChecks(name, true),
			},
		},
	})
}

// A CA that did not sign the controller's certificate fails closed, on ca_pem, with advice.
func TestAccProvider_wrongCAFailsClosed(t *testing.T) {
	acctest.Shared(t)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"ziti\" {\n  ca_pem = <<-EOT\n%s  EOT\n}\n", testca.PEM(t, "unrelated-ca")) + controllerDataSource,
			ExpectError: regexp.MustCompile(`(?s)The controller's certificate is not trusted.*ca_file or ca_pem`),
		}},
	})
}

// Without any CA, a self-signed controller is refused; trust_on_first_use is the explicit
// opt-in that fetches the bundle from the controller.
func TestAccProvider_trustOnFirstUse(t *testing.T) {
	acctest.Shared(t)
	t.Setenv("ZITI_CA_FILE", "")
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:      `provider "ziti" {}` + controllerDataSource,
				ExpectError: regexp.MustCompile(`(?s)certificate is not trusted.*trust_on_first_use`),
			},
			{
				Config:            `provider "ziti" { trust_on_first_use = true }` + controllerDataSource,
				ConfigStateChecks: controllerChecks("Default Admin", true),
			},
		},
	})
}

// Credentials written in the configuration replace those in the environment as a group: a
// password without a username is an error on username, not silently combined with
// ZITI_USERNAME.
func TestAccProvider_credentialsInConfigIgnoreEnvironment(t *testing.T) {
	acctest.Shared(t)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      `provider "ziti" { password = "x" }` + controllerDataSource,
			ExpectError: regexp.MustCompile(`(?s)Missing username.*password is set but username is empty`),
		}},
	})
}

func TestAccProvider_wrongPassword(t *testing.T) {
	acctest.Shared(t)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: `provider "ziti" {
  username = "admin"
  password = "not-the-password"
}` + controllerDataSource,
			ExpectError: regexp.MustCompile(`(?s)rejected the username or password.*check username and password`),
		}},
	})
}

func TestAccProvider_badEndpoint(t *testing.T) {
	acctest.Shared(t)
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config:      `provider "ziti" { endpoint = "http://127.0.0.1:1/edge/client/v1" }` + controllerDataSource,
			ExpectError: regexp.MustCompile(`(?s)Invalid endpoint.*https only`),
		}},
	})
}
