package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Defaults of the retry policy for Config fields left zero.
const (
	DefaultMaxRetries     = 4
	DefaultRetryBaseDelay = 250 * time.Millisecond
	DefaultRetryMaxDelay  = 10 * time.Second
	DefaultRetryBudget    = 2 * time.Minute
)

// retryPolicy decides whether a failed request is sent again and when. Waits grow
// exponentially with jitter up to maxDelay; a Retry-After from the controller (seconds or an
// HTTP date) replaces the computed wait; no wait may end past the budget, counted from the
// request's first attempt, so that a controller that is down fails a run in minutes, with
// every attempt's reason, instead of hours.
type retryPolicy struct {
	maxRetries int
	baseDelay  time.Duration
	maxDelay   time.Duration
	budget     time.Duration
	now        func() time.Time // time.Now; tests replace it
	// never: the request is not retried at all. A member's own login transport hands a
	// failure back to the cluster's round (other members to go to), and ending the
	// sessions at exit does not wait for a member that is down.
	never bool
}

func newRetryPolicy(cfg Config) retryPolicy {
	p := retryPolicy{maxRetries: DefaultMaxRetries, baseDelay: cfg.RetryBaseDelay, maxDelay: cfg.RetryMaxDelay, budget: cfg.RetryBudget, now: time.Now}
	if cfg.MaxRetries != nil {
		p.maxRetries = *cfg.MaxRetries
	}
	if p.baseDelay <= 0 {
		p.baseDelay = DefaultRetryBaseDelay
	}
	if p.maxDelay <= 0 {
		p.maxDelay = DefaultRetryMaxDelay
	}
	if p.budget <= 0 {
		p.budget = DefaultRetryBudget
	}
	return p
}

// wholeBudget retries for the whole budget, whatever the count of attempts (see settle).
func (p retryPolicy) wholeBudget() retryPolicy {
	p.maxRetries = math.MaxInt
	return p
}

// settleKey marks a context whose requests settle what a lost answer left unknown.
type settleKey struct{}

// settle marks ctx's requests as ones whose failure would leave the controller and the state
// disagreeing: the look-up by name after a create whose answer was lost. A controller that
// crashed mid-create answers resets and EOFs while it restarts, which use up the attempts of an
// ordinary request in seconds; given up then, the entity the create made is in no state, and
// the next apply collides with its name. So these requests are retried for the whole budget
// (retry_budget) and are not cut short by an outage another request saw.
func settle(ctx context.Context) context.Context { return context.WithValue(ctx, settleKey{}, true) }

func mustSettle(ctx context.Context) bool {
	v, _ := ctx.Value(settleKey{}).(bool)
	return v
}

// next says how long to wait before attempt+1 after err, or why not to retry.
func (p retryPolicy) next(method, operationID string, attempt int, started time.Time, err error) (time.Duration, error) {
	if p.never {
		return 0, errors.New("not retried")
	}
	// An election (about 6 s measured) and a controller restarting (connections refused,
	// handshakes failing) end by themselves: they are waited out within the budget, whatever
	// the count.
	if attempt > p.maxRetries && !electing(err) && !neverSent(err) {
		return 0, fmt.Errorf("gave up after %d attempts", attempt)
	}
	if !retryable(method, operationID, err) {
		return 0, errNotRetryable
	}
	wait := p.backoff(attempt)
	if after, ok := retryAfter(err, p.now()); ok {
		wait = after
	}
	if left := p.budget - p.now().Sub(started); wait > left {
		return 0, fmt.Errorf("gave up after %d attempts in %s: the next attempt (in %s) would end past the retry budget of %s",
			attempt, p.now().Sub(started).Round(time.Millisecond), wait.Round(time.Millisecond), p.budget)
	}
	return wait, nil
}

var errNotRetryable = errors.New("not retryable")

// backoff is exponential in the attempt with full jitter on its upper half, capped.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.maxDelay
	if attempt < 32 {
		if e := p.baseDelay << (attempt - 1); e > 0 && e < d {
			d = e
		}
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1)) //nolint:gosec // G404: retry jitter, not a secret
}

// retryAfter reads the controller's Retry-After: delay seconds or an HTTP date.
func retryAfter(err error, now time.Time) (time.Duration, bool) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter == "" {
		return 0, false
	}
	v := strings.TrimSpace(apiErr.RetryAfter)
	if s, perr := strconv.Atoi(v); perr == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if at, perr := http.ParseTime(v); perr == nil {
		if d := at.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

// retryable: an idempotent request is sent again after an answer that means "not processed,
// try later" or a failed connection. A POST creates something: it is sent again only where
// the first one provably did not happen (the controller said so, or the connection was never
// made), so a retry never makes a duplicate entity. Logging in is the exception: a second API
// session after a lost answer is harmless, and one blip must not fail a whole run.
func retryable(method, operationID string, err error) bool {
	// A request that timed out on its own (request_timeout: the controller hangs, as a
	// partitioned member does) is a connection failure like any other; the caller giving up
	// (its context done) is handled before this is asked.
	if explainTLSError(err) != nil {
		return false
	}
	sendAgainAnyway := idempotent(method) || operationID == opAuthenticate
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		if noLeader(apiErr) {
			return true // the cluster refused it before applying anything
		}
		switch apiErr.Status {
		case http.StatusTooManyRequests, http.StatusServiceUnavailable:
			return true // rate limited or unavailable: not processed
		case http.StatusBadGateway, http.StatusGatewayTimeout:
			return sendAgainAnyway // a proxy in between may have forwarded it
		}
		return false
	}
	if neverSent(err) {
		return true
	}
	// Anything else the HTTP client failed with (reset, dropped keep-alive connection,
	// timeout) arrives as a *url.Error, which is a net.Error: the request may have arrived.
	var netErr net.Error
	return sendAgainAnyway && errors.As(err, &netErr)
}

// noLeader: a clustered controller without a leader answers writes with CLUSTER_NO_LEADER
// (503, or 500 while an election runs), and a follower that cannot reach the leader it
// forwards a write to answers 500 "error dialing peer": either way nothing was applied.
func noLeader(e *APIError) bool {
	msg := strings.ToLower(e.Message + " " + e.CauseText)
	return strings.Contains(e.Code, "NO_LEADER") || strings.Contains(msg, "no leader") || strings.Contains(msg, "error dialing peer")
}

// answerLost: a request reached a controller but its answer did not come back, so whether
// it was applied is unknown (a dropped connection, a timeout, a controller that died or
// failed mid-request). Answers that say "not applied" (no leader, 503, any 4xx) are not lost.
func answerLost(err error) bool {
	if explainTLSError(err) != nil {
		return false
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status >= 500 && apiErr.Status != http.StatusServiceUnavailable && !noLeader(apiErr)
	}
	var netErr net.Error
	return !neverSent(err) && errors.As(err, &netErr)
}

// electing: the cluster has no leader for now.
func electing(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && noLeader(apiErr)
}

// neverSent: the connection was refused or could not be made, or the TLS handshake was
// refused (a controller starting up answers "tls: internal error"), so the controller saw
// no request.
func neverSent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "remote error")
}

// idempotent methods may be repeated without changing the outcome. POST is not: a create whose
// answer was lost may have happened, and repeating it makes a duplicate entity.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}
