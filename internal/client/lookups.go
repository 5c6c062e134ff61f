package client

import (
	"context"
	"net/http"
	"strings"
	"sync"
)

// Lookups: a plan or an apply resolves the same references over and over (every identity's
// auth policy "default", every typed config's built-in config type, every policy naming the
// same service). The client remembers the answer of each lookup (a list by filter) for its
// life, which is one provider process, that is one run; any write this client sends to a
// collection forgets that collection's answers.
//
// A write is counted when it starts and again when it ends: a lookup whose answer is stored
// must have started and ended with no write to its collection started or ended meanwhile, so
// an answer read before a write committed is never kept after it. Empty answers are not kept:
// something another client creates meanwhile must be found as soon as it exists. Writes by
// other clients to entities found earlier are not seen until the next run, the price of a
// per-run cache (and the request that uses a stale id fails on the controller).
type lookupCache struct {
	mu      sync.Mutex
	writes  map[string]uint64         // collection -> writes started + ended
	answers map[string]map[string]any // collection -> filter -> answer
}

type lookupKey struct{ collection, filter string }

func newLookupCache() *lookupCache {
	return &lookupCache{writes: map[string]uint64{}, answers: map[string]map[string]any{}}
}

// collectionOf is the collection a path pattern belongs to: "/identities/{id}/disable" ->
// "/identities". Fabric paths are kept apart from management paths of the same name.
func collectionOf(pattern string, fabric bool) string {
	rest := strings.TrimPrefix(pattern, "/")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	if fabric {
		return FabricBasePath + "/" + rest
	}
	return "/" + rest
}

// written records a write to pattern's collection (at its start and again at its end) and
// forgets that collection's answers. Reads and logins change nothing.
func (l *lookupCache) written(method, pattern string, fabric bool) {
	if l == nil || method == http.MethodGet || method == http.MethodHead || pattern == "/authenticate" {
		return
	}
	collection := collectionOf(pattern, fabric)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes[collection]++
	delete(l.answers, collection)
}

// get returns the stored answer of a lookup, and the write count to pass to put.
func (l *lookupCache) get(key lookupKey) (any, uint64, bool) {
	if l == nil {
		return nil, 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.answers[key.collection][key.filter]
	return v, l.writes[key.collection], ok
}

// put stores an answer unless a write to its collection started or ended since get.
func (l *lookupCache) put(key lookupKey, writesBefore uint64, v any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.writes[key.collection] != writesBefore {
		return
	}
	if l.answers[key.collection] == nil {
		l.answers[key.collection] = map[string]any{}
	}
	l.answers[key.collection][key.filter] = v
}

// Lookup lists what filter matches, like List, through the client's lookup cache (see
// above): for references resolved again and again in one run. The answer may be shared with
// other callers: it must not be modified.
func (e Entities[C, U, D]) Lookup(ctx context.Context, c *Client, filter string) ([]D, error) {
	key := lookupKey{collection: collectionOf(e.Path, false), filter: filter}
	v, before, ok := c.lookups.get(key)
	if found, typed := v.([]D); ok && typed {
		return found, nil
	}
	found, err := e.List(ctx, c, filter)
	if err == nil && len(found) > 0 {
		c.lookups.put(key, before, found)
	}
	return found, err
}
