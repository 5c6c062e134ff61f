package revocation

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// fakeNet is a controller with open circuits and policy advice, over the real client: the
// management API's authenticate, identities, services and policy advice, and the fabric
// API's circuits (list with the keyset filter, delete).
type fakeNet struct {
	*httptest.Server
	mu         sync.Mutex
	circuits   map[string]fakeCircuit
	dial, bind map[string]bool   // "identity/service" -> allowed
	identities map[string]string // id -> role attribute
	services   map[string]string // id -> role attribute
	// failures and hooks
	adviceStatus     map[string]int // "identity/service" -> status to answer instead
	deleteStatus     map[string]int // circuit id -> status to answer DELETE with
	fabricStatus     int            // status for every /fabric/ call (0: normal)
	onList           func(n int)    // after the n-th circuit list request (locked)
	lists            int
	terminatorLists  int
	terminatorStatus int // status to answer terminator lists with (0: normal)
	listFilters      []string
	adviceCalls      []string
	deleted          []string
	identityCalls    int
}

type fakeCircuit struct{ client, host, service string }

func newFakeNet(t *testing.T) *fakeNet {
	t.Helper()
	f := &fakeNet{circuits: map[string]fakeCircuit{}, dial: map[string]bool{}, bind: map[string]bool{},
		identities: map[string]string{}, services: map[string]string{}, adviceStatus: map[string]int{}, deleteStatus: map[string]int{}}
	f.Server = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeNet) client(t *testing.T) *client.Client {
	t.Helper()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: f.Certificate().Raw})
	c, err := client.New(context.Background(), client.Config{Endpoint: f.URL, Username: "admin", Password: "pw", CAPEM: ca, RetryBaseDelay: time.Millisecond})
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

func writeError(w http.ResponseWriter, status int, code string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": code}, "meta": map[string]any{}})
}

var (
	adviceRe = regexp.MustCompile(`^/edge/management/v1/identities/([^/]+)/policy-advice/([^/]+)$`)
	entityRe = regexp.MustCompile(`^/edge/management/v1/(identities|services)/([^/]+)$`)
	circRe   = regexp.MustCompile(`^/fabric/v1/circuits/([^/]+)$`)
	afterRe  = regexp.MustCompile(`id > "([^"]*)"`)
	quotedRe = regexp.MustCompile(`"([^"]*)"`)
)

func (f *fakeNet) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/edge/management/v1/authenticate" {
		w.Header().Set("zt-session", "tok")
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": "s", "token": "tok", "identityId": "admin"}, "meta": map[string]any{}})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.HasPrefix(p, "/fabric/") && f.fabricStatus != 0 {
		writeError(w, f.fabricStatus, "UNAVAILABLE")
		return
	}
	switch {
	case p == "/fabric/v1/circuits" && r.Method == http.MethodGet:
		f.lists++
		filter := r.URL.Query().Get("filter")
		f.listFilters = append(f.listFilters, filter)
		ids := make([]string, 0, len(f.circuits))
		for id := range f.circuits {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		after := ""
		if m := afterRe.FindStringSubmatch(filter); m != nil {
			after = m[1]
		}
		var services map[string]bool
		if i := strings.Index(filter, "service in ["); i >= 0 {
			services = map[string]bool{}
			for _, m := range quotedRe.FindAllStringSubmatch(filter[i:], -1) {
				services[m[1]] = true
			}
		}
		data := []map[string]any{}
		for _, id := range ids {
			c := f.circuits[id]
			if id <= after || (services != nil && !services[c.service]) || len(data) == client.PageSize {
				continue
			}
			data = append(data, map[string]any{"id": id, "service": map[string]any{"id": c.service, "name": "svc-" + c.service},
				"tags": map[string]any{"clientId": c.client, "hostId": c.host, "serviceId": c.service}})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": map[string]any{}})
		if f.onList != nil {
			f.onList(f.lists)
		}
	case p == "/fabric/v1/terminators" && r.Method == http.MethodGet:
		// A service is hosted (has a terminator) where something may bind it.
		f.terminatorLists++
		if f.terminatorStatus != 0 {
			writeError(w, f.terminatorStatus, "FAILED")
			return
		}
		filter := r.URL.Query().Get("filter")
		data := []map[string]any{}
		for key, bind := range f.bind {
			service := key[strings.Index(key, "/")+1:]
			if bind && (filter == "" || strings.Contains(filter, `"`+service+`"`)) {
				data = append(data, map[string]any{"id": "t-" + service})
				break
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": map[string]any{}})
	case circRe.MatchString(p) && r.Method == http.MethodDelete:
		id := circRe.FindStringSubmatch(p)[1]
		if st := f.deleteStatus[id]; st != 0 {
			writeError(w, st, "FAILED")
			return
		}
		if _, ok := f.circuits[id]; !ok {
			writeError(w, http.StatusNotFound, "NOT_FOUND")
			return
		}
		delete(f.circuits, id)
		f.deleted = append(f.deleted, id)
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{}, "meta": map[string]any{}})
	case adviceRe.MatchString(p):
		m := adviceRe.FindStringSubmatch(p)
		key := m[1] + "/" + m[2]
		f.adviceCalls = append(f.adviceCalls, key)
		if st := f.adviceStatus[key]; st != 0 {
			writeError(w, st, "NOT_FOUND")
			return
		}
		_, idOK := f.identities[m[1]]
		_, svcOK := f.services[m[2]]
		if !idOK || !svcOK {
			writeError(w, http.StatusNotFound, "NOT_FOUND")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"identityId": m[1], "serviceId": m[2],
			"isDialAllowed": f.dial[key], "isBindAllowed": f.bind[key]}, "meta": map[string]any{}})
	case entityRe.MatchString(p):
		m := entityRe.FindStringSubmatch(p)
		set := f.identities
		if m[1] == "services" {
			set = f.services
		} else {
			f.identityCalls++
		}
		if _, ok := set[m[2]]; !ok {
			writeError(w, http.StatusNotFound, "NOT_FOUND")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": m[2], "name": "n-" + m[2]}, "meta": map[string]any{}})
	case p == "/edge/management/v1/identities" || p == "/edge/management/v1/services":
		set := f.identities
		if strings.HasSuffix(p, "services") {
			set = f.services
		}
		filter := r.URL.Query().Get("filter")
		after := ""
		if m := afterRe.FindStringSubmatch(filter); m != nil {
			after = m[1]
		}
		var ids []string
		for id, attr := range set {
			if id > after && (strings.Contains(filter, `"`+attr+`"`) || strings.Contains(filter, `name = "n-`+id+`"`)) {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		data := []map[string]any{}
		for _, id := range ids {
			data = append(data, map[string]any{"id": id, "name": "n-" + id})
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": data, "meta": map[string]any{}})
	default:
		writeError(w, http.StatusNotFound, "NOT_FOUND")
	}
}

// grant adds identity id (attribute attr) and service sid, and a circuit between them.
func (f *fakeNet) open(circuit, identity, service string, dial bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.identities[identity]; !ok {
		f.identities[identity] = "attr-" + identity
	}
	if _, ok := f.services[service]; !ok {
		f.services[service] = "attr-" + service
	}
	f.identities["router"] = "routers"
	f.circuits[circuit] = fakeCircuit{client: identity, host: "router", service: service}
	f.dial[identity+"/"+service] = dial
	f.bind["router/"+service] = true
}

func (f *fakeNet) open_(circuits ...string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, id := range circuits {
		if _, ok := f.circuits[id]; ok {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

var fast = Options{Settle: time.Millisecond}

func cutIDs(res Result) []string {
	var ids []string
	for _, c := range res.Cuts {
		ids = append(ids, c.CircuitID)
	}
	sort.Strings(ids)
	return ids
}

// Circuits closing between pages make no revoked circuit be skipped: 1200 circuits, 10 of the
// first page close after it is listed, and every revoked circuit beyond is still cut.
func TestSweepPagesOverClosingCircuits(t *testing.T) {
	f := newFakeNet(t)
	for i := range 1200 {
		f.open(fmt.Sprintf("c%05d", i), "a1", "s1", i%3 != 0) // every third circuit revoked
	}
	f.onList = func(n int) {
		if n == 1 {
			for i := range 10 {
				delete(f.circuits, fmt.Sprintf("c%05d", i+1))
			}
		}
	}
	// Advice is per pair: give each revoked circuit its own identity so the pairs differ.
	f.mu.Lock()
	for i := range 1200 {
		id := fmt.Sprintf("c%05d", i)
		if i%3 == 0 {
			c := f.circuits[id]
			c.client = "r" + id
			f.circuits[id] = c
			f.identities["r"+id] = "x"
		}
	}
	f.mu.Unlock()
	res, err := Sweep(context.Background(), f.client(t), Full(), fast)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := range 1200 {
		if i%3 == 0 {
			want++
		}
	}
	if len(res.Cuts) != want {
		t.Fatalf("cut %d circuits, want every revoked one (%d)", len(res.Cuts), want)
	}
	for i := 11; i < 1200; i++ { // every circuit that stayed open through the listing
		id := fmt.Sprintf("c%05d", i)
		if open := len(f.open_(id)) == 1; open == (i%3 == 0) {
			t.Fatalf("circuit %s: open %v, revoked %v", id, open, i%3 == 0)
		}
	}
}

// One failing advice call and one failing delete do not stop the sweep: the others are still
// cut, and the error names both failures.
func TestSweepContinuesPastFailuresAndReportsAll(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", false)
	f.open("c2", "a2", "s1", false)
	f.open("c3", "a3", "s1", false)
	f.open("c4", "a4", "s1", false)
	f.open("c5", "a5", "s1", true)
	f.adviceStatus["a2/s1"] = http.StatusInternalServerError
	f.deleteStatus["c3"] = http.StatusConflict
	res, err := Sweep(context.Background(), f.client(t), Service("s1"), fast)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("want a *revocation.Error, got %v", err)
	}
	if got := cutIDs(res); strings.Join(got, ",") != "c1,c4" {
		t.Fatalf("cut %v, want c1 and c4", got)
	}
	if left := f.open_("c1", "c2", "c3", "c4", "c5"); strings.Join(left, ",") != "c2,c3,c5" {
		t.Fatalf("open %v, want c2 (advice failed), c3 (delete failed), c5 (granted)", left)
	}
	msg := err.Error()
	for _, want := range []string{"2 problem(s)", "circuit c2 left open", "identity a2 and service s1", "closing circuit c3", "circuits of identities [all] to services [s1]"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

// A 404 from policy advice is not "revoked" while the identity and the service exist; it is
// when the identity (or the service) is verifiably gone.
func TestSweep404AdviceIsNotRevoked(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", true)
	f.open("c2", "a2", "s1", true)
	f.adviceStatus["a1/s1"] = http.StatusNotFound // both exist: unknown
	f.mu.Lock()
	delete(f.identities, "a2") // really deleted: advice answers 404 and GET /identities/a2 too
	f.mu.Unlock()
	res, err := Sweep(context.Background(), f.client(t), Service("s1"), fast)
	if got := cutIDs(res); strings.Join(got, ",") != "c2" {
		t.Fatalf("cut %v, want only c2 (its identity is deleted)", got)
	}
	if res.Cuts[0].Reason != "identity deleted" {
		t.Fatalf("reason %q", res.Cuts[0].Reason)
	}
	if err == nil || !strings.Contains(err.Error(), "circuit c1 left open") || !strings.Contains(err.Error(), "both still exist") {
		t.Fatalf("want the unknown advice for c1 reported, got %v", err)
	}
}

// A deleted service's circuits are cut.
func TestSweepCutsCircuitsOfADeletedService(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", true)
	f.mu.Lock()
	delete(f.services, "s1")
	f.mu.Unlock()
	res, err := Sweep(context.Background(), f.client(t), Service("s1"), fast)
	if err != nil || len(res.Cuts) != 1 || res.Cuts[0].Reason != "service deleted" {
		t.Fatalf("cuts %+v, err %v", res.Cuts, err)
	}
}

// The scope decides which circuits are looked at: advice is asked only for them, and revoked
// circuits outside the scope are left to the sweep of their own change.
func TestSweepScope(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", false)
	f.open("c2", "a2", "s2", false)
	f.open("c3", "a3", "s3", false)
	f.open("c4", "a1", "s3", false)
	c := f.client(t)

	res, err := Sweep(context.Background(), c, Identity("a1"), fast)
	if err != nil {
		t.Fatal(err)
	}
	if got := cutIDs(res); strings.Join(got, ",") != "c1,c4" {
		t.Fatalf("identity scope cut %v, want c1 and c4", got)
	}
	for _, call := range f.adviceCalls {
		if !strings.HasPrefix(call, "a1/") {
			t.Fatalf("advice asked for %s, outside the scope", call)
		}
	}

	// A policy that selected #attr-a2 and @s2 (by name): only c2.
	res, err = Sweep(context.Background(), c, Policy([]string{"#attr-a2"}, []string{"@n-s2"}), fast)
	if err != nil {
		t.Fatal(err)
	}
	if got := cutIDs(res); strings.Join(got, ",") != "c2" {
		t.Fatalf("policy scope cut %v, want c2", got)
	}
	if last := f.listFilters[len(f.listFilters)-1]; !strings.Contains(last, `service in ["n-s2", "s2"]`) {
		t.Fatalf("the circuit list was not narrowed to the policy's services: %q", last)
	}
	if left := f.open_("c3"); len(left) != 1 {
		t.Fatalf("c3 (outside every scope) was cut")
	}
	// A policy that granted nothing sweeps nothing.
	before := f.lists
	if _, err := Sweep(context.Background(), c, Policy(nil, []string{"#all"}), fast); err != nil || f.lists != before {
		t.Fatalf("an empty scope listed circuits (%d -> %d), err %v", before, f.lists, err)
	}
}

// A circuit that shows up after the first listing (it was being set up meanwhile) is cut by
// the second pass; the passes stop once one finds nothing new.
func TestSweepSecondPassCutsCircuitsSetUpDuringTheFirst(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", false)
	f.onList = func(n int) {
		if n == 1 {
			f.circuits["c2"] = fakeCircuit{client: "a1", host: "router", service: "s1"}
		}
	}
	res, err := Sweep(context.Background(), f.client(t), Service("s1"), fast)
	if err != nil {
		t.Fatal(err)
	}
	if got := cutIDs(res); strings.Join(got, ",") != "c1,c2" {
		t.Fatalf("cut %v, want c1 (pass 1) and c2 (pass 2)", got)
	}
	for _, c := range res.Cuts {
		if c.CircuitID == "c2" && c.Pass != 2 {
			t.Fatalf("c2 cut in pass %d", c.Pass)
		}
	}
	if res.Passes != 3 || f.lists != 3 {
		t.Fatalf("passes %d, lists %d: want 3 (pass 2 found c2, pass 3 nothing new)", res.Passes, f.lists)
	}
}

// A scope whose services nothing hosts cannot have a circuit in the middle of being set up:
// one pass, no settle. A hosted one gets the settle pass, and so does one whose terminators
// cannot be listed.
func TestSweepSettlesOnlyWhileACircuitCanBeSetUp(t *testing.T) {
	for _, tc := range []struct {
		name             string
		hosted           bool
		terminatorStatus int
		wantPasses       int
	}{
		{"nothing hosts the service", false, 0, 1},
		{"a terminator serves the service", true, 0, 2},
		{"the terminators cannot be listed", false, http.StatusForbidden, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeNet(t)
			f.services["s1"] = "x"
			f.bind["router/s1"] = tc.hosted
			f.terminatorStatus = tc.terminatorStatus
			// A settle long enough that waiting it out would end the test's context first.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			settle := time.Millisecond
			if tc.wantPasses == 1 {
				settle = time.Hour
			}
			res, err := Sweep(ctx, f.client(t), Service("s1"), Options{Settle: settle})
			if err != nil {
				t.Fatal(err)
			}
			if res.Passes != tc.wantPasses || f.lists != tc.wantPasses {
				t.Fatalf("passes %d, circuit lists %d: want %d", res.Passes, f.lists, tc.wantPasses)
			}
			if f.terminatorLists != 1 {
				t.Fatalf("terminators listed %d times, want once (after the first pass)", f.terminatorLists)
			}
		})
	}
}

// With the fabric API unavailable the sweep fails at once with an error that says nothing was
// swept and names the scope.
func TestSweepFabricUnavailable(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", false)
	f.fabricStatus = http.StatusServiceUnavailable
	_, err := Sweep(context.Background(), f.client(t), Identity("a1"), fast)
	var se *Error
	if !errors.As(err, &se) || !se.Unavailable {
		t.Fatalf("want an Unavailable *Error, got %v", err)
	}
	for _, want := range []string{"could not be listed", "not swept: circuits of identities [a1] to services [all]", "/fabric/v1/circuits"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if len(f.open_("c1")) != 1 {
		t.Fatal("c1 cut")
	}
}

// Concurrent requests are merged into one sweep over the union of their scopes.
func TestSweeperMergesScopes(t *testing.T) {
	f := newFakeNet(t)
	f.open("c1", "a1", "s1", false)
	f.open("c2", "a2", "s2", false)
	f.open("c3", "a3", "s3", false)
	release := make(chan struct{})
	f.onList = func(n int) {
		if n == 1 {
			f.mu.Unlock()
			<-release
			f.mu.Lock()
		}
	}
	s := &Sweeper{Client: f.client(t), Enabled: true, Options: fast}
	var wg sync.WaitGroup
	results := make([]error, 3)
	wg.Add(1)
	go func() { defer wg.Done(); _, results[0] = s.AfterAccessChange(context.Background(), Service("s1")) }()
	for f.listsNow() == 0 {
		time.Sleep(time.Millisecond)
	}
	for i, sc := range []Scope{Service("s2"), Identity("a3")} {
		wg.Add(1)
		go func() { defer wg.Done(); _, results[i+1] = s.AfterAccessChange(context.Background(), sc) }()
	}
	time.Sleep(50 * time.Millisecond) // both are queued behind the running sweep
	close(release)
	wg.Wait()
	for _, err := range results {
		if err != nil {
			t.Fatal(err)
		}
	}
	if left := f.open_("c1", "c2", "c3"); len(left) != 0 {
		t.Fatalf("still open: %v", left)
	}
	// Sweep 1 (s1): 2 passes. Sweep 2 (s2 and a3 merged): 2 passes.
	if f.lists != 4 {
		t.Fatalf("%d circuit listings, want 4 (two sweeps of two passes)", f.lists)
	}
}

func (f *fakeNet) listsNow() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists
}

func TestScopeFromRoles(t *testing.T) {
	s := Policy([]string{"#agents", "@abc"}, []string{"#all"})
	if s.String() != "circuits of identities [#agents, @abc] to services [all]" {
		t.Fatalf("%s", s)
	}
	if !Identity("x").Union(Full()).Full {
		t.Fatal("union with full is full")
	}
	if got := strconv.Itoa(len(Identity("a").Union(Service("b")).Reaches)); got != "2" {
		t.Fatal(got)
	}
}

// An agent that keeps opening revoked circuits keeps the sweep going (each pass closes them);
// after MaxPasses the sweep says so, and the change stays pending.
func TestSweepReportsRevokedCircuitsStillBeingOpened(t *testing.T) {
	f := newFakeNet(t)
	f.open("c0", "a1", "s1", false)
	f.onList = func(n int) {
		f.circuits[fmt.Sprintf("c%d", n)] = fakeCircuit{client: "a1", host: "router", service: "s1"}
	}
	res, err := Sweep(context.Background(), f.client(t), Service("s1"), Options{Settle: time.Millisecond, MaxPasses: 4})
	if res.Passes != 4 || len(res.Cuts) != 4 {
		t.Fatalf("passes %d, cuts %d: want 4 and 4", res.Passes, len(res.Cuts))
	}
	if err == nil || !strings.Contains(err.Error(), "still being opened after 4 passes") {
		t.Fatalf("want the ongoing dials reported, got %v", err)
	}
}
