package acctest

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/openziti/sdk-golang/ziti"
	"github.com/openziti/sdk-golang/ziti/edge"

	"github.com/agentfence/terraform-provider-ziti/internal/agentnet"
)

// EchoServer is a TCP server on loopback that writes back what it reads: the "private
// database" or upstream API that agents reach through the overlay in data-plane tests.
type EchoServer struct {
	Port   int
	Prefix string // prepended to every echoed chunk, to tell servers apart
	ln     net.Listener
	mu     sync.Mutex
	conns  []net.Conn
}

// StartEchoServer listens on 127.0.0.1 on a free port until the test ends.
func StartEchoServer(t testing.TB, prefix string) *EchoServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &EchoServer{Port: listenerPort(t, ln), Prefix: prefix, ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			go agentnet.Echo(c, s.Prefix)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range s.conns {
			_ = c.Close()
		}
	})
	return s
}

// StartHTTPServer serves one fixed body on 127.0.0.1 on a free port until the test ends.
func StartHTTPServer(t testing.TB, body string) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, body)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return listenerPort(t, ln)
}

// listenerPort is the TCP port the kernel gave a loopback listener.
func listenerPort(t testing.TB, ln net.Listener) int {
	t.Helper()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v is not TCP", ln.Addr())
	}
	return addr.Port
}

// Agent is an enrolled identity's SDK context: what runs inside an agent pod.
type Agent struct {
	Ctx ziti.Context
	t   testing.TB
}

// NewAgent enrolls the token (an identity's enrollment_jwt) with the SDK and opens a context.
func NewAgent(t testing.TB, jwt string) *Agent {
	t.Helper()
	cfg, err := EnrollJWT(jwt)
	if err != nil {
		t.Fatalf("enroll agent: %v", err)
	}
	return NewAgentFromConfig(t, cfg)
}

// NewAgentFromConfig opens an SDK context for an enrolled identity.
func NewAgentFromConfig(t testing.TB, cfg *ziti.Config) *Agent {
	t.Helper()
	// DialAddr matches addresses against the services' intercept.v1 configs, which the
	// controller only sends to contexts that ask for them.
	cfg.ConfigTypes = append(cfg.ConfigTypes, ziti.InterceptV1)
	ctx, err := ziti.NewContext(cfg)
	if err != nil {
		t.Fatalf("ziti context: %v", err)
	}
	t.Cleanup(ctx.Close)
	return &Agent{Ctx: ctx, t: t}
}

// Dial dials a service by name, refreshing the agent's service list first so that a grant
// made a moment ago is seen.
func (a *Agent) Dial(service string) (edge.Conn, error) {
	_ = a.Ctx.RefreshServices()
	return a.Ctx.Dial(service)
}

// DialAddr dials what the agent's intercept configs map host:port to, as a tunneler would.
func (a *Agent) DialAddr(hostPort string) (edge.Conn, error) {
	_ = a.Ctx.RefreshServices()
	return a.Ctx.DialAddr("tcp", hostPort)
}

// EventuallyDial retries Dial until it works or the timeout passes (a grant reaches the
// controller's caches and the router within a second or so).
func (a *Agent) EventuallyDial(dial func() (net.Conn, error), timeout time.Duration) (net.Conn, error) {
	deadline := time.Now().Add(timeout)
	for {
		conn, err := dial()
		if err == nil || time.Now().After(deadline) {
			return conn, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Exchange writes msg and reads the answer.
func Exchange(conn net.Conn, msg string) (string, error) { return agentnet.Exchange(conn, msg) }

// HTTPGet sends a GET over an overlay connection and returns the body.
func HTTPGet(conn net.Conn, host string) (string, error) {
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", host); err != nil {
		return "", err
	}
	b, err := io.ReadAll(conn)
	if err != nil && !errors.Is(err, io.EOF) && len(b) == 0 {
		return "", err
	}
	s := string(b)
	if i := strings.Index(s, "\r\n\r\n"); i >= 0 {
		return s[i+4:], nil
	}
	return s, nil
}

// JWTFromState reads an identity's enrollment token from the Terraform state (a Check).
func JWTFromState(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s is not in the state", addr)
	}
	jwt := rs.Primary.Attributes["enrollment_jwt"]
	if jwt == "" {
		return "", fmt.Errorf("%s has no enrollment_jwt", addr)
	}
	return jwt, nil
}

// WatchClosed reads conn in the background and reports when the connection is closed by the
// other side (or cut by the overlay). Anything the peer sends meanwhile is discarded.
func WatchClosed(conn net.Conn) <-chan time.Time { return agentnet.WatchClosed(conn) }

// FabricProxy is a reverse proxy on 127.0.0.1 in front of the test controller, for a
// provider configured with its URL and CA: it forwards every request, except that while
// failing it answers 503 to the fabric API (/fabric/...), as a controller whose fabric API is
// unavailable would. It terminates TLS with its own test certificate (CAPEM).
type FabricProxy struct {
	URL   string
	CAPEM string
	fail  atomic.Bool
	// FabricCalls counts the /fabric/ requests seen (answered or failed).
	FabricCalls atomic.Int64

	mu       sync.Mutex
	listings []time.Time // when each circuit listing (GET /fabric/v1/circuits) arrived
}

// Listings returns when each circuit listing arrived, in order.
func (p *FabricProxy) Listings() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.listings...)
}

// StartFabricProxy starts a proxy to the package's controller until the test ends.
func StartFabricProxy(t testing.TB) *FabricProxy {
	t.Helper()
	c := Shared(t)
	target, err := url.Parse(c.URL)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(c.CAPEM) {
		t.Fatal("the controller's CA bundle has no certificate")
	}
	p := &FabricProxy{}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/fabric/") {
			p.FabricCalls.Add(1)
			if p.fail.Load() {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, `{"error":{"code":"UNAVAILABLE","message":"the fabric API is unavailable (test proxy)"},"meta":{}}`)
				return
			}
		}
		if r.Method == http.MethodGet && r.URL.Path == "/fabric/v1/circuits" {
			// When the request arrived: every circuit whose dial completed before is in its answer.
			p.mu.Lock()
			p.listings = append(p.listings, time.Now())
			p.mu.Unlock()
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	p.CAPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	return p
}

// FailFabric makes the proxy answer 503 to fabric API calls (true) or forward them (false).
func (p *FabricProxy) FailFabric(fail bool) { p.fail.Store(fail) }

// ProviderBlock is a provider configuration that talks to the controller through the proxy
// (credentials still come from the environment).
func (p *FabricProxy) ProviderBlock() string {
	return fmt.Sprintf("provider \"ziti\" {\n  endpoint = %q\n  ca_pem = <<-EOT\n%s  EOT\n}\n", p.URL, p.CAPEM)
}

// VisibleServices are the names of the services starting with prefix that the agent is shown
// (the services it may dial or bind), sorted.
func (a *Agent) VisibleServices(prefix string) []string {
	a.t.Helper()
	if err := a.Ctx.RefreshServices(); err != nil {
		a.t.Fatal(err)
	}
	services, err := a.Ctx.GetServices()
	if err != nil {
		a.t.Fatal(err)
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
