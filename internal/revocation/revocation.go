package revocation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/openziti/edge-api/rest_management_api_client/identity"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Cut describes a closed circuit, for the user's diagnostics.
type Cut struct {
	CircuitID  string
	IdentityID string
	ServiceID  string
	Service    string
	Reason     string // "dial revoked", "bind revoked", "identity deleted", "service deleted"
	Pass       int    // 1 for the first pass, 2+ for circuits that were being set up meanwhile
}

// Result is what a sweep did.
type Result struct {
	Circuits int   // open circuits in scope seen (over all passes)
	Checked  int   // identity/service pairs checked against policy advice
	Passes   int   // listing passes made
	Cuts     []Cut // circuits closed
}

// Summary is one line for a diagnostic, naming what was cut.
func (r Result) Summary() string {
	parts := make([]string, 0, len(r.Cuts))
	for _, c := range r.Cuts {
		parts = append(parts, fmt.Sprintf("identity %s -> service %s (%s, circuit %s)", c.IdentityID, nonEmpty(c.Service, c.ServiceID), c.Reason, c.CircuitID))
	}
	sort.Strings(parts)
	return fmt.Sprintf("Closed %d open connection(s) whose access this change revoked: %s.", len(r.Cuts), strings.Join(parts, "; "))
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Error is a sweep that did not finish: every problem it met, and the scope it was sweeping.
// Circuits it could not check or close may still be open. Retrying is safe.
type Error struct {
	Scope    Scope
	Problems []string
	// Unavailable is set when the open circuits could not be listed at all (e.g. the fabric
	// API answers 503): nothing in Scope was swept.
	Unavailable bool
}

func (e *Error) Error() string {
	if e.Unavailable {
		return fmt.Sprintf("the open connections could not be listed, so none were checked (not swept: %s): %s",
			e.Scope, strings.Join(e.Problems, "; "))
	}
	return fmt.Sprintf("%d problem(s) while sweeping %s; the circuits named may still be open: %s",
		len(e.Problems), e.Scope, strings.Join(e.Problems, "; "))
}

// Options tune a sweep.
type Options struct {
	// Settle is how long after a pass the next pass lists the circuits again. A dial the
	// controller authorised just before the change only shows up in the circuit list once its
	// route is built (tens of milliseconds on loopback, longer across a WAN), and the fabric
	// API offers no "circuits being set up" to wait on; so a bounded delay is unavoidable.
	// Zero means DefaultSettle.
	Settle time.Duration
	// MaxPasses bounds the passes. The second pass is always made; a further one only while
	// the previous one closed circuits (revoked circuits were still being opened). Measured on
	// ziti v1.7.2: an agent that keeps dialing with the dial session it already holds gets new
	// circuits for at least 25 s after its grant is removed, so a sweep whose last pass still
	// closed circuits reports that, and the resource stays revocation_pending. Zero means
	// DefaultMaxPasses.
	MaxPasses int
}

const (
	DefaultSettle    = 750 * time.Millisecond
	DefaultMaxPasses = 8
)

type pair struct{ identity, service string }

type advice struct {
	dial, bind bool
	gone       string // "identity deleted" or "service deleted" when one of them no longer exists
	err        error  // the pair could not be decided
}

type sweep struct {
	c        *client.Client
	scope    Scope
	reaches  []resolvedReach
	cache    map[pair]advice
	seen     map[string]bool
	res      Result
	problems []string
}

// Sweep closes the open circuits in scope whose dialer may no longer dial their service, or
// whose host may no longer bind it. Each pair is checked once per sweep. It continues past
// individual failures; the error (an *Error) lists all of them.
func Sweep(ctx context.Context, c *client.Client, scope Scope, opts Options) (Result, error) {
	if scope.Empty() {
		return Result{}, nil
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultSettle
	}
	if opts.MaxPasses <= 0 {
		opts.MaxPasses = DefaultMaxPasses
	}
	s := &sweep{c: c, scope: scope, cache: map[pair]advice{}, seen: map[string]bool{}}
	s.reaches, s.problems = resolve(ctx, c, scope)
	filter := serviceFilter(s.reaches)
	for pass := 1; pass <= opts.MaxPasses; pass++ {
		if pass > 1 {
			select {
			case <-ctx.Done():
				s.problems = append(s.problems, fmt.Sprintf("pass %d not made: %v", pass, ctx.Err()))
				return s.res, s.err(false)
			case <-time.After(opts.Settle):
			}
		}
		circuits, err := c.ListCircuits(ctx, filter)
		if err != nil {
			s.problems = append(s.problems, fmt.Sprintf("listing open circuits (GET %s/circuits): %v", client.FabricBasePath, err))
			return s.res, s.err(pass == 1)
		}
		s.res.Passes = pass
		cutBefore := len(s.res.Cuts)
		fresh := s.pass(ctx, circuits, pass)
		closed := len(s.res.Cuts) - cutBefore
		tflog.Debug(ctx, "revocation sweep pass", map[string]any{"pass": pass, "circuits_listed": len(circuits), "new_in_scope": fresh, "closed": closed})
		if pass > 1 && closed == 0 {
			return s.res, s.err(false) // no revoked circuit appeared since the previous pass
		}
		if pass == 1 && !s.setupPossible(ctx, filter) {
			return s.res, s.err(false) // nothing in scope can still be opening a circuit
		}
	}
	s.problems = append(s.problems, fmt.Sprintf("revoked circuits were still being opened after %d passes over %s (the controller still accepts new dials "+
		"with dial sessions issued before the change); the last pass closed them, but more may follow", opts.MaxPasses, time.Duration(opts.MaxPasses-1)*opts.Settle))
	return s.res, s.err(false)
}

// setupPossible reports whether a circuit in scope could be in the middle of being set up,
// so that a later pass might find one the first did not: only while a terminator serves one
// of the scope's services (serviceFilter; "" for any service). A dial is routed to a
// terminator as it is set up, and with none it fails at once; so a scope whose services
// nothing hosts needs no settle and no second pass (a destroy or a change of workloads not
// running yet then costs one circuit list, not 750 ms). When the terminators cannot be
// listed, it assumes so.
func (s *sweep) setupPossible(ctx context.Context, serviceFilter string) bool {
	hosted, err := s.c.HasTerminators(ctx, serviceFilter)
	if err != nil {
		tflog.Debug(ctx, "revocation sweep: terminators could not be listed; making the settle pass", map[string]any{"error": err.Error()})
	}
	return err != nil || hosted
}

func (s *sweep) err(unavailable bool) error {
	if len(s.problems) == 0 {
		return nil
	}
	return &Error{Scope: s.scope, Problems: s.problems, Unavailable: unavailable}
}

// inScope reports whether the circuit's dialer or host, and its service, are in a reach.
func (s *sweep) inScope(clientID, hostID, serviceID string) bool {
	for _, r := range s.reaches {
		if !r.services.has(serviceID) {
			continue
		}
		if r.identities.all || (clientID != "" && r.identities.has(clientID)) || (hostID != "" && r.identities.has(hostID)) {
			return true
		}
	}
	return false
}

// pass checks and cuts the circuits not seen in an earlier pass; it returns how many in-scope
// circuits were new.
func (s *sweep) pass(ctx context.Context, circuits []client.Circuit, pass int) int {
	fresh := 0
	for _, circuit := range circuits {
		if s.seen[circuit.ID] {
			continue
		}
		serviceID := circuit.Tags.ServiceID
		if serviceID == "" && circuit.Service != nil {
			serviceID = circuit.Service.ID
		}
		if serviceID == "" {
			continue // not an edge circuit: nothing to check it against
		}
		if !s.inScope(circuit.Tags.ClientID, circuit.Tags.HostID, serviceID) {
			continue
		}
		s.seen[circuit.ID] = true
		fresh++
		s.res.Circuits++
		reason, undecided := "", []string(nil)
		if id := circuit.Tags.ClientID; id != "" {
			reason = s.advice(ctx, id, serviceID).closes(func(a advice) bool { return a.dial }, "dial revoked", &undecided)
		}
		if id := circuit.Tags.HostID; reason == "" && id != "" {
			reason = s.advice(ctx, id, serviceID).closes(func(a advice) bool { return a.bind }, "bind revoked", &undecided)
		}
		if reason == "" {
			for _, u := range undecided {
				s.problems = append(s.problems, fmt.Sprintf("circuit %s left open: %s", circuit.ID, u))
			}
			continue
		}
		if err := s.c.DeleteCircuit(ctx, circuit.ID); err != nil {
			s.problems = append(s.problems, fmt.Sprintf("closing circuit %s (identity %s -> service %s, %s): %v", circuit.ID, circuit.Tags.ClientID, serviceID, reason, err))
			continue
		}
		name := ""
		if circuit.Service != nil {
			name = circuit.Service.Name
		}
		s.res.Cuts = append(s.res.Cuts, Cut{CircuitID: circuit.ID, IdentityID: circuit.Tags.ClientID, ServiceID: serviceID, Service: name, Reason: reason, Pass: pass})
	}
	return fresh
}

// closes is why the advice for one end of a circuit closes it: the identity or service is
// gone, or granted (dial or bind, for the client or the host end) is false, which is the
// reason revoked. "" when it stays open; an advice that could not be read stays open and is
// added to undecided.
func (a advice) closes(granted func(advice) bool, revoked string, undecided *[]string) string {
	switch {
	case a.err != nil:
		*undecided = append(*undecided, a.err.Error())
	case a.gone != "":
		return a.gone
	case !granted(a):
		return revoked
	}
	return ""
}

// advice asks (once per sweep) whether identityID may dial and bind serviceID now.
func (s *sweep) advice(ctx context.Context, identityID, serviceID string) advice {
	p := pair{identityID, serviceID}
	if a, ok := s.cache[p]; ok {
		return a
	}
	a := policyAdvice(ctx, s.c, identityID, serviceID)
	s.res.Checked++
	s.cache[p] = a
	return a
}

// policyAdvice asks the controller whether identityID may dial and bind serviceID now. A 404
// is not taken as "revoked" (the controller also answers 404 when it cannot analyse a pair):
// the pair counts as gone only when the identity or the service itself answers 404.
func policyAdvice(ctx context.Context, c *client.Client, identityID, serviceID string) advice {
	params := identity.NewGetIdentityPolicyAdviceParamsWithContext(ctx).WithID(identityID).WithServiceID(serviceID)
	ok, err := c.API.Identity.GetIdentityPolicyAdvice(params, nil)
	if client.IsNotFound(err) {
		return whichIsGone(ctx, c, identityID, serviceID, err)
	}
	if err != nil {
		return advice{err: fmt.Errorf("policy advice for identity %s and service %s: %w", identityID, serviceID, err)}
	}
	d := ok.GetPayload().Data
	if d == nil {
		return advice{err: fmt.Errorf("policy advice for identity %s and service %s: the controller answered without data", identityID, serviceID)}
	}
	return advice{dial: d.IsDialAllowed, bind: d.IsBindAllowed}
}

func whichIsGone(ctx context.Context, c *client.Client, identityID, serviceID string, adviceErr error) advice {
	_, err := client.Identities.Get(ctx, c, identityID)
	if client.IsNotFound(err) {
		return advice{gone: "identity deleted"}
	}
	idErr := err
	_, err = client.Services.Get(ctx, c, serviceID)
	if client.IsNotFound(err) {
		return advice{gone: "service deleted"}
	}
	msg := fmt.Sprintf("policy advice for identity %s and service %s answered not found (%v), but both still exist", identityID, serviceID, adviceErr)
	if idErr != nil || err != nil {
		msg = fmt.Sprintf("policy advice for identity %s and service %s answered not found (%v), and checking whether they still exist failed: %v",
			identityID, serviceID, adviceErr, errors.Join(idErr, err))
	}
	return advice{err: errors.New(msg)}
}

// Sweeper runs sweeps for one configured provider. Sweeps requested while one runs are
// merged into one more sweep after it, over the union of their scopes, so that a plan that
// changes fifty policies does not list the circuits fifty times at once.
type Sweeper struct {
	Client  *client.Client
	Enabled bool
	Options Options

	mu      sync.Mutex
	running bool
	waiters []waiter
}

type waiter struct {
	scope Scope
	done  chan sweepOutcome
}

type sweepOutcome struct {
	res Result
	err error
}

// AfterAccessChange sweeps scope (if enabled) and returns what it did.
func (s *Sweeper) AfterAccessChange(ctx context.Context, scope Scope) (Result, error) {
	if !s.Active() || scope.Empty() {
		return Result{}, nil
	}
	done := make(chan sweepOutcome, 1)
	s.mu.Lock()
	s.waiters = append(s.waiters, waiter{scope, done})
	if !s.running {
		s.running = true
		go s.loop(context.WithoutCancel(ctx))
	}
	s.mu.Unlock()
	select {
	case out := <-done:
		return out.res, out.err
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Active reports whether sweeps run at all (revoke_open_connections).
func (s *Sweeper) Active() bool { return s != nil && s.Enabled && s.Client != nil }

// loop sweeps once for every batch of waiters that arrived before the sweep started: a
// change made while a sweep was listing circuits gets a sweep that started after it.
func (s *Sweeper) loop(ctx context.Context) {
	for {
		s.mu.Lock()
		batch := s.waiters
		s.waiters = nil
		if len(batch) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		var scope Scope
		for _, w := range batch {
			scope = scope.Union(w.scope)
		}
		res, err := Sweep(ctx, s.Client, scope, s.Options)
		for i, w := range batch {
			if i > 0 {
				res.Cuts = nil // reported once, by the first change of the batch
			}
			w.done <- sweepOutcome{res, err}
		}
	}
}
