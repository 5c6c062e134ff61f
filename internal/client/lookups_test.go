package client

import (
	"net/http"
	"testing"
)

func TestCollectionOf(t *testing.T) {
	for pattern, want := range map[string]string{
		"/identities":               "/identities",
		"/identities/{id}":          "/identities",
		"/identities/{id}/disable":  "/identities",
		"/service-policies/{id}":    "/service-policies",
		"/config-types":             "/config-types",
		"/enrollments/{id}/refresh": "/enrollments",
		"/current-api-session":      "/current-api-session",
	} {
		if got := collectionOf(pattern, false); got != want {
			t.Errorf("collectionOf(%q) = %q, want %q", pattern, got, want)
		}
	}
	if got := collectionOf("/circuits/{id}", true); got != FabricBasePath+"/circuits" {
		t.Errorf("fabric collection = %q", got)
	}
}

func TestLookupCacheForgetsACollectionOnEveryWrite(t *testing.T) {
	l := newLookupCache()
	ids := lookupKey{collection: "/identities", filter: `name="a"`}
	services := lookupKey{collection: "/services", filter: `name="a"`}
	for _, k := range []lookupKey{ids, services} {
		_, w, _ := l.get(k)
		l.put(k, w, []string{"x"})
		if _, _, ok := l.get(k); !ok {
			t.Fatalf("%v: answer not kept", k)
		}
	}
	// Reads and logins change nothing.
	l.written(http.MethodGet, "/identities/{id}", false)
	l.written(http.MethodPost, "/authenticate", false)
	if _, _, ok := l.get(ids); !ok {
		t.Fatal("a read or a login forgot the answer")
	}
	// A write to one collection forgets its answers only.
	l.written(http.MethodPut, "/identities/{id}", false)
	if _, _, ok := l.get(ids); ok {
		t.Fatal("a write to /identities kept its lookups")
	}
	if _, _, ok := l.get(services); !ok {
		t.Fatal("a write to /identities forgot a lookup of /services")
	}
	// So does a write to a sub-path (disable, refresh), and a fabric write only the fabric's.
	l.written(http.MethodPost, "/services/{id}/whatever", false)
	if _, _, ok := l.get(services); ok {
		t.Fatal("a write below /services kept its lookups")
	}
}

// An answer read while a write to its collection was under way may predate the write: it is
// not kept, whether the write started or ended during the lookup.
func TestLookupCacheDropsAnswersThatMayPredateAWrite(t *testing.T) {
	l := newLookupCache()
	k := lookupKey{collection: "/identities", filter: `name="a"`}

	_, before, _ := l.get(k)
	l.written(http.MethodPost, "/identities", false) // a write starts while the lookup runs
	l.put(k, before, []string{"stale"})
	if _, _, ok := l.get(k); ok {
		t.Fatal("an answer read while a write started was kept")
	}

	_, before, _ = l.get(k)                          // the write is still under way when the next lookup starts
	l.written(http.MethodPost, "/identities", false) // ... and ends before it is stored
	l.put(k, before, []string{"stale"})
	if _, _, ok := l.get(k); ok {
		t.Fatal("an answer read while a write ended was kept")
	}

	_, before, _ = l.get(k)
	l.put(k, before, []string{"fresh"})
	if v, _, ok := l.get(k); !ok || v.([]string)[0] != "fresh" { //nolint:forcetypeassert // put stored a []string
		t.Fatal("an answer read with no write under way was not kept")
	}
}

func TestNilLookupCacheIsANoOp(t *testing.T) {
	var l *lookupCache
	l.written(http.MethodPost, "/identities", false)
	l.put(lookupKey{}, 0, 1)
	if _, _, ok := l.get(lookupKey{}); ok {
		t.Fatal("a nil cache answered")
	}
}
