package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_model"
)

// deadEndpoint is a loopback address nothing listens on: connections to it are refused.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "https://" + addr
}

// clusterConfig is the config of a cluster of fakes (all signed by httptest's one CA).
func clusterConfig(first *fakeController, endpoints ...string) Config {
	cfg := first.config()
	cfg.Endpoint = ""
	cfg.Endpoints = endpoints
	return cfg
}

// counting answers a route and counts its calls.
func counting(n *atomic.Int32, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		if status == http.StatusServiceUnavailable {
			writeError(w, status, "CLUSTER_NO_LEADER", "Cluster has no leader")
			return
		}
		writeJSON(w, status, map[string]any{"data": map[string]any{"id": "new-id"}, "meta": map[string]any{}})
	}
}

func createService(ctx context.Context, c *Client) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: "/services", Body: map[string]any{"name": "s"}})
}

func TestFailsOverToTheNextMemberAndStaysThere(t *testing.T) {
	live := newFake(t)
	var versions atomic.Int32
	live.handlers["GET /version"] = func(w http.ResponseWriter, r *http.Request) { versions.Add(1); versionHandler(w, r) }
	ctx := context.Background()
	c, err := New(ctx, clusterConfig(live, deadEndpoint(t), live.URL))
	if err != nil {
		t.Fatalf("one member down must not stop the client: %v", err)
	}
	for range 3 {
		if _, err := listVersion(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if versions.Load() != 3 || live.logins.Load() != 1 {
		t.Fatalf("live member served %d requests with %d logins, want 3 and 1", versions.Load(), live.logins.Load())
	}
	if got := c.Endpoint().Host; got != strings.TrimPrefix(live.URL, "https://") {
		t.Fatalf("requests go to %s, want the member that answered", got)
	}
}

func TestWriteRefusedForNoLeaderMovesToAnotherMember(t *testing.T) {
	a, b := newFake(t), newFake(t)
	var postsA, postsB atomic.Int32
	a.handlers["POST /services"] = counting(&postsA, http.StatusServiceUnavailable)
	b.handlers["POST /services"] = counting(&postsB, http.StatusCreated)
	ctx := context.Background()
	c := newClient(t, clusterConfig(a, a.URL, b.URL))
	if err := createService(ctx, c); err != nil {
		t.Fatalf("create: %v", err)
	}
	if postsA.Load() != 1 || postsB.Load() != 1 {
		t.Fatalf("POSTs: %d to the member without a leader, %d to the other; want 1 and 1", postsA.Load(), postsB.Load())
	}
	// One session per member used, each member seeing only its own token.
	if a.logins.Load() != 1 || b.logins.Load() != 1 || c.SessionsOpened() != 2 {
		t.Fatalf("logins a=%d b=%d opened=%d; want 1, 1, 2", a.logins.Load(), b.logins.Load(), c.SessionsOpened())
	}
	if tok, _ := b.lastToken.Load().(string); !strings.HasSuffix(tok, "@"+strings.TrimPrefix(b.URL, "https://")) {
		t.Fatalf("member b was sent the token %q, which it did not issue", tok)
	}
}

func TestPOSTWithLostAnswerIsNotSentToAnotherMember(t *testing.T) {
	a, b := newFake(t), newFake(t)
	var postsA, postsB atomic.Int32
	a.handlers["POST /services"] = func(w http.ResponseWriter, _ *http.Request) {
		postsA.Add(1)
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, _, _ := hj.Hijack()
		_ = conn.Close() // the request arrived; the answer is lost
	}
	b.handlers["POST /services"] = counting(&postsB, http.StatusCreated)
	ctx := context.Background()
	c := newClient(t, clusterConfig(a, a.URL, b.URL))
	if err := createService(ctx, c); err == nil {
		t.Fatal("a create whose answer was lost must fail, not be repeated elsewhere")
	}
	if postsA.Load() != 1 || postsB.Load() != 0 {
		t.Fatalf("POSTs a=%d b=%d; want 1 and 0 (a second member would make a duplicate)", postsA.Load(), postsB.Load())
	}
}

func TestAllMembersDownNamesEachWithinTheBudget(t *testing.T) {
	f := newFake(t)
	dead1, dead2 := deadEndpoint(t), deadEndpoint(t)
	cfg := clusterConfig(f, dead1, dead2)
	cfg.RetryBudget = 300 * time.Millisecond
	started := time.Now()
	_, err := New(context.Background(), cfg)
	if err == nil {
		t.Fatal("want an error with every member down")
	}
	if took := time.Since(started); took > 5*time.Second {
		t.Fatalf("gave up after %s; the budget is 300ms", took)
	}
	for _, d := range []string{dead1, dead2} {
		if !strings.Contains(err.Error(), strings.TrimPrefix(d, "https://")) {
			t.Errorf("the error does not name member %s: %v", d, err)
		}
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("the error does not say why: %v", err)
	}
}

func TestEndpointsBadInput(t *testing.T) {
	f := newFake(t)
	cases := map[string]struct {
		cfg  Config
		want string
	}{
		"duplicate":     {clusterConfig(f, f.URL, f.URL+"/edge/management/v1"), "list each controller of the cluster once"},
		"not https":     {clusterConfig(f, f.URL, "http://127.0.0.1:1"), "https only"},
		"both settings": {func() Config { c := clusterConfig(f, f.URL); c.Endpoint = f.URL; return c }(), "both set"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := New(context.Background(), tc.cfg)
			var cfgErr *ConfigError
			if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingEndpoints || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want a ConfigError on endpoints saying %q, got %v", tc.want, err)
			}
		})
	}
	if f.logins.Load() != 0 {
		t.Fatal("bad endpoints must be refused before credentials are sent")
	}
}

func TestMemberOfAnotherClusterIsRefused(t *testing.T) {
	f := newFake(t)
	other := httptest.NewUnstartedServer(http.NotFoundHandler())
	other.TLS = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}, MinVersion: tls.VersionTLS12}
	other.StartTLS()
	t.Cleanup(other.Close)
	_, err := New(context.Background(), clusterConfig(f, f.URL, other.URL))
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingEndpoints || !strings.Contains(err.Error(), strings.TrimPrefix(other.URL, "https://")) {
		t.Fatalf("want a ConfigError on endpoints naming the foreign member, got %v", err)
	}
}

func TestCloseEndsTheSessionOnEveryMemberUsed(t *testing.T) {
	a, b, c3 := newFake(t), newFake(t), newFake(t)
	var deleted [3]atomic.Int32
	for i, f := range []*fakeController{a, b, c3} {
		f.handlers["DELETE /current-api-session"] = counting(&deleted[i], http.StatusOK)
	}
	var posts atomic.Int32
	a.handlers["POST /services"] = counting(&posts, http.StatusServiceUnavailable)
	b.handlers["POST /services"] = counting(&posts, http.StatusCreated)
	ctx := context.Background()
	c := newClient(t, clusterConfig(a, a.URL, b.URL, c3.URL))
	if err := createService(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	if deleted[0].Load() != 1 || deleted[1].Load() != 1 || deleted[2].Load() != 0 {
		t.Fatalf("sessions deleted a=%d b=%d c=%d; want 1, 1, 0 (c was never used)", deleted[0].Load(), deleted[1].Load(), deleted[2].Load())
	}
}

// selfSigned is a certificate for 127.0.0.1 that no CA of the test signed.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "other-cluster"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestMemberDyingMidRunIsLeftForTheNext(t *testing.T) {
	a, b := newFake(t), newFake(t)
	b.handlers["GET /version"] = versionHandler
	ctx := context.Background()
	c := newClient(t, clusterConfig(a, a.URL, b.URL))
	a.CloseClientConnections()
	a.Close() // the member the client logged in to dies
	if _, err := listVersion(ctx, c); err != nil {
		t.Fatalf("the request should have moved to the surviving member: %v", err)
	}
	if b.logins.Load() != 1 {
		t.Fatalf("the survivor was logged in to %d times, want 1", b.logins.Load())
	}
}

// lostAnswerFake: POST /services reaches the controller, which applies it (or not) and dies
// before answering; GET /services finds what was applied by name.
func lostAnswerFake(t *testing.T, applies bool) (*fakeController, *atomic.Int32) {
	f := newFake(t)
	var posts atomic.Int32
	var made atomic.Bool
	f.handlers["POST /services"] = func(w http.ResponseWriter, _ *http.Request) {
		if posts.Add(1) == 1 {
			made.Store(applies)
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("the fake's writer cannot be hijacked")
				return
			}
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
			return
		}
		if made.Load() {
			writeError(w, http.StatusBadRequest, "COULD_NOT_VALIDATE", "name is already in use")
			return
		}
		made.Store(true)
		writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"id": "made-by-second-post"}, "meta": map[string]any{}})
	}
	f.handlers["GET /services"] = func(w http.ResponseWriter, r *http.Request) {
		var data []map[string]any
		if made.Load() && strings.Contains(r.URL.Query().Get("filter"), `name="s"`) {
			data = append(data, map[string]any{"id": "made-id", "name": "s"})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": map[string]any{"pagination": map[string]any{"totalCount": len(data)}}})
	}
	return f, &posts
}

func TestCreateWithLostAnswerAdoptsWhatItMade(t *testing.T) {
	f, posts := lostAnswerFake(t, true)
	ctx := context.Background()
	c := newClient(t, f.config())
	id, err := Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr("s")})
	if err != nil || id != "made-id" || posts.Load() != 1 {
		t.Fatalf("create = %q, %v after %d POSTs; want the entity the lost create made, found by name, and no second POST", id, err, posts.Load())
	}
}

func TestCreateWithLostAnswerThatDidNothingIsSentAgain(t *testing.T) {
	f, posts := lostAnswerFake(t, false)
	ctx := context.Background()
	c := newClient(t, f.config())
	id, err := Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr("s")})
	if err != nil || id != "made-by-second-post" || posts.Load() != 2 {
		t.Fatalf("create = %q, %v after %d POSTs; want the second POST's entity", id, err, posts.Load())
	}
}

func ptr[T any](v T) *T { return &v }

// A controller that crashed mid-create answers resets while it restarts, for longer than an
// ordinary request's attempts last; the look-up that tells whether the create happened keeps
// trying for the whole budget, so the entity it made is adopted instead of orphaned.
func TestCreateWithLostAnswerWaitsOutARestartBeforeLookingUp(t *testing.T) {
	f, posts := lostAnswerFake(t, true)
	var lookups atomic.Int32
	answer := f.handlers["GET /services"]
	f.handlers["GET /services"] = func(w http.ResponseWriter, r *http.Request) {
		if lookups.Add(1) <= DefaultMaxRetries+3 { // still restarting: the connection is reset
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
			return
		}
		answer(w, r)
	}
	cfg := f.config()
	cfg.RetryBaseDelay = time.Millisecond
	cfg.RetryMaxDelay = 5 * time.Millisecond
	ctx := context.Background()
	c := newClient(t, cfg)
	id, err := Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr("s")})
	if err != nil || id != "made-id" || posts.Load() != 1 {
		t.Fatalf("create = %q, %v after %d POSTs and %d look-ups; want the lost create's entity, found once the controller answered", id, err, posts.Load(), lookups.Load())
	}
	// An ordinary read meeting the same resets gives up after its attempts.
	lookups.Store(0)
	if _, err := Services.List(ctx, c, NameFilter("s")); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("gave up after %d attempts", DefaultMaxRetries+1)) {
		t.Fatalf("a plain list after %d requests: %v; want it to give up after %d attempts", lookups.Load(), err, DefaultMaxRetries+1)
	}
}

// In a cluster the member asked after a lost answer may trail the write: the lookup finds
// nothing, the create sent again collides with the name, and the entity is adopted once the
// trailing member has it, not reported as an error.
func TestCreateWithLostAnswerSeenLateByATrailingMemberIsAdopted(t *testing.T) {
	f, posts := lostAnswerFake(t, true)
	var lookups atomic.Int32
	answer := f.handlers["GET /services"]
	f.handlers["GET /services"] = func(w http.ResponseWriter, r *http.Request) {
		if lookups.Add(1) <= 3 { // the first lookups come before the member caught up
			writeJSON(w, http.StatusOK, map[string]any{"data": []any{}, "meta": map[string]any{"pagination": map[string]any{"totalCount": 0}}})
			return
		}
		answer(w, r)
	}
	ctx := context.Background()
	c := newClient(t, clusterConfig(f, f.URL, deadEndpoint(t)))
	id, err := Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr("s")})
	if err != nil || id != "made-id" || posts.Load() != 2 {
		t.Fatalf("create = %q, %v after %d POSTs and %d lookups; want the first create's entity, adopted after the second POST collided", id, err, posts.Load(), lookups.Load())
	}
}

// A partitioned member answers nothing: requests to it time out (request_timeout), and a
// read moves on to the next member instead of failing the run.
func TestReadFromAHangingMemberMovesOn(t *testing.T) {
	a, b := newFake(t), newFake(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	a.handlers["GET /version"] = func(http.ResponseWriter, *http.Request) { <-release }
	b.handlers["GET /version"] = versionHandler
	cfg := clusterConfig(a, a.URL, b.URL)
	cfg.RequestTimeout = 300 * time.Millisecond
	ctx := context.Background()
	c := newClient(t, cfg)
	if v, err := listVersion(ctx, c); err != nil || v != "v1.7.2" {
		t.Fatalf("version %q, %v: want the answer of the member that answers", v, err)
	}
}

// A create that times out may have been applied: it is looked up by name, not dropped.
func TestCreateThatTimedOutIsLookedUpByName(t *testing.T) {
	f := newFake(t)
	var posts atomic.Int32
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	f.handlers["POST /services"] = func(http.ResponseWriter, *http.Request) { posts.Add(1); <-release }
	f.handlers["GET /services"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"data": []map[string]any{{"id": "made-id", "name": "s"}}, "meta": map[string]any{"pagination": map[string]any{"totalCount": 1}}})
	}
	cfg := f.config()
	cfg.RequestTimeout = 300 * time.Millisecond
	ctx := context.Background()
	c := newClient(t, cfg)
	id, err := Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr("s")})
	if err != nil || id != "made-id" || posts.Load() != 1 {
		t.Fatalf("create = %q, %v after %d POSTs; want the entity found by name after the timeout", id, err, posts.Load())
	}
}

// When a request has waited its whole budget for a controller that is down, the next ones
// fail at once: an apply of many resources ends in about one budget, not one per resource.
func TestOutageFailsLaterRequestsAtOnce(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.RetryBudget = 400 * time.Millisecond
	cfg.RetryMaxDelay = 50 * time.Millisecond
	ctx := context.Background()
	c := newClient(t, cfg)
	f.CloseClientConnections()
	f.Close() // the controller goes away for good
	started := time.Now()
	if _, err := listVersion(ctx, c); err == nil {
		t.Fatal("want an error from a controller that is down")
	}
	first := time.Since(started)
	started = time.Now()
	_, err := listVersion(ctx, c)
	if err == nil || !strings.Contains(err.Error(), "not retried") || time.Since(started) > first/2 {
		t.Fatalf("the second request took %s (the first %s) and said %v; want an immediate error naming the outage", time.Since(started), first, err)
	}
}
