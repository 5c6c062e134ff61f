package edgerouter_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// enrollRouter enrolls the router with its one-time token the way `ziti router enroll` does
// (POST /edge/client/v1/enroll?method=erott with a server and a client CSR), without running a
// router process: the router becomes verified, gets a fingerprint and loses its token, all
// outside Terraform.
func enrollRouter(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	d, err := client.EdgeRouters.Get(ctx, acctest.AdminClient(t), id)
	if err != nil {
		t.Fatalf("read router %s: %v", id, err)
	}
	if d.EnrollmentToken == nil || *d.EnrollmentToken == "" {
		t.Fatalf("router %s has no pending enrollment", id)
	}
	body, err := json.Marshal(map[string]string{
		"serverCertCsr": csr(t, pkix.Name{CommonName: "localhost"}, []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")}),
		"certCsr":       csr(t, pkix.Name{CommonName: id}, nil, nil), // the controller requires CN = router id
	})
	if err != nil {
		t.Fatal(err)
	}
	ctrl := acctest.Shared(t)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ctrl.CAPEM) {
		t.Fatal("the controller's CA bundle holds no certificate")
	}
	httpClient := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	u := ctrl.URL + "/edge/client/v1/enroll?method=erott&token=" + url.QueryEscape(*d.EnrollmentToken)
	resp, err := httpClient.Post(u, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("enroll router %s: %v", id, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("enroll router %s: %s: %s", id, resp.Status, msg)
	}
}

func csr(t *testing.T, subject pkix.Name, dns []string, ips []net.IP) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: subject, DNSNames: dns, IPAddresses: ips}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

// tunnelerEntities reports whether the router's tunneler identity (same id, type Router, with
// the given name) and its system edge router policy exist on the controller.
func tunnelerEntities(t *testing.T, routerID, wantName string) (identity, policy bool, err error) {
	ctx := context.Background()
	c := acctest.AdminClient(t)
	ident, err := client.Identities.Get(ctx, c, routerID)
	switch {
	case client.IsNotFound(err):
	case err != nil:
		return false, false, err
	default:
		if ident.Type == nil || ident.Type.Name != string(rest_model.IdentityTypeRouter) {
			return false, false, fmt.Errorf("identity %s has type %+v, want Router", routerID, ident.Type)
		}
		if got := *ident.Name; got != wantName {
			return false, false, fmt.Errorf("the router's identity is named %q, want %q", got, wantName)
		}
		identity = true
	}
	p, err := client.EdgeRouterPolicies.Get(ctx, c, routerID)
	switch {
	case client.IsNotFound(err):
	case err != nil:
		return false, false, err
	default:
		if want := "edge-router-" + routerID + "-system"; *p.Name != want {
			return false, false, fmt.Errorf("the system policy is named %q, want %q", *p.Name, want)
		}
		policy = true
	}
	return identity, policy, nil
}
