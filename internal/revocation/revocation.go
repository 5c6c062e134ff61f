// Package revocation closes open connections whose access was taken away.
//
// Measured on the controller: when a grant is removed, new dials are refused within a second,
// but a connection that is already open stays up for minutes. So after every change that can
// reduce access, the provider lists the open circuits and closes those whose dialing identity
// may no longer dial the service (or whose host may no longer bind it), asking the
// controller's policy advice for each identity/service pair first, so that nothing still
// granted is cut. Every resource that can reduce access uses this one mechanism.
package revocation

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/openziti/edge-api/rest_management_api_client/identity"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Cut describes a closed circuit, for the user's diagnostics.
type Cut struct {
	CircuitID  string
	IdentityID string
	ServiceID  string
	Service    string
	Reason     string // "dial revoked" or "bind revoked"
}

// Result is what a sweep did.
type Result struct {
	Circuits int   // open circuits seen
	Checked  int   // identity/service pairs checked against policy advice
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

type pair struct{ identity, service string }

type advice struct{ dial, bind bool }

// Sweep closes every open circuit whose dialer may no longer dial its service, or whose host
// may no longer bind it. Each pair is checked once per sweep.
func Sweep(ctx context.Context, c *client.Client) (Result, error) {
	circuits, err := c.ListCircuits(ctx, "")
	if err != nil {
		return Result{}, fmt.Errorf("listing open circuits: %w", err)
	}
	res := Result{Circuits: len(circuits)}
	cache := map[pair]advice{}
	allowed := func(identityID, serviceID string) (advice, error) {
		p := pair{identityID, serviceID}
		if a, ok := cache[p]; ok {
			return a, nil
		}
		a, err := policyAdvice(ctx, c, identityID, serviceID)
		if err != nil {
			return advice{}, err
		}
		res.Checked++
		cache[p] = a
		return a, nil
	}
	for _, circuit := range circuits {
		serviceID := circuit.Tags.ServiceID
		if serviceID == "" && circuit.Service != nil {
			serviceID = circuit.Service.ID
		}
		if serviceID == "" {
			continue // not an edge circuit: nothing to check it against
		}
		reason := ""
		if id := circuit.Tags.ClientID; id != "" {
			a, err := allowed(id, serviceID)
			if err != nil {
				return res, err
			}
			if !a.dial {
				reason = "dial revoked"
			}
		}
		if id := circuit.Tags.HostID; reason == "" && id != "" {
			a, err := allowed(id, serviceID)
			if err != nil {
				return res, err
			}
			if !a.bind {
				reason = "bind revoked"
			}
		}
		if reason == "" {
			continue
		}
		if err := c.DeleteCircuit(ctx, circuit.ID); err != nil {
			return res, fmt.Errorf("closing circuit %s: %w", circuit.ID, err)
		}
		name := ""
		if circuit.Service != nil {
			name = circuit.Service.Name
		}
		res.Cuts = append(res.Cuts, Cut{CircuitID: circuit.ID, IdentityID: circuit.Tags.ClientID, ServiceID: serviceID, Service: name, Reason: reason})
	}
	return res, nil
}

// policyAdvice asks the controller whether identityID may dial and bind serviceID now. An
// identity or service that no longer exists may do neither.
func policyAdvice(ctx context.Context, c *client.Client, identityID, serviceID string) (advice, error) {
	params := identity.NewGetIdentityPolicyAdviceParamsWithContext(ctx).WithID(identityID).WithServiceID(serviceID)
	ok, err := c.API.Identity.GetIdentityPolicyAdvice(params, nil)
	if client.IsNotFound(err) {
		return advice{}, nil
	}
	if err != nil {
		return advice{}, fmt.Errorf("policy advice for identity %s and service %s: %w", identityID, serviceID, err)
	}
	d := ok.GetPayload().Data
	if d == nil {
		return advice{}, nil
	}
	return advice{dial: d.IsDialAllowed, bind: d.IsBindAllowed}, nil
}

// Sweeper runs sweeps for one configured provider. Sweeps requested while one runs are
// merged into one more sweep after it, so that a plan that changes fifty policies does not
// list the circuits fifty times at once.
type Sweeper struct {
	Client  *client.Client
	Enabled bool

	mu      sync.Mutex
	running bool
	waiters []chan sweepOutcome
}

type sweepOutcome struct {
	res Result
	err error
}

// AfterAccessChange sweeps (if enabled) and returns what it did.
func (s *Sweeper) AfterAccessChange(ctx context.Context) (Result, error) {
	if s == nil || !s.Enabled || s.Client == nil {
		return Result{}, nil
	}
	done := make(chan sweepOutcome, 1)
	s.mu.Lock()
	s.waiters = append(s.waiters, done)
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
		res, err := Sweep(ctx, s.Client)
		for i, w := range batch {
			if i > 0 {
				res.Cuts = nil // reported once, by the first change of the batch
			}
			w <- sweepOutcome{res, err}
		}
	}
}
