package dataplane

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/jwtissuer"
)

// workloadAudience is the audience the cluster's projected service-account tokens are minted for.
const workloadAudience = "openziti"

// workloadOverlay: the issuer registered as an external JWT signer, an agent identity known by
// its service account (external id = the token's subject) and nothing else, the router-hosted
// service it may dial, and a second service granted only to another role.
func workloadOverlay(prefix string, iss *jwtissuer.Issuer, subject string, echoPort int, extra string) string {
	return fmt.Sprintf(`
resource "ziti_external_jwt_signer" "cluster" {
  name          = "%[1]s-cluster"
  issuer        = %[2]q
  jwks_endpoint = %[3]q
  audience      = %[4]q
}
resource "ziti_identity" "agent" {
  name            = "%[1]s-agent"
  external_id     = %[5]q
  role_attributes = ["%[1]s"]
  enrollment { method = "none" }
  %[7]s
}
resource "ziti_service" "other" {
  name = "%[1]s-other"
}
%[8]s%[6]s`, prefix, iss.URL, iss.JWKSURL, workloadAudience, subject, acctest.RouterHostedService(prefix, echoPort), extra,
		acctest.ServicePolicy("other", prefix+"-other-dial", "Dial", "#"+prefix+"-someone-else", "@${ziti_service.other.name}"))
}

// A pod-like agent logs in with nothing but a token from the cluster's issuer and reaches
// exactly the service it is granted. Tokens with the wrong audience, expired, for a service
// account without an identity (in the same or another namespace), or from an issuer the
// controller does not know are refused.
func TestAccDataPlane_workloadJWTLogin(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("wl")
	subject := acctest.ServiceAccountSubject(prefix, "agent")
	iss, stranger := jwtissuer.Start(t), jwtissuer.Start(t)
	echo := acctest.StartEchoServer(t, "llm:")
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			Config: workloadOverlay(prefix, iss, subject, echo.Port, ""),
			Check: func(*terraform.State) error {
				start := time.Now()
				agent, err := acctest.LoginWithJWT(t, iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: workloadAudience}))
				if err != nil {
					return fmt.Errorf("the agent's service-account token was refused: %v", err)
				}
				conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.Dial(prefix + "-llm") }, 15*time.Second)
				if err != nil {
					return fmt.Errorf("the agent logged in with its token cannot dial its service: %v", err)
				}
				defer conn.Close()
				if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != "llm:prompt" {
					return fmt.Errorf("exchange: %q, %v", got, err)
				}
				t.Logf("login with the JWT and first exchange: %v", time.Since(start))
				if seen := agent.VisibleServices(prefix); strings.Join(seen, ",") != prefix+"-llm" {
					return fmt.Errorf("the agent sees services %v, want exactly %s-llm", seen, prefix)
				}
				if conn, err := agent.Dial(prefix + "-other"); err == nil {
					conn.Close()
					return fmt.Errorf("the agent dialed a service it is not granted")
				}

				return acctest.CheckTokensRefused(t, acctest.RefusedWorkloadTokens(t, iss, stranger, prefix, "agent", workloadAudience))
			},
		}},
	})
}

// Under an auth policy that allows only the cluster's signer, the agent's identity cannot log
// in with the certificate it enrolled or with a password, only with its service-account token.
// The first step (the controller's default policy) shows both logins work otherwise.
func TestAccDataPlane_workloadAuthPolicyAllowsOnlyTheSigner(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("wlap")
	subject := acctest.ServiceAccountSubject(prefix, "agent")
	iss := jwtissuer.Start(t)
	echo := acctest.StartEchoServer(t, "llm:")
	// The identity enrolls (one-time token) so that it has a certificate to try, and gets a
	// password authenticator from the admin.
	overlay := func(authPolicy string) string {
		config := strings.Replace(workloadOverlay(prefix, iss, subject, echo.Port, "auth_policy = "+authPolicy), `enrollment { method = "none" }`, "", 1)
		return config + fmt.Sprintf(`
resource "ziti_auth_policy" "workload" {
  name            = "%[1]s-workload"
  primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.cluster.id] }
}`, prefix)
	}
	var certCfg *ziti.Config
	password := "Pw-" + acctest.RandomSuffix() + "-x1!"
	username := prefix + "-agent"
	logins := func(certAllowed bool) func(*terraform.State) error {
		return func(s *terraform.State) error {
			if certCfg == nil {
				jwt, err := acctest.JWTFromState(s, "ziti_identity.agent")
				if err != nil {
					return err
				}
				if certCfg, err = acctest.EnrollJWT(jwt); err != nil {
					return fmt.Errorf("enroll: %v", err)
				}
				id, err := acctest.StateID(s, "ziti_identity.agent")
				if err != nil {
					return err
				}
				acctest.AddPassword(t, id, username, password)
			}
			certErr := acctest.CertLogin(certCfg)
			passwordErr := acctest.PasswordLogin(t, username, password)
			if certAllowed && (certErr != nil || passwordErr != nil) {
				return fmt.Errorf("under the default policy the identity cannot log in: certificate %v, password %v", certErr, passwordErr)
			}
			if !certAllowed && (certErr == nil || passwordErr == nil) {
				return fmt.Errorf("under the signer-only policy a login still works: certificate error %v, password error %v", certErr, passwordErr)
			}
			agent, err := acctest.LoginWithJWT(t, iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: workloadAudience}))
			if err != nil {
				return fmt.Errorf("the service-account token was refused: %v", err)
			}
			conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.Dial(prefix + "-llm") }, 15*time.Second)
			if err != nil {
				return fmt.Errorf("the agent logged in with its token cannot dial: %v", err)
			}
			conn.Close()
			return nil
		}
	}
	acctest.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{Config: overlay(`"default"`), Check: logins(true)},
			{Config: overlay("ziti_auth_policy.workload.id"), Check: logins(false)},
		},
	})
}
