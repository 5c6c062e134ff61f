package acctest

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_model"
	edge_apis "github.com/openziti/sdk-golang/edge-apis"
	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest/jwtissuer"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// LoginWithJWT opens an SDK context that authenticates with nothing but token, a JWT from an
// external issuer (what a pod holds as its service-account token): no enrollment, no
// certificate. It logs in at once, so a refused token is the returned error (the controller
// answers every refusal with a bare 401; the reason is only in its log).
func LoginWithJWT(t testing.TB, token string) (*Agent, error) {
	t.Helper()
	c := Shared(t)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(c.CAPEM) {
		t.Fatal("the controller's CA bundle has no certificate")
	}
	creds := edge_apis.NewJwtCredentials(token)
	creds.CaPool = pool
	cfg := &ziti.Config{ZtAPI: c.URL + "/edge/client/v1", Credentials: creds, ConfigTypes: []string{ziti.InterceptV1}}
	ctx, err := ziti.NewContext(cfg)
	if err != nil {
		return nil, fmt.Errorf("ziti context: %w", err)
	}
	if err := ctx.Authenticate(); err != nil {
		ctx.Close()
		return nil, err
	}
	t.Cleanup(ctx.Close)
	return &Agent{Ctx: ctx, t: t}, nil
}

// RefusedWorkloadTokens are tokens the controller must refuse for the identity of service
// account sa in namespace ns, whose signer is iss with audience: by kind of fault. stranger is
// an issuer the controller has no signer for.
func RefusedWorkloadTokens(t testing.TB, iss, stranger *jwtissuer.Issuer, ns, sa, audience string) map[string]string {
	t.Helper()
	subject := ServiceAccountSubject(ns, sa)
	return map[string]string{
		"wrong audience":                     iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: "kubernetes"}),
		"expired":                            iss.Token(t, jwtissuer.Claims{Subject: subject, Audience: audience, Expires: time.Now().Add(-time.Minute)}),
		"another service account":            iss.Token(t, jwtissuer.Claims{Subject: ServiceAccountSubject(ns, sa+"-intruder"), Audience: audience}),
		"the same name in another namespace": iss.Token(t, jwtissuer.Claims{Subject: ServiceAccountSubject(ns+"-other", sa), Audience: audience}),
		"unregistered issuer":                stranger.Token(t, jwtissuer.Claims{Subject: subject, Audience: audience}),
	}
}

// ServiceAccountSubject is the subject of a Kubernetes service account's tokens.
func ServiceAccountSubject(ns, sa string) string { return "system:serviceaccount:" + ns + ":" + sa }

// CheckTokensRefused logs in with each token and reports the first one the controller
// accepted, or that failed for another reason than a refused login.
func CheckTokensRefused(t testing.TB, tokens map[string]string) error {
	t.Helper()
	for what, token := range tokens {
		if _, err := LoginWithJWT(t, token); err == nil {
			return fmt.Errorf("a token with %s was accepted", what)
		} else if !strings.Contains(err.Error(), "401") && !strings.Contains(strings.ToLower(err.Error()), "unauthorized") {
			return fmt.Errorf("a token with %s failed for another reason than a refused login: %v", what, err)
		}
	}
	return nil
}

// AddPassword gives the identity a username and password (an updb authenticator), as an
// administrator would.
func AddPassword(t testing.TB, identityID, username, password string) {
	t.Helper()
	method := "updb"
	authenticators := client.Entities[*rest_model.AuthenticatorCreate, any, *rest_model.AuthenticatorDetail]{Path: "/authenticators"}
	if _, err := authenticators.Create(context.Background(), AdminClient(t),
		&rest_model.AuthenticatorCreate{Method: &method, IdentityID: &identityID, Username: username, Password: password}); err != nil {
		t.Fatalf("add a password to the identity: %v", err)
	}
}

// CertLogin logs in with an enrolled identity's certificate through the SDK.
func CertLogin(cfg *ziti.Config) error {
	ctx, err := ziti.NewContext(cfg)
	if err != nil {
		return err
	}
	defer ctx.Close()
	return ctx.Authenticate()
}

// PasswordLogin logs in with username and password on the management API.
func PasswordLogin(t testing.TB, username, password string) error {
	t.Helper()
	c := Shared(t)
	cl, err := client.New(context.Background(), client.Config{Endpoint: c.URL, Username: username, Password: password, CAPEM: c.CAPEM})
	if err != nil {
		return err
	}
	cl.Close(context.Background())
	return nil
}
