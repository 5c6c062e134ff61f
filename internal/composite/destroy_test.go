package composite

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// A controller cannot be made to refuse a delete of a composite's child on demand; this fake
// speaks just enough of the management API (login, DELETE) to do so.
func fakeDeletes(t *testing.T, status map[string]int) (*client.Client, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var deleted []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		p := strings.TrimPrefix(r.URL.Path, client.ManagementBasePath)
		switch {
		case p == "/authenticate":
			w.Header().Set("zt-session", "tok")
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"id": "s", "token": "tok", "identityId": "a", "identity": map[string]any{"name": "admin"}}, "meta": map[string]any{}})
		case r.Method == http.MethodDelete:
			mu.Lock()
			deleted = append(deleted, p)
			mu.Unlock()
			if code := status[p]; code != 0 {
				w.WriteHeader(code)
				_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": "CONFLICT", "message": "refused by the fake"}, "meta": map[string]any{}})
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{}, "meta": map[string]any{}})
		default:
			w.WriteHeader(http.StatusNotFound)
			_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": "NOT_FOUND", "message": "not found"}, "meta": map[string]any{}})
		}
	}))
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	one := 1
	c, err := client.New(context.Background(), client.Config{Endpoint: srv.URL, Username: "admin", Password: "pw", CAPEM: ca, RetryBaseDelay: 1, MaxRetries: &one})
	if err != nil {
		t.Fatal(err)
	}
	return c, &deleted
}

// Destroy goes on past a failed delete, reports every failure, and returns what is left.
func TestDestroyReportsEveryFailureAndGoesOn(t *testing.T) {
	c, deleted := fakeDeletes(t, map[string]int{"/services/s1": http.StatusConflict, "/configs/c2": http.StatusConflict})
	diags := new(diag.Diagnostics)
	op := &framework.Op{Ctx: context.Background(), Client: c, Diags: diags}
	ids := IDs{"config:intercept": "c1", "config:host": "c2", "service:service": "s1", "policy:dial": "p1", "policy:bind": "p2"}
	left := Destroy(op, ids)
	if len(*deleted) != 5 {
		t.Errorf("deletes tried: %v, want all 5", *deleted)
	}
	if len(left) != 2 || left["service:service"] != "s1" || left["config:host"] != "c2" {
		t.Errorf("left = %v, want the service and the host config", left)
	}
	if n := diags.ErrorsCount(); n != 2 {
		t.Fatalf("%d errors, want 2: %v", n, diags)
	}
	for _, d := range diags.Errors() {
		if !strings.Contains(d.Summary(), "s1") && !strings.Contains(d.Summary(), "c2") {
			t.Errorf("error %q names neither failed entity", d.Summary())
		}
	}
	// Policies before services before configs.
	if (*deleted)[0] != "/service-policies/p1" && (*deleted)[0] != "/service-policies/p2" {
		t.Errorf("first delete %s, want a policy", (*deleted)[0])
	}
}
