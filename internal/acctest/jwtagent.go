package acctest

import (
	"crypto/x509"
	"fmt"
	"testing"

	edge_apis "github.com/openziti/sdk-golang/edge-apis"
	"github.com/openziti/sdk-golang/ziti"
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
