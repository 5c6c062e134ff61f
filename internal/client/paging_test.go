package client

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// liveList is a fake collection that answers the ZitiQL the paging helper sends (a predicate,
// optionally `id > "x"`, `sort by id` or another sort, `limit`), and offset paging. onPage runs
// after every answered page, to change the list between pages as a live controller does.
type liveList struct {
	mu       sync.Mutex
	ids      map[string]bool
	requests []string
	onPage   func(n int)
	// notFound answers this many requests with the controller's 404 for an entry deleted
	// while the list was rendered.
	notFound int
}

var (
	afterRe = regexp.MustCompile(`id > "([^"]*)"`)
	limitRe = regexp.MustCompile(`limit (\d+)`)
)

func (l *liveList) serve(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	filter := r.URL.Query().Get("filter")
	l.requests = append(l.requests, filter)
	if l.notFound > 0 {
		l.notFound--
		l.mu.Unlock()
		writeJSON(w, http.StatusNotFound, map[string]any{"error": map[string]any{"code": "NOT_FOUND",
			"message": "The resource requested was not found or is no longer available",
			"cause":   map[string]any{"message": "identity with id X not found"}}})
		return
	}
	ids := make([]string, 0, len(l.ids))
	for id := range l.ids {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if m := afterRe.FindStringSubmatch(filter); m != nil {
		i := sort.SearchStrings(ids, m[1])
		for i < len(ids) && ids[i] <= m[1] {
			i++
		}
		ids = ids[i:]
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if m := limitRe.FindStringSubmatch(filter); m != nil {
		limit, _ = strconv.Atoi(m[1])
	}
	if offset > len(ids) {
		offset = len(ids)
	}
	ids = ids[offset:]
	if len(ids) > limit {
		ids = ids[:limit]
	}
	data := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		data = append(data, map[string]any{"id": id, "name": "n-" + id})
	}
	n := len(l.requests)
	l.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": map[string]any{}})
	if l.onPage != nil {
		l.mu.Lock()
		l.onPage(n)
		l.mu.Unlock()
	}
}

func newLiveList(n int) *liveList {
	l := &liveList{ids: map[string]bool{}}
	for i := range n {
		l.ids[fmt.Sprintf("c%05d", i)] = true
	}
	return l
}

func newPagingClient(t *testing.T, l *liveList) *Client {
	t.Helper()
	f := newFake(t)
	f.handlers["GET /fabric/v1/circuits"] = l.serve
	f.handlers["GET /identities"] = l.serve
	c := newClient(t, f.config())
	return c
}

func circuitIDs(cs []Circuit) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// Circuits that close while the list is paged make no other circuit be skipped: every circuit
// open from the first request to the last is listed exactly once.
func TestListCircuitsClosuresBetweenPagesSkipNothing(t *testing.T) {
	l := newLiveList(1234)
	closed := map[string]bool{}
	l.onPage = func(n int) {
		if n == 1 {
			// After the first page: 40 circuits of that page close, and 3 of later pages.
			for i := 0; i < 40; i++ {
				id := fmt.Sprintf("c%05d", i*10)
				delete(l.ids, id)
				closed[id] = true
			}
			for _, id := range []string{"c00600", "c00999", "c01233"} {
				delete(l.ids, id)
				closed[id] = true
			}
		}
	}
	c := newPagingClient(t, l)
	got, err := c.ListCircuits(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, id := range circuitIDs(got) {
		seen[id]++
	}
	for i := range 1234 {
		id := fmt.Sprintf("c%05d", i)
		if closed[id] {
			if seen[id] > 1 {
				t.Errorf("%s listed %d times", id, seen[id])
			}
			continue
		}
		if seen[id] != 1 {
			t.Errorf("open circuit %s listed %d times, want once", id, seen[id])
		}
	}
	if len(l.requests) != 3 {
		t.Errorf("requests: %d, want 3 (500 + 500 + the rest)", len(l.requests))
	}
	if l.requests[0] != "(true) sort by id limit 500" || !strings.HasPrefix(l.requests[1], `(true) and id > "c00499" sort by id`) {
		t.Errorf("filters sent: %q", l.requests[:2])
	}
}

// The same closures with the offset paging the provider used before skip open circuits: the
// fake reproduces the failure the keyset paging avoids (so the test above can fail).
func TestOffsetPagingWouldSkipCircuits(t *testing.T) {
	l := newLiveList(1000)
	l.onPage = func(n int) {
		if n == 1 {
			for i := 0; i < 10; i++ {
				delete(l.ids, fmt.Sprintf("c%05d", i))
			}
		}
	}
	c := newPagingClient(t, l)
	var all []Circuit
	for offset := 0; ; {
		var out envelope[[]Circuit]
		if err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/circuits", Fabric: true, Out: &out,
			Query: map[string]string{"limit": "500", "offset": strconv.Itoa(offset)}}); err != nil {
			t.Fatal(err)
		}
		all = append(all, out.Data...)
		offset += len(out.Data)
		if len(out.Data) < 500 {
			break
		}
	}
	ids := map[string]bool{}
	for _, id := range circuitIDs(all) {
		ids[id] = true
	}
	if ids["c00500"] {
		t.Fatalf("offset paging saw c00500; the fake does not model the skip")
	}
}

// Page boundaries: nothing, exactly one page, exactly two pages, one more than a page.
func TestListCircuitsPageBoundaries(t *testing.T) {
	for _, n := range []int{0, 1, 499, 500, 501, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			l := newLiveList(n)
			c := newPagingClient(t, l)
			got, err := c.ListCircuits(context.Background(), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("listed %d, want %d", len(got), n)
			}
			for i, id := range circuitIDs(got) {
				if want := fmt.Sprintf("c%05d", i); id != want {
					t.Fatalf("entry %d is %s, want %s", i, id, want)
				}
			}
			if want := n/500 + 1; len(l.requests) != want {
				t.Fatalf("%d requests, want %d", len(l.requests), want)
			}
		})
	}
}

// A caller's filter is kept and combined with the key.
func TestEntitiesListKeepsTheFilter(t *testing.T) {
	l := newLiveList(700)
	c := newPagingClient(t, l)
	got, err := Identities.List(context.Background(), c, `name contains "x"`)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 700 || *got[699].ID != "c00699" {
		t.Fatalf("listed %d", len(got))
	}
	if l.requests[1] != `(name contains "x") and id > "c00499" sort by id limit 500` {
		t.Fatalf("second filter %q", l.requests[1])
	}
}

// A filter with its own sort pages by offset and lists again until two listings agree.
func TestEntitiesListWithOwnSortRelistsUntilStable(t *testing.T) {
	l := newLiveList(800)
	l.onPage = func(n int) {
		if n == 1 { // during the first listing, one entry of page 1 goes away
			delete(l.ids, "c00003")
		}
	}
	c := newPagingClient(t, l)
	got, err := Identities.List(context.Background(), c, `true sort by name`)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 799 {
		t.Fatalf("listed %d, want 799", len(got))
	}
	// First listing (2 pages, skewed), second (2 pages), third (2 pages, agrees with the second).
	if len(l.requests) != 6 {
		t.Fatalf("%d requests, want 6", len(l.requests))
	}
	for _, f := range l.requests {
		if f != "true sort by name" {
			t.Fatalf("the filter was changed: %q", f)
		}
	}
}

func TestSplitClauses(t *testing.T) {
	for in, want := range map[string]bool{
		``:                                false,
		`name = "x"`:                      false,
		`name = "sort by x"`:              false,
		`name = "a \" limit 5"`:           false,
		`true sort by name`:               true,
		`name contains "x" LIMIT 5`:       true,
		`anyOf(roleAttributes) = "skip "`: false,
	} {
		if _, got := splitClauses(in); got != want {
			t.Errorf("splitClauses(%q) = %v, want %v", in, got, want)
		}
	}
}

// An entry deleted while the controller rendered a page makes it answer 404; the page is asked
// for again, and the listing goes on.
func TestEntitiesListAsksAgainForAPageAnswered404(t *testing.T) {
	l := newLiveList(700)
	l.notFound = 2
	c := newPagingClient(t, l)
	got, err := Identities.List(context.Background(), c, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 700 {
		t.Fatalf("listed %d, want 700", len(got))
	}
	if len(l.requests) != 4 { // page 1 three times (two 404s), page 2 once
		t.Fatalf("%d requests, want 4: %q", len(l.requests), l.requests)
	}
}

// A collection that keeps answering 404 is an error, after vanishedAttempts requests.
func TestEntitiesListGivesUpOnAPersistent404(t *testing.T) {
	l := newLiveList(10)
	l.notFound = 1000
	c := newPagingClient(t, l)
	_, err := Identities.List(context.Background(), c, "")
	if !IsNotFound(err) {
		t.Fatalf("want the 404, got %v", err)
	}
	if len(l.requests) != vanishedAttempts {
		t.Fatalf("%d requests, want %d", len(l.requests), vanishedAttempts)
	}
}
