package client

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

func TestBackoffIsCapped(t *testing.T) {
	p := retryPolicy{maxRetries: 50, baseDelay: 100 * time.Millisecond, maxDelay: 2 * time.Second, budget: time.Hour}
	for attempt := 1; attempt <= 50; attempt++ {
		d := p.backoff(attempt)
		limit := min(p.baseDelay<<min(attempt-1, 30), p.maxDelay)
		if d < limit/2 || d > limit {
			t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, d, limit/2, limit)
		}
	}
}

func TestRetryBudgetEndsRetries(t *testing.T) {
	start := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	now := start
	p := retryPolicy{maxRetries: 1000, baseDelay: time.Second, maxDelay: 8 * time.Second, budget: 30 * time.Second, now: func() time.Time { return now }}
	unavailable := &APIError{Status: http.StatusServiceUnavailable}
	attempts := 0
	for ; attempts < 1000; attempts++ {
		wait, stop := p.next(http.MethodGet, "", attempts+1, start, unavailable)
		if stop != nil {
			break
		}
		now = now.Add(wait)
	}
	if elapsed := now.Sub(start); elapsed > p.budget {
		t.Fatalf("retried for %s, past the budget of %s", elapsed, p.budget)
	}
	if attempts < 4 {
		t.Fatalf("gave up after %d attempts: the budget allows more", attempts)
	}
}

func TestRetryAfterBothForms(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	p := retryPolicy{maxRetries: 5, baseDelay: time.Millisecond, maxDelay: time.Millisecond, budget: 10 * time.Minute, now: func() time.Time { return now }}
	cases := map[string]time.Duration{
		"120": 120 * time.Second, // above the computed cap: the controller knows best
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Minute).Format(http.TimeFormat):     0,
	}
	for header, want := range cases {
		wait, stop := p.next(http.MethodGet, "", 1, now, &APIError{Status: http.StatusTooManyRequests, RetryAfter: header})
		if stop != nil || wait != want {
			t.Errorf("Retry-After %q: wait %s (%v), want %s", header, wait, stop, want)
		}
	}
	// A Retry-After beyond the budget ends the retries at once instead of sleeping past it.
	_, stop := p.next(http.MethodGet, "", 1, now, &APIError{Status: http.StatusTooManyRequests, RetryAfter: "3600"})
	if stop == nil {
		t.Fatal("a Retry-After of an hour was accepted with a 10 minute budget")
	}
}

func TestRetryableClassification(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	cases := []struct {
		method, op string
		err        error
		want       bool
	}{
		{http.MethodGet, "", &APIError{Status: 502}, true},
		{http.MethodGet, "", &APIError{Status: 504}, true},
		{http.MethodPut, "", &APIError{Status: 503}, true},
		{http.MethodGet, "", &APIError{Status: 500, Code: "UNHANDLED"}, false},
		{http.MethodPost, "", &APIError{Status: 500, Code: "CLUSTER_NO_LEADER"}, true},
		{http.MethodPost, "", &APIError{Status: 502}, false},
		{http.MethodPost, opAuthenticate, &APIError{Status: 502}, true},
		{http.MethodPost, "", fmt.Errorf("wrapped: %w", refused), true},
		{http.MethodPost, "", reset, false},
		{http.MethodGet, "", reset, true},
		{http.MethodGet, "", errors.New("plain"), false},
	}
	for _, tc := range cases {
		if got := retryable(tc.method, tc.op, tc.err); got != tc.want {
			t.Errorf("retryable(%s %s, %v) = %v, want %v", tc.method, tc.op, tc.err, got, tc.want)
		}
	}
}
