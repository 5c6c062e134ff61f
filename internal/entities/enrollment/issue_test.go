package enrollment

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// fakeSource is an enrollee whose controller state the test sets; Reissue issues "new".
type fakeSource struct {
	mu       sync.Mutex
	state    State
	reissues atomic.Int32
	after    State // what Read returns after a reissue
}

func (*fakeSource) TypeName() string    { return "fake_enrollment" }
func (*fakeSource) IDAttribute() string { return "fake_id" }
func (*fakeSource) Kind() string        { return "fake" }
func (*fakeSource) Description() string { return "" }

func (f *fakeSource) Read(context.Context, *client.Client, string) (State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state, nil
}

func (f *fakeSource) Reissue(*framework.Op, string, State, time.Time) {
	f.reissues.Add(1)
	time.Sleep(10 * time.Millisecond) // a concurrent open must not slip in here
	f.mu.Lock()
	f.state = f.after
	f.mu.Unlock()
}

var now = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func issue(t *testing.T, f *fakeSource) (State, diag.Diagnostics) {
	t.Helper()
	var diags diag.Diagnostics
	s, _ := Issue(&framework.Op{Diags: &diags}, f, "x", func() time.Time { return now })
	return s, diags
}

func TestIssue(t *testing.T) {
	fresh := State{JWT: "new", ExpiresAt: now.Add(Lifetime)}
	cases := map[string]struct {
		state        State
		wantJWT      string
		wantEnrolled bool
		wantReissues int32
	}{
		"a valid pending token is returned as is":        {State{JWT: "old", ExpiresAt: now.Add(time.Minute), Ref: "e1"}, "old", false, 0},
		"an expired token is re-issued":                  {State{JWT: "old", ExpiresAt: now.Add(-time.Second), Ref: "e1"}, "new", false, 1},
		"a token expiring this instant is re-issued":     {State{JWT: "old", ExpiresAt: now, Ref: "e1"}, "new", false, 1},
		"no enrollment, not enrolled: one is issued":     {State{}, "new", false, 1},
		"enrolled: no token, nothing issued":             {State{Enrolled: true}, "", true, 0},
		"enrolled with an expired token: none, no issue": {State{Enrolled: true, JWT: "old", ExpiresAt: now.Add(-time.Hour)}, "", true, 0},
		"enrolled with a valid pending token: returned":  {State{Enrolled: true, JWT: "old", ExpiresAt: now.Add(time.Hour)}, "old", true, 0},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := &fakeSource{state: tc.state, after: fresh}
			s, diags := issue(t, f)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if s.JWT != tc.wantJWT || s.Enrolled != tc.wantEnrolled || f.reissues.Load() != tc.wantReissues {
				t.Errorf("got jwt %q enrolled %v after %d re-issues, want %q %v %d", s.JWT, s.Enrolled, f.reissues.Load(), tc.wantJWT, tc.wantEnrolled, tc.wantReissues)
			}
		})
	}
}

func TestIssueReportsATokenStillMissingAfterReissue(t *testing.T) {
	f := &fakeSource{state: State{}, after: State{}}
	if _, diags := issue(t, f); !diags.HasError() {
		t.Fatal("want an error when the controller reports no token after issuing one")
	}
}

// Two opens of the same enrollee at once re-issue once: the second sees the first's token
// instead of invalidating it with a second re-issue.
func TestIssueConcurrentOpensReissueOnce(t *testing.T) {
	f := &fakeSource{state: State{JWT: "old", ExpiresAt: now.Add(-time.Hour), Ref: "e1"}, after: State{JWT: "new", ExpiresAt: now.Add(Lifetime)}}
	var wg sync.WaitGroup
	got := make([]string, 2)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, _ := issue(t, f)
			got[i] = s.JWT
		}()
	}
	wg.Wait()
	if f.reissues.Load() != 1 || got[0] != "new" || got[1] != "new" {
		t.Fatalf("got %v after %d re-issues, want both \"new\" after 1", got, f.reissues.Load())
	}
}
