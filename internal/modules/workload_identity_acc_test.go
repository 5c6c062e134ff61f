package modules_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/jwtissuer"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// audience is what the test cluster's projected service-account tokens are minted for.
const audience = "openziti"

// loginAndDial logs in with nothing but the service account's token and dials service,
// exchanging a message with the echo server behind it; it returns the agent.
func loginAndDial(t *testing.T, iss *jwtissuer.Issuer, ns, sa, service, echoPrefix string) *acctest.Agent {
	t.Helper()
	agent, err := acctest.LoginWithJWT(t, iss.Token(t, jwtissuer.Claims{Subject: acctest.ServiceAccountSubject(ns, sa), Audience: audience}))
	if err != nil {
		t.Fatalf("the token of service account %s/%s was refused: %v", ns, sa, err)
	}
	conn, err := agent.EventuallyDial(func() (net.Conn, error) { return agent.Dial(service) }, 15*time.Second)
	if err != nil {
		t.Fatalf("service account %s/%s, logged in with its token, cannot dial %s: %v", ns, sa, service, err)
	}
	defer conn.Close()
	if got, err := acctest.Exchange(conn, "prompt"); err != nil || got != echoPrefix+"prompt" {
		t.Fatalf("exchange over %s: %q, %v", service, got, err)
	}
	return agent
}

// The k8s-workload-identity module against the real controller, with a local issuer standing
// in for the cluster's service-account issuer: each pod-like agent logs in with only its
// service account's token and reaches exactly the service its role attributes are granted;
// tokens with the wrong audience, expired, for another service account (same or another
// namespace) or from an unregistered issuer are refused. Under the module's auth policy the
// identity cannot log in with a certificate or a password it really holds (the same
// credentials work once an operator moves it to the default policy, and the apply takes that
// back), and the module's checks warn that it holds them.
func TestAccModuleK8sWorkloadIdentity(t *testing.T) {
	prefix := acctest.Name("k8s")
	ns := prefix
	agentName, reviewerName := prefix+"-agent", prefix+"-reviewer"
	iss, stranger := jwtissuer.Start(t), jwtissuer.Start(t)
	llm, review := acctest.StartEchoServer(t, "llm:"), acctest.StartEchoServer(t, "review:")
	u := newUser(t, "k8s-workload-identity")
	// prefix-llm, dialed by #prefix, and prefix-review, dialed by #prefix-review; both hosted
	// by the quickstart router.
	u.root = acctest.RouterHostedService(prefix, llm.Port) + acctest.HostedByRouter("review", prefix+"-review", review.Port, "#"+prefix+"-review")
	inputs := fmt.Sprintf(`  name     = %[1]q
  issuer   = %[2]q
  jwks_url = %[3]q
  audience = %[4]q
  service_accounts = {
    %[5]q = { namespace = %[1]q, service_account = "agent", role_attributes = [%[1]q] }
    %[6]q = { namespace = %[1]q, service_account = "reviewer", role_attributes = ["%[1]s-review"] }
  }
  role_attributes = ["%[1]s-cluster"]`, prefix, iss.URL, iss.JWKSURL, audience, agentName, reviewerName)
	u.apply(inputs)

	ids := u.outputMap("identity_ids")
	checkIDs(t, "identity_ids", ids, idPattern, agentName, reviewerName)
	if got := u.outputMap("external_ids"); got[agentName] != acctest.ServiceAccountSubject(ns, "agent") || got[reviewerName] != acctest.ServiceAccountSubject(ns, "reviewer") || len(got) != 2 {
		t.Errorf("external_ids = %v", got)
	}
	policyID := u.outputString("auth_policy_id")
	for _, o := range []string{"signer_id", "auth_policy_id"} {
		if got := u.outputString(o); !idPattern.MatchString(got) {
			t.Errorf("%s = %q", o, got)
		}
	}
	// The controller's own answer: the identities are under the module's policy, which allows
	// only the cluster's signer.
	ctx, admin := context.Background(), acctest.AdminClient(t)
	p, err := client.AuthPolicies.Get(ctx, admin, policyID)
	if err != nil {
		t.Fatal(err)
	}
	if pr := p.Primary; *pr.Cert.Allowed || *pr.Updb.Allowed || !*pr.ExtJWT.Allowed || fmt.Sprint(pr.ExtJWT.AllowedSigners) != fmt.Sprint([]string{u.outputString("signer_id")}) {
		t.Errorf("auth policy %s: cert %v, updb %v, ext-jwt %v with signers %v; want ext-jwt with exactly the signer", policyID, *pr.Cert.Allowed, *pr.Updb.Allowed, *pr.ExtJWT.Allowed, pr.ExtJWT.AllowedSigners)
	}
	for name, id := range ids {
		d, err := client.Identities.Get(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		if *d.AuthPolicyID != policyID || d.Authenticators != nil && (d.Authenticators.Cert != nil || d.Authenticators.Updb != nil) {
			t.Errorf("identity %s: auth policy %s (want %s), authenticators %+v (want none)", name, *d.AuthPolicyID, policyID, d.Authenticators)
		}
	}

	// Data plane: each service account reaches exactly its service, with only its token.
	agent := loginAndDial(t, iss, ns, "agent", prefix+"-llm", "llm:")
	if seen := agent.VisibleServices(prefix); strings.Join(seen, ",") != prefix+"-llm" {
		t.Errorf("the agent sees services %v, want exactly %s-llm", seen, prefix)
	}
	if conn, err := agent.Dial(prefix + "-review"); err == nil {
		conn.Close()
		t.Errorf("the agent dialed %s-review, granted only to the reviewer", prefix)
	}
	reviewer := loginAndDial(t, iss, ns, "reviewer", prefix+"-review", "review:")
	if seen := reviewer.VisibleServices(prefix); strings.Join(seen, ",") != prefix+"-review" {
		t.Errorf("the reviewer sees services %v, want exactly %s-review", seen, prefix)
	}
	if err := acctest.CheckTokensRefused(t, acctest.RefusedWorkloadTokens(t, iss, stranger, ns, "agent", audience)); err != nil {
		t.Error(err)
	}

	// The agent's identity really holds a certificate (an administrator issued it an enrollment,
	// and it enrolled) and a password; under the module's policy neither logs in.
	agentID := ids[agentName]
	acctest.IssueEnrollment(t, agentID)
	certCfg, err := acctest.EnrollIdentity(ctx, admin, agentID)
	if err != nil {
		t.Fatalf("enrolling a certificate for the agent: %v", err)
	}
	password := "Pw-" + acctest.RandomSuffix() + "-x1!"
	acctest.AddPassword(t, agentID, agentName, password)
	refusedLogins := func(when string) {
		t.Helper()
		if err := acctest.CertLogin(certCfg); err == nil {
			t.Errorf("%s: the agent logged in with its certificate under the module's auth policy", when)
		}
		if err := acctest.PasswordLogin(t, agentName, password); err == nil {
			t.Errorf("%s: the agent logged in with its password under the module's auth policy", when)
		}
	}
	refusedLogins("under the module's policy")

	// The module's check sees the credentials on the controller and warns, naming the identity.
	out, code := acctest.RunTofu(t, u.dir, u.cli, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 || !strings.Contains(out, checkFailed) || !strings.Contains(out, `check "identities_hold_no_certificate_or_password"`) || !strings.Contains(out, agentName) {
		t.Errorf("tofu plan exited %d; want 0 and the warning of identities_hold_no_certificate_or_password naming %s:\n%s", code, agentName, out)
	}

	// Control: the same certificate and password work under the controller's default policy,
	// so the refusals above are the module's policy at work, not bad credentials.
	acctest.ChangeOutOfBand(t, client.Identities, &agentID, func(d *rest_model.IdentityDetail) *rest_model.IdentityUpdate {
		def := "default"
		return &rest_model.IdentityUpdate{Name: d.Name, Type: rest_model.IdentityTypeDefault.Pointer(), IsAdmin: d.IsAdmin,
			RoleAttributes: d.RoleAttributes, ExternalID: d.ExternalID, AuthPolicyID: &def, Tags: d.Tags}
	})()
	if err := acctest.CertLogin(certCfg); err != nil {
		t.Errorf("under the default policy the agent's certificate does not log in: %v", err)
	}
	if err := acctest.PasswordLogin(t, agentName, password); err != nil {
		t.Errorf("under the default policy the agent's password does not log in: %v", err)
	}

	// The next apply puts the identity back under the module's policy (still warning that it
	// holds credentials), and they are refused again; its token still works.
	out = acctest.MustTofu(t, u.dir, u.cli, "apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "1 changed") || !strings.Contains(out, `check "identities_hold_no_certificate_or_password"`) {
		t.Errorf("tofu apply after the out-of-band policy change: want 1 changed and the credentials warning:\n%s", out)
	}
	refusedLogins("after the apply")
	loginAndDial(t, iss, ns, "agent", prefix+"-llm", "llm:")
}

// The agent sandbox with workload_identity: its agents have no enrollment token; they log in
// with their service accounts' tokens under the k8s-workload-identity module's auth policy
// (one signer per cluster, shared by every sandbox) and dial the platform services.
func TestAccModuleAgentSandbox_workloadIdentity(t *testing.T) {
	prefix := acctest.Name("sbwi")
	router := acctest.Shared(t).RouterName
	iss := jwtissuer.Start(t)
	echo := acctest.StartEchoServer(t, "gw:")
	planner := prefix + "-planner"
	u := newUser(t, "agent-sandbox")
	u.root = fmt.Sprintf(`
module "cluster" {
  source   = %q
  name     = "%s-cluster"
  issuer   = %q
  jwks_url = %q
  audience = %q
}
`, moduleSource(t, "k8s-workload-identity"), prefix, iss.URL, iss.JWKSURL, audience)
	u.apply(fmt.Sprintf(`  name                = %[1]q
  agents              = [%[2]q]
  host_roles          = ["@%[3]s"]
  service_name_prefix = "%[1]s-"
  platform_services   = { "gateway.ziti" = { target_address = "127.0.0.1", target_port = %[4]d } }
  egress_destinations = []
  workload_identity = {
    auth_policy_id   = module.cluster.auth_policy_id
    namespace        = "agents"
    service_accounts = { %[2]q = "planner" }
  }`, prefix, planner, router, echo.Port))

	if got := u.outputMap("external_ids"); got[planner] != acctest.ServiceAccountSubject("agents", "planner") || len(got) != 1 {
		t.Errorf("external_ids = %v", got)
	}
	if got := u.outputJSON("enrollment_jwts"); strings.Contains(got, "eyJ") {
		t.Errorf("enrollment_jwts = %s, want no token with workload identity", got)
	}
	agent := loginAndDial(t, iss, "agents", "planner", prefix+"-gateway.ziti", "gw:")
	if seen := agent.VisibleServices(prefix); strings.Join(seen, ",") != prefix+"-gateway.ziti" {
		t.Errorf("the agent sees services %v, want exactly %s-gateway.ziti", seen, prefix)
	}
	if _, err := acctest.LoginWithJWT(t, iss.Token(t, jwtissuer.Claims{Subject: acctest.ServiceAccountSubject("agents", planner), Audience: audience})); err == nil {
		t.Errorf("a token for service account %s (the agent's name, not its service account) was accepted", planner)
	}
}
