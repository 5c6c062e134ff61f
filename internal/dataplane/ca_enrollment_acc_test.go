package dataplane

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/identity"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
)

// A team's CA, made in the test, is registered and verified in one apply (its key given
// write-only); a workload holding a certificate from it enrolls itself (auto-CA enrollment,
// no token), gets the CA's identity roles, and dials the service those roles are granted.
func TestAccDataPlane_caAutoEnrollment(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("ca")
	team := testca.New(t, prefix)
	echo := acctest.StartEchoServer(t, "llm:")
	config := fmt.Sprintf(`
resource "ziti_certificate_authority" "team" {
  name                = "%[1]s-team"
  cert_pem            = <<-EOT
%[2]s
  EOT
  verification_key_wo = <<-EOT
%[3]s
  EOT
  auto_ca_enrollment  = true
  identity_roles      = ["%[1]s"]
}
%[4]s`, prefix, strings.TrimSpace(string(team.CertPEM)), strings.TrimSpace(string(team.KeyPEM)), acctest.RouterHostedService(prefix, echo.Port))
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				certPEM, keyPEM := team.Issue(t, "summarizer")
				if err := enrollWithCACertificate(t, certPEM, keyPEM); err != nil {
					return fmt.Errorf("auto-CA enrollment with a certificate from the verified CA: %v", err)
				}
				c := acctest.Shared(t)
				agent := acctest.NewAgentFromConfig(t, &ziti.Config{ZtAPI: c.URL + "/edge/client/v1",
					ID: identity.Config{Cert: "pem:" + string(certPEM), Key: "pem:" + string(keyPEM), CA: "pem:" + string(c.CAPEM)}})
				conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.Dial(prefix + "-llm") }, 15*time.Second)
				if err != nil {
					return fmt.Errorf("the CA-enrolled workload cannot dial the service its roles are granted: %v", err)
				}
				defer conn.Close()
				if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != "llm:prompt" {
					return fmt.Errorf("exchange: %q, %v", got, err)
				}
				// A certificate from a CA the controller does not know enrolls nothing.
				strangerCert, strangerKey := testca.New(t, prefix+"-stranger").Issue(t, "summarizer")
				if err := enrollWithCACertificate(t, strangerCert, strangerKey); err == nil {
					return fmt.Errorf("a certificate from an unregistered CA enrolled")
				}
				return nil
			},
		}},
	})
}

// enrollWithCACertificate presents the client certificate to the controller's CA enrollment
// endpoint, as `ziti edge enroll` does for auto-CA enrollment (POST /enroll?method=ca; the
// /enroll/ca route of controller v1.7.2 answers 500).
func enrollWithCACertificate(t *testing.T, certPEM, keyPEM []byte) error {
	c := acctest.Shared(t)
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAPEM)
	hc := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}}}
	resp, err := hc.Post(c.URL+"/edge/client/v1/enroll?method=ca", "application/json", strings.NewReader("{}"))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	return nil
}
