package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-openapi/runtime"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/openziti/edge-api/rest_model"
)

// transport wraps the go-openapi runtime so that every request, generated (edge-api) or generic
// (entities, fabric), gets the same treatment: the session header, one re-authentication on
// 401, bounded retries for idempotent requests, error envelopes decoded into *APIError,
// secrets redacted, and one debug log line per attempt.
type transport struct {
	cluster *cluster
	// pinned, when set, is the only member this transport talks to: logging in to a member
	// must reach that member, not whichever one is preferred.
	pinned *member
	fabric bool // the fabric API instead of the edge management API
	redact *redactor
	retry  retryPolicy
	// lookups is the client's lookup cache, told of every write (nil: none to tell).
	lookups *lookupCache
}

var _ runtime.ContextualTransport = (*transport)(nil)

// opAuthenticate is the edge-api operation ID of POST /authenticate: it carries credentials,
// not a session, and a 401 there is a wrong credential, not an expired session.
const opAuthenticate = "authenticate"

// Submit serves edge-api's generated clients, which hand over the request context only inside
// the operation.
func (t *transport) Submit(op *runtime.ClientOperation) (any, error) {
	ctx := op.Context //nolint:staticcheck // SA1019: the generated edge-api clients set only this field
	if ctx == nil {
		ctx = context.Background()
	}
	return t.SubmitContext(ctx, op)
}

// SubmitContext sends op with ctx as the request context (generic requests, and Submit).
func (t *transport) SubmitContext(ctx context.Context, op *runtime.ClientOperation) (any, error) {
	logCtx := t.redact.Context(ctx)
	op.Reader = errorDecoder{method: op.Method, path: op.PathPattern, inner: op.Reader}
	t.lookups.written(op.Method, op.PathPattern, t.fabric)
	defer t.lookups.written(op.Method, op.PathPattern, t.fabric)
	usesSession := op.ID != opAuthenticate
	reauthenticated := false
	started := time.Now()
	var failures []string
	// hops counts the members tried since the last wait: a request moves on to the next
	// member at once, and waits (backoff) only once every member has failed it.
	hops, waits := 0, 0
	policy, settling := t.retry, mustSettle(ctx)
	if settling {
		policy = policy.wholeBudget()
	}
	for attempt := 1; ; attempt++ {
		m := t.member()
		// What failed decides what may be done about it: a failed login sent nothing of op, so
		// op may go elsewhere or again whatever its method.
		method, operationID := op.Method, op.ID
		var generation uint64
		var err error
		if usesSession {
			var writer runtime.ClientAuthInfoWriter
			writer, generation, err = m.session.ensure(ctx)
			op.AuthInfo = writer
			if err != nil {
				method, operationID = http.MethodPost, opAuthenticate
			}
		}
		if err == nil {
			var result any
			start := time.Now()
			result, err = m.runtime(t.fabric).SubmitContext(ctx, op)
			accounting.count(op.Method, op.PathPattern, t.fabric, err)
			fields := map[string]any{"method": op.Method, "path": op.PathPattern, "attempt": attempt, "duration_ms": time.Since(start).Milliseconds(), "controller": m.endpoint.Host}
			if err == nil {
				tflog.Debug(logCtx, "ziti api request", fields)
				t.cluster.clearOutage()
				return result, nil
			}
			fields["error"] = t.redact.String(err.Error())
			tflog.Debug(logCtx, "ziti api request failed", fields)

			if usesSession && IsUnauthorized(err) && !reauthenticated {
				// The session expired (30 min idle) or was deleted: log in again once and replay.
				// Replaying is safe for every method: a 401 means the controller did nothing.
				reauthenticated = true
				if rerr := m.session.refresh(ctx, generation); rerr != nil {
					return nil, t.redact.Error(rerr)
				}
				continue
			}
		}
		if ctx.Err() != nil {
			return nil, t.redact.Error(err) // the caller gave up (Ctrl-C, its own deadline)
		}
		canMove := t.pinned == nil && !t.cluster.single() && shouldFailOver(method, operationID, err)
		if canMove && hops < len(t.cluster.members)-1 {
			hops++
			next := t.cluster.failOver(m, err)
			failures = append(failures, fmt.Sprintf("attempt %d: %s", attempt, memberFailure(m, err)))
			tflog.Debug(logCtx, "ziti api request moves to another controller", map[string]any{"method": op.Method, "path": op.PathPattern, "from": m.endpoint.Host, "to": next.endpoint.Host})
			continue
		}
		if outage := t.cluster.knownOutage(); outage != nil && unavailable(err) && !settling {
			return nil, t.redact.Error(fmt.Errorf("%w (not retried: %v)", err, outage))
		}
		waits++
		wait, stop := policy.next(method, operationID, waits, started, err)
		if stop == nil {
			failures = append(failures, fmt.Sprintf("attempt %d: %s", attempt, memberFailure(m, err)))
			tflog.Debug(logCtx, "ziti api request will be retried", map[string]any{"method": op.Method, "path": op.PathPattern, "wait_ms": wait.Milliseconds()})
			if canMove {
				hops = 0
				t.cluster.failOver(m, err) // every member failed it: after the wait, go round again
			}
			select {
			case <-time.After(wait):
				continue
			case <-ctx.Done():
				return nil, t.redact.Error(errors.Join(err, ctx.Err()))
			}
		}
		if tlsErr := explainTLSError(err); tlsErr != nil {
			return nil, t.redact.Error(tlsErr)
		}
		if unavailable(err) && waits > 1 {
			t.cluster.markOutage(err)
		}
		if len(failures) > 0 {
			// Every attempt's reason, the last one being err itself (kept for errors.As).
			err = &retriesExhausted{last: err, summary: fmt.Sprintf("%s; earlier: %s", stop, strings.Join(failures, "; "))}
		}
		return nil, t.redact.Error(err)
	}
}

// member is where the next attempt goes.
func (t *transport) member() *member {
	if t.pinned != nil {
		return t.pinned
	}
	return t.cluster.current()
}

// retriesExhausted is the last error of a request that was retried, with why it stopped and
// what the earlier attempts failed with.
type retriesExhausted struct {
	last    error
	summary string
}

func (e *retriesExhausted) Error() string { return e.last.Error() + " (" + e.summary + ")" }
func (e *retriesExhausted) Unwrap() error { return e.last }

// errorDecoder reads a non-2xx answer as the controller's error envelope into *APIError,
// whatever operation it belongs to, and hands 2xx answers to the operation's own reader.
type errorDecoder struct {
	method, path string
	inner        runtime.ClientResponseReader
}

func (d errorDecoder) ReadResponse(resp runtime.ClientResponse, consumer runtime.Consumer) (any, error) {
	if code := resp.Code(); code >= 200 && code < 300 {
		return d.inner.ReadResponse(resp, consumer)
	}
	env := &rest_model.APIErrorEnvelope{}
	if body := resp.Body(); body != nil {
		if err := consumer.Consume(body, env); err != nil {
			env = nil
		}
	}
	apiErr := newAPIError(d.method, d.path, resp.Code(), env)
	apiErr.RetryAfter = resp.GetHeader("Retry-After")
	return nil, apiErr
}
