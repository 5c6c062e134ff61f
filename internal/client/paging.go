package client

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging: every list the provider reads goes through listPages.
//
// Offset paging over a live list skips entries: when an entry of page 1 goes away while page 1
// is being processed, every later entry moves one place up and the first entry of page 2 is
// never seen (circuits close all the time; entities change under a running apply). So lists
// page by key instead: sorted by id, each page asks for the ids after the last one seen
// (`<filter> and id > "<last id>" sort by id`). An entry that goes away between pages can then
// only be missing itself; every entry that exists from the first request to the last is seen
// exactly once. Both the management API and the fabric API (/fabric/v1/circuits, an in-memory
// store) accept ZitiQL string comparisons and `sort by id` (checked against ziti v1.7.2).
//
// A caller's filter with its own `sort by`, `limit` or `skip` clause cannot be combined with
// the key; such a listing pages by offset and is repeated until two consecutive listings
// agree on the ids they returned (at most stableAttempts times).

// stableAttempts bounds the re-listing of filters that cannot page by key.
const stableAttempts = 5

// vanishedAttempts bounds how often one page is asked for again after a 404. The controller
// (v1.7.2) answers a list with 404 when an entry its query matched is deleted before the
// entry is rendered ("could not convert *model.Identity with id X to API entity: identity
// with id X not found"): a destroy deletes identities while a revocation sweep lists them.
// Asked again, the list no longer matches the deleted entry. A collection that does not
// exist keeps answering 404, and that error is returned.
const vanishedAttempts = 5

// fetchAgainIfVanished fetches one page, again after a 404 (see vanishedAttempts).
func fetchAgainIfVanished[T any](ctx context.Context, fetch fetchPage[T], filter string, offset int) ([]T, error) {
	for attempt := 1; ; attempt++ {
		page, err := fetch(ctx, filter, offset)
		if err == nil || !IsNotFound(err) || attempt == vanishedAttempts {
			return page, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
	}
}

// fetchPage fetches one page: the full ZitiQL filter (predicate plus clauses), the offset.
type fetchPage[T any] func(ctx context.Context, filter string, offset int) ([]T, error)

// listPages lists everything filter matches through fetch, consistently (see above). idOf
// returns an entry's id.
func listPages[T any](ctx context.Context, fetch fetchPage[T], filter string, idOf func(T) (string, error)) ([]T, error) {
	predicate, custom := splitClauses(filter)
	if custom {
		return listStable(ctx, fetch, filter, idOf)
	}
	if strings.TrimSpace(predicate) == "" {
		predicate = "true"
	}
	var all []T
	last := ""
	for {
		f := "(" + predicate + ")"
		if last != "" {
			f += " and id > " + quote(last)
		}
		f += " sort by id limit " + strconv.Itoa(PageSize)
		page, err := fetchAgainIfVanished(ctx, fetch, f, 0)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			id, err := idOf(e)
			if err != nil {
				return nil, err
			}
			if id <= last {
				// The key only moves forward; anything else would loop forever.
				return nil, fmt.Errorf("listing with filter %q: the controller returned id %q after %q, out of order", filter, id, last)
			}
			last = id
		}
		all = append(all, page...)
		if len(page) < PageSize {
			return all, nil
		}
	}
}

// listStable pages by offset and repeats the whole listing until two consecutive listings
// return the same ids in the same order.
func listStable[T any](ctx context.Context, fetch fetchPage[T], filter string, idOf func(T) (string, error)) ([]T, error) {
	var prev []string
	for range stableAttempts {
		var all []T
		var ids []string
		pages := 0
		for offset := 0; ; {
			pages++
			page, err := fetchAgainIfVanished(ctx, fetch, filter, offset)
			if err != nil {
				return nil, err
			}
			for _, e := range page {
				id, err := idOf(e)
				if err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
			all = append(all, page...)
			offset += len(page)
			if len(page) < PageSize {
				break
			}
		}
		if pages == 1 || (prev != nil && slices.Equal(prev, ids)) {
			// One page is one consistent answer; several need two that agree.
			return all, nil
		}
		prev = ids
	}
	return nil, fmt.Errorf("listing with filter %q: the list kept changing over %d listings; try again", filter, stableAttempts)
}

// splitClauses separates a ZitiQL filter's predicate from its `sort by`, `limit` and `skip`
// clauses (outside string literals). custom reports whether there were any.
func splitClauses(filter string) (predicate string, custom bool) {
	lower := strings.ToLower(filter)
	inString := false
	for i := 0; i < len(filter); i++ {
		switch c := filter[i]; {
		case c == '\\' && inString:
			i++
		case c == '"':
			inString = !inString
		case !inString && (i == 0 || isSpace(filter[i-1])):
			for _, kw := range []string{"sort by ", "limit ", "skip "} {
				if strings.HasPrefix(lower[i:], kw) {
					return filter[:i], true
				}
			}
		}
	}
	return filter, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quote is a ZitiQL string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// KeysOf gives the "id" and "name" an API value carries ("" for absent): a detail, a list
// entry, a create body. It reads them through the value's JSON form, which every edge-api
// model has: the embedded base entity is flattened only when marshalled, and the polymorphic
// posture checks keep their fields behind methods.
func KeysOf(v any) (id, name string) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", ""
	}
	var keys struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	// A model whose "id" or "name" is not a string leaves that key empty; the other is kept.
	_ = json.Unmarshal(b, &keys)
	return keys.ID, keys.Name
}

// IDOf is the "id" of a list entry (see KeysOf), an error when it has none.
func IDOf(v any) (string, error) {
	if id, _ := KeysOf(v); id != "" {
		return id, nil
	}
	return "", fmt.Errorf("an entry of the list has no id")
}
