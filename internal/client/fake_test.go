package client

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fullsailor/pkcs7"
)

// fakeController is an httptest TLS server that speaks just enough of the management API for
// the cases a real controller cannot be made to produce (429, 503, dropped connections).
type fakeController struct {
	*httptest.Server
	mu        sync.Mutex
	token     string
	logins    atomic.Int32
	handlers  map[string]http.HandlerFunc // "METHOD /path" below the base path
	lastToken atomic.Value
	// validJWT is the one external JWT the fake accepts (method=ext-jwt).
	validJWT string
	// beforeLogin may answer POST /authenticate itself (true) instead of the fake's login.
	beforeLogin func(w http.ResponseWriter) bool
}

func newFake(t *testing.T) *fakeController {
	t.Helper()
	f := &fakeController{handlers: map[string]http.HandlerFunc{}}
	f.Server = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeController) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == caBundlePath {
		der, err := pkcs7.DegenerateCertificate(f.Certificate().Raw)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/pkcs7-mime")
		_, _ = w.Write([]byte(base64.StdEncoding.EncodeToString(der)))
		return
	}
	p := strings.TrimPrefix(r.URL.Path, ManagementBasePath)
	if p == "/authenticate" {
		if f.beforeLogin != nil && f.beforeLogin(w) {
			return
		}
		var body struct{ Username, Password string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		validJWT := f.validJWT
		f.mu.Unlock()
		if r.URL.Query().Get("method") == "ext-jwt" {
			if validJWT == "" || r.Header.Get("Authorization") != "Bearer "+validJWT {
				writeError(w, http.StatusUnauthorized, "INVALID_AUTH", "The authentication request failed")
				return
			}
		} else if body.Password != "right-password" {
			writeError(w, http.StatusUnauthorized, "INVALID_AUTH", "The authentication request failed")
			return
		}
		n := f.logins.Add(1)
		f.mu.Lock()
		f.token = "session-token-" + strconv.Itoa(int(n)) + "@" + r.Host
		tok := f.token
		f.mu.Unlock()
		w.Header().Set("zt-session", tok)
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": "sess", "token": tok, "identityId": "admin-id", "identity": map[string]any{"name": "Default Admin"}}, "meta": map[string]any{}})
		return
	}
	f.mu.Lock()
	valid := r.Header.Get("zt-session") == f.token
	f.mu.Unlock()
	f.lastToken.Store(r.Header.Get("zt-session"))
	if !valid {
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "The request could not be completed. The session is not authorized or the credentials are invalid")
		return
	}
	if h, ok := f.handlers[r.Method+" "+p]; ok {
		h(w, r)
		return
	}
	writeError(w, http.StatusNotFound, "NOT_FOUND", "The resource requested was not found or is no longer available")
}

// expireSession makes the current token invalid, as the controller does after 30 idle minutes.
func (f *fakeController) expireSession() {
	f.mu.Lock()
	f.token = "expired-" + f.token
	f.mu.Unlock()
}

func (f *fakeController) caPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.Certificate().Raw})
}

func (f *fakeController) config() Config {
	return Config{Endpoint: f.URL, Username: "admin", Password: "right-password", CAPEM: f.caPEM(), RetryBaseDelay: 1}
}

// newClient is New for a test whose client must come up: a client of cfg, or the test fails.
func newClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": message, "requestId": "r1"}, "meta": map[string]any{}})
}
