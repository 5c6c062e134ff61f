package dataplane

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/edge-api/rest_model"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/jwtissuer"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
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
resource "ziti_service_policy" "other" {
  name           = "%[1]s-other-dial"
  type           = "Dial"
  identity_roles = ["#%[1]s-someone-else"]
  service_roles  = ["@${ziti_service.other.name}"]
}
%[6]s`, prefix, iss.URL, iss.JWKSURL, workloadAudience, subject, acctest.RouterHostedService(prefix, echoPort), extra)
}

// A pod-like agent logs in with nothing but a token from the cluster's issuer and reaches
// exactly the service it is granted. Tokens with the wrong audience, expired, for a service
// account without an identity, or from an issuer the controller does not know are refused.
func TestAccDataPlane_workloadJWTLogin(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("wl")
	subject := "system:serviceaccount:" + prefix + ":agent"
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
				if seen := visibleServices(t, agent, prefix); strings.Join(seen, ",") != prefix+"-llm" {
					return fmt.Errorf("the agent sees services %v, want exactly %s-llm", seen, prefix)
				}
				if conn, err := agent.Dial(prefix + "-other"); err == nil {
					conn.Close()
					return fmt.Errorf("the agent dialed a service it is not granted")
				}

				refused := map[string]string{
					"wrong audience":      iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: "kubernetes"}),
					"expired":             iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: workloadAudience, Expires: time.Now().Add(-time.Minute)}),
					"another subject":     iss.Token(t, jwtissuer.Claims{Subject: "system:serviceaccount:" + prefix + ":intruder", Audience: workloadAudience}),
					"unregistered issuer": stranger.Token(t, jwtissuer.Claims{Subject: subject, Audience: workloadAudience}),
				}
				for what, token := range refused {
					if _, err := acctest.LoginWithJWT(t, token); err == nil {
						return fmt.Errorf("a token with %s was accepted", what)
					} else if !strings.Contains(err.Error(), "401") && !strings.Contains(strings.ToLower(err.Error()), "unauthorized") {
						return fmt.Errorf("a token with %s failed for another reason than a refused login: %v", what, err)
					}
				}
				return nil
			},
		}},
	})
}

// visibleServices are the names of the services with prefix that the agent is shown, sorted.
func visibleServices(t *testing.T, agent *acctest.Agent, prefix string) []string {
	t.Helper()
	if err := agent.Ctx.RefreshServices(); err != nil {
		t.Fatal(err)
	}
	services, err := agent.Ctx.GetServices()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range services {
		if s.Name != nil && strings.HasPrefix(*s.Name, prefix) {
			names = append(names, *s.Name)
		}
	}
	sort.Strings(names)
	return names
}

// Under an auth policy that allows only the cluster's signer, the agent's identity cannot log
// in with the certificate it enrolled or with a password, only with its service-account token.
// The first step (the controller's default policy) shows both logins work otherwise.
func TestAccDataPlane_workloadAuthPolicyAllowsOnlyTheSigner(t *testing.T) {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	prefix := acctest.Name("wlap")
	subject := "system:serviceaccount:" + prefix + ":agent"
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
				addPassword(t, id, username, password)
			}
			certErr := certLogin(t, certCfg)
			passwordErr := passwordLogin(t, username, password)
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

// addPassword gives the identity a username and password (an updb authenticator), as an
// administrator would.
func addPassword(t *testing.T, identityID, username, password string) {
	t.Helper()
	method := "updb"
	authenticators := client.Entities[*rest_model.AuthenticatorCreate, any, *rest_model.AuthenticatorDetail]{Path: "/authenticators"}
	if _, err := authenticators.Create(context.Background(), acctest.AdminClient(t),
		&rest_model.AuthenticatorCreate{Method: &method, IdentityID: &identityID, Username: username, Password: password}); err != nil {
		t.Fatalf("add a password to the identity: %v", err)
	}
}

// certLogin logs in with the enrolled identity's certificate through the SDK.
func certLogin(t *testing.T, cfg *ziti.Config) error {
	ctx, err := ziti.NewContext(cfg)
	if err != nil {
		return err
	}
	defer ctx.Close()
	return ctx.Authenticate()
}

// passwordLogin logs in with username and password on the management API.
func passwordLogin(t *testing.T, username, password string) error {
	c := acctest.Shared(t)
	cl, err := client.New(context.Background(), client.Config{Endpoint: c.URL, Username: username, Password: password, CAPEM: c.CAPEM})
	if err != nil {
		return err
	}
	cl.Close(context.Background())
	return nil
}
