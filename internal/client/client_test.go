package client

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_management_api_client/informational"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest/testca"
)

func versionHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"version": "v1.7.2"}, "meta": map[string]any{}})
}

func listVersion(ctx context.Context, c *Client) (string, error) {
	ok, err := c.API.Informational.ListVersion(informational.NewListVersionParamsWithContext(ctx))
	if err != nil {
		return "", err
	}
	return ok.GetPayload().Data.Version, nil
}

func TestReauthenticatesOnceWhenSessionExpires(t *testing.T) {
	f := newFake(t)
	f.handlers["GET /version"] = versionHandler
	ctx := context.Background()
	c := newClient(t, f.config())
	if _, err := listVersion(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.expireSession()
	v, err := listVersion(ctx, c)
	if err != nil {
		t.Fatalf("request after expiry: %v", err)
	}
	if v != "v1.7.2" || f.logins.Load() != 2 || c.SessionsOpened() != 2 {
		t.Fatalf("version %q, logins %d, sessions %d: want v1.7.2, 2, 2", v, f.logins.Load(), c.SessionsOpened())
	}
}

func TestWrongPasswordNamesThePasswordAttribute(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.Password = "wrong-password"
	_, err := New(context.Background(), cfg)
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingPassword {
		t.Fatalf("want a ConfigError on password, got %#v", err)
	}
	if strings.Contains(err.Error(), "wrong-password") {
		t.Fatalf("the error leaks the password: %v", err)
	}
	if f.logins.Load() != 0 {
		t.Fatalf("logins = %d", f.logins.Load())
	}
}

func TestRetriesIdempotentRequestsOn429And503(t *testing.T) {
	f := newFake(t)
	var calls atomic.Int32
	f.handlers["GET /version"] = func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "0")
			writeError(w, http.StatusTooManyRequests, "RATE_LIMITED", "slow down")
		case 2:
			writeError(w, http.StatusServiceUnavailable, "CLUSTER_HAS_NO_LEADER", "no leader")
		default:
			versionHandler(w, r)
		}
	}
	c := newClient(t, f.config())
	if _, err := listVersion(context.Background(), c); err != nil {
		t.Fatalf("want success after two retries, got %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("calls = %d, want 3", calls.Load())
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	f := newFake(t)
	var calls atomic.Int32
	f.handlers["GET /version"] = func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeError(w, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "busy")
	}
	cfg := f.config()
	cfg.MaxRetries = ptr(2)
	c := newClient(t, cfg)
	_, err := listVersion(context.Background(), c)
	if statusOf(err) != http.StatusServiceUnavailable || calls.Load() != 3 {
		t.Fatalf("err %v after %d calls: want 503 after 3 calls", err, calls.Load())
	}
}

func TestRetriesPOSTOnlyWhenTheControllerSaysItDidNothing(t *testing.T) {
	cases := []struct {
		name      string
		status    int
		code      string
		wantCalls int32
		message   string
	}{
		// A cluster without a leader, or a rate limit, applied nothing: a retry cannot duplicate.
		{"no leader", http.StatusServiceUnavailable, "CLUSTER_NO_LEADER", 3, ""},
		{"no leader during an election", http.StatusInternalServerError, "CLUSTER_NO_LEADER", 3, ""},
		{"rate limited", http.StatusTooManyRequests, "RATE_LIMITED", 3, ""},
		// A follower forwarding to a leader that just died: the write never reached it.
		{"follower cannot reach the leader", http.StatusInternalServerError, "UNHANDLED", 3, "An unhandled error occurred"},
		// A gateway error may come after the controller applied the create: never sent again.
		{"bad gateway", http.StatusBadGateway, "", 1, ""},
		{"gateway timeout", http.StatusGatewayTimeout, "", 1, ""},
		{"server error", http.StatusInternalServerError, "UNHANDLED", 1, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			var calls atomic.Int32
			f.handlers["POST /identities"] = func(w http.ResponseWriter, _ *http.Request) {
				if calls.Add(1) > 2 {
					writeJSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"id": "new-id"}, "meta": map[string]any{}})
					return
				}
				msg := tc.message
				if msg == "" {
					msg = "no luck"
				}
				if tc.name == "follower cannot reach the leader" {
					// What a follower answers (measured): the reason is the error's cause.
					writeJSON(w, tc.status, map[string]any{"error": map[string]any{"code": tc.code, "message": msg,
						"cause": map[string]any{"message": "error dialing peer tls:127.0.0.1:1: dial tcp 127.0.0.1:1: connect: connection refused"}}, "meta": map[string]any{}})
					return
				}
				writeError(w, tc.status, tc.code, msg)
			}
			cfg := f.config()
			cfg.MaxRetries = ptr(2)
			c := newClient(t, cfg)
			// Two failures, then the create succeeds if it is sent a third time.
			_, err := Identities.Create(context.Background(), c, identityCreate("agent"))
			if tc.wantCalls == 3 && (err != nil || calls.Load() != 3) {
				t.Fatalf("err %v after %d calls: want the create retried to success on call 3", err, calls.Load())
			}
			if tc.wantCalls == 1 && (statusOf(err) != tc.status || calls.Load() != 1) {
				t.Fatalf("err %v after %d calls: want HTTP %d after 1 call", err, calls.Load(), tc.status)
			}
		})
	}
}

// An election ends by itself within seconds: "no leader" is waited out within the retry
// budget even past max_retries, and still ends at the budget.
func TestElectionIsWaitedOutWithinTheBudget(t *testing.T) {
	f := newFake(t)
	var calls atomic.Int32
	electing := atomic.Bool{}
	electing.Store(true)
	f.handlers["GET /version"] = func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 5 || electing.Load() && calls.Load() > 6 {
			writeError(w, http.StatusServiceUnavailable, "CLUSTER_NO_LEADER", "no leader")
			return
		}
		versionHandler(w, r)
	}
	cfg := f.config()
	cfg.MaxRetries = ptr(1)
	cfg.RetryBudget = 2 * time.Second
	cfg.RetryMaxDelay = 20 * time.Millisecond
	c := newClient(t, cfg)
	if _, err := listVersion(context.Background(), c); err != nil || calls.Load() != 6 {
		t.Fatalf("err %v after %d calls: want success on call 6 although max_retries is 1", err, calls.Load())
	}
	started := time.Now()
	_, err := listVersion(context.Background(), c)
	if statusOf(err) != http.StatusServiceUnavailable || !strings.Contains(err.Error(), "retry budget") || time.Since(started) > 5*time.Second {
		t.Fatalf("an endless election must end at the budget with the controller's answer; got %v after %s", err, time.Since(started))
	}
}

func TestRetriesLoginWhileTheClusterHasNoLeader(t *testing.T) {
	f := newFake(t)
	var failures atomic.Int32
	failures.Store(2)
	f.beforeLogin = func(w http.ResponseWriter) bool {
		if failures.Add(-1) >= 0 {
			writeError(w, http.StatusServiceUnavailable, "CLUSTER_NO_LEADER", "no leader")
			return true
		}
		return false
	}
	if _, err := New(context.Background(), f.config()); err != nil {
		t.Fatalf("login after two 503s: %v", err)
	}
	if f.logins.Load() != 1 {
		t.Fatalf("%d sessions opened, want 1", f.logins.Load())
	}
}

func TestRetryErrorNamesEveryAttempt(t *testing.T) {
	f := newFake(t)
	f.handlers["GET /version"] = func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "busy")
	}
	cfg := f.config()
	cfg.MaxRetries = ptr(1)
	c := newClient(t, cfg)
	_, err := listVersion(context.Background(), c)
	if statusOf(err) != http.StatusServiceUnavailable || !strings.Contains(err.Error(), "gave up after 2 attempts") || !strings.Contains(err.Error(), "attempt 1:") {
		t.Fatalf("want the last 503 with every attempt named, got %v", err)
	}
}

func TestRetriesDroppedConnectionOnGETOnly(t *testing.T) {
	f := newFake(t)
	var gets, posts atomic.Int32
	drop := func(w http.ResponseWriter) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the fake controller's ResponseWriter cannot hijack the connection")
			return
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}
	f.handlers["GET /version"] = func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			drop(w)
			return
		}
		versionHandler(w, r)
	}
	f.handlers["POST /identities"] = func(w http.ResponseWriter, _ *http.Request) {
		posts.Add(1)
		drop(w)
	}
	// HTTP/1.1 so that the handler can hijack (drop) the connection.
	f.Server.EnableHTTP2 = false
	c := newClient(t, f.config())
	if _, err := listVersion(context.Background(), c); err != nil || gets.Load() != 2 {
		t.Fatalf("GET: err %v after %d calls, want success after 2", err, gets.Load())
	}
	if _, err := Identities.Create(context.Background(), c, identityCreate("agent")); err == nil || posts.Load() != 1 {
		t.Fatalf("POST: err %v after %d calls, want an error after 1", err, posts.Load())
	}
}

func TestDecodesErrorEnvelope(t *testing.T) {
	f := newFake(t)
	f.handlers["PUT /identities/abc"] = func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
			"code": "COULD_NOT_VALIDATE", "message": "The supplied request contains an invalid document",
			"cause": map[string]any{"field": "name", "reason": "duplicate value 'agent' in unique index on identities store", "value": "agent"},
		}, "meta": map[string]any{}})
	}
	c := newClient(t, f.config())
	_, err := Identities.Get(context.Background(), c, "missing")
	if !IsNotFound(err) {
		t.Fatalf("want IsNotFound, got %v", err)
	}
	err = Identities.Update(context.Background(), c, "abc", identityUpdate("agent"))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !IsValidation(err) || apiErr.Code != "COULD_NOT_VALIDATE" || apiErr.CauseField != "name" ||
		!strings.Contains(apiErr.CauseText, "duplicate") {
		t.Fatalf("decoded %#v", apiErr)
	}
	if !strings.Contains(err.Error(), `field "name"`) {
		t.Fatalf("message does not name the field: %v", err)
	}
}

func TestRedactsSecretsFromErrors(t *testing.T) {
	f := newFake(t)
	f.handlers["GET /version"] = func(w http.ResponseWriter, r *http.Request) {
		// A controller (or proxy) echoing the session token and password back must not get
		// them into an error message that ends up in a terminal or CI log.
		writeError(w, http.StatusBadRequest, "BAD", "echo "+r.Header.Get("zt-session")+" right-password")
	}
	c := newClient(t, f.config())
	_, err := listVersion(context.Background(), c)
	if err == nil {
		t.Fatal("want an error")
	}
	token, _ := f.lastToken.Load().(string)
	if token == "" || strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "right-password") || !strings.Contains(err.Error(), redacted) {
		t.Fatalf("secrets not redacted: %v", err)
	}
	if !IsValidation(err) {
		t.Fatalf("redaction lost the error type: %v", err)
	}
}

func TestWrongCAFailsClosed(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.CAPEM = testca.PEM(t, "not-the-controller-ca")
	_, err := New(context.Background(), cfg)
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingCAPEM || !strings.Contains(err.Error(), "not trusted") {
		t.Fatalf("want a ConfigError on ca_pem, got %v", err)
	}
	if f.logins.Load() != 0 {
		t.Fatal("credentials were sent to an unverified server")
	}
}

func TestNoCAFailsClosedAndTrustOnFirstUseIsExplicit(t *testing.T) {
	f := newFake(t)
	f.handlers["GET /version"] = versionHandler
	cfg := f.config()
	cfg.CAPEM = nil
	_, err := New(context.Background(), cfg)
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingCAPEM || !strings.Contains(err.Error(), "trust_on_first_use") {
		t.Fatalf("without a CA the self-signed controller must be refused with advice, got %v", err)
	}
	cfg.TrustOnFirstUse = true
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("trust_on_first_use: %v", err)
	}
	if _, err := listVersion(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings()) != 1 || !strings.Contains(c.Warnings()[0], "without verification") {
		t.Fatalf("warnings %v", c.Warnings())
	}
}

func TestInsecureSkipVerifyWarns(t *testing.T) {
	f := newFake(t)
	cfg := f.config()
	cfg.CAPEM = nil
	cfg.InsecureSkipVerify = true
	c := newClient(t, cfg)
	if len(c.Warnings()) != 1 || !strings.Contains(c.Warnings()[0], "NOT verified") {
		t.Fatalf("warnings %v", c.Warnings())
	}
}

func TestExtJWTFileIsReadAgainAtEveryLogin(t *testing.T) {
	f := newFake(t)
	f.handlers["GET /version"] = versionHandler
	tokenFile := filepath.Join(t.TempDir(), "token")
	rotate := func(token string) {
		f.mu.Lock()
		f.validJWT = token
		f.mu.Unlock()
		if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rotate("first.jwt.token")
	c, err := New(context.Background(), Config{Endpoint: f.URL, ExtJWTFile: tokenFile, CAPEM: f.caPEM(), RetryBaseDelay: 1})
	if err != nil {
		t.Fatalf("login with the first token: %v", err)
	}
	// The workload rotates its token; the old one is no longer accepted and the session expires.
	rotate("second.jwt.token")
	f.expireSession()
	if _, err := listVersion(context.Background(), c); err != nil {
		t.Fatalf("the re-login did not read the rotated token: %v", err)
	}
	if f.logins.Load() != 2 {
		t.Fatalf("%d logins, want 2", f.logins.Load())
	}
	// An unreadable file names the setting to change, and no token is printed.
	if err := os.Remove(tokenFile); err != nil {
		t.Fatal(err)
	}
	f.expireSession()
	_, err = listVersion(context.Background(), c)
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) || cfgErr.Setting != SettingExtJWTFile || strings.Contains(err.Error(), "jwt.token") {
		t.Fatalf("want a ConfigError on ExtJWTFile without the token, got %v", err)
	}
}

func TestCloseDeletesTheSession(t *testing.T) {
	f := newFake(t)
	var deleted atomic.Int32
	f.handlers["DELETE /current-api-session"] = func(w http.ResponseWriter, _ *http.Request) {
		deleted.Add(1)
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{}, "meta": map[string]any{}})
	}
	c := newClient(t, f.config())
	c.Close(context.Background())
	if deleted.Load() != 1 {
		t.Fatalf("Close deleted the API session %d times, want 1", deleted.Load())
	}
}
