package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	httptransport "github.com/go-openapi/runtime/client"
)

// member is one controller of the cluster the client talks to. Each member the client uses
// gets its own API session: a member that has never seen the client's token (one that just
// joined, or one restarted from its own database) must not turn every request into a 401.
type member struct {
	endpoint *url.URL
	mgmt     *httptransport.Runtime // the edge management API
	fabric   *httptransport.Runtime // the fabric API (circuits), same host
	session  *session
}

func newMember(endpoint *url.URL, hc *http.Client, red *redactor) *member {
	runtimeAt := func(basePath string) *httptransport.Runtime {
		rt := httptransport.NewWithClient(endpoint.Host, basePath, []string{"https"}, hc)
		// The runtime dumps whole requests (passwords, session tokens) when DEBUG or
		// SWAGGER_DEBUG is set in the environment; logging goes through tflog instead.
		rt.SetDebug(false)
		return rt
	}
	return &member{endpoint: endpoint, mgmt: runtimeAt(endpoint.Path), fabric: runtimeAt(FabricBasePath), session: &session{redact: red}}
}

func (m *member) runtime(fabric bool) *httptransport.Runtime {
	if fabric {
		return m.fabric
	}
	return m.mgmt
}

// cluster is the ordered list of controllers the user named (one for a single controller).
// Every request goes to the preferred member, which stays preferred while it answers; when
// it cannot be reached or has no leader, the request moves on to the next member at once,
// and so do the requests after it. Reads are served by any member and writes are forwarded
// to the leader by the cluster itself, so any member that answers will do.
type cluster struct {
	members []*member

	mu        sync.Mutex
	preferred int
	// refused is when each member last refused a connection: fail-over passes over such a
	// member for a while, so that requests go round the members that answer.
	refused map[*member]time.Time
	// outage is set when a request has waited its whole retry budget for controllers that
	// could not be reached or had no leader: the requests after it fail at once instead of
	// each waiting its own budget (an apply of N resources would otherwise take N/parallelism
	// budgets to fail). The next answer from any member clears it.
	outage error
}

func (c *cluster) markOutage(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.outage == nil {
		c.outage = fmt.Errorf("since %s no controller could be reached or had a leader for a whole retry budget: %w", time.Now().Format(time.TimeOnly), err)
	}
}

func (c *cluster) clearOutage() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outage = nil
}

func (c *cluster) knownOutage() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.outage
}

// unavailable: the controller could not be reached, or the cluster had no leader.
func unavailable(err error) bool { return neverSent(err) || electing(err) }

// memberProbeTimeout bounds the start-up check of the other members.
const memberProbeTimeout = 5 * time.Second

// refusedFor is how long a member that refused a connection is passed over.
const refusedFor = 5 * time.Second

func (c *cluster) current() *member {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.members[c.preferred]
}

// failOver moves the preference past failed, unless another request already moved it, to
// the next member that has not refused a connection lately (or simply the next, when all
// have), and returns the member to try next.
func (c *cluster) failOver(failed *member, err error) *member {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if neverSent(err) || timedOut(err) {
		if c.refused == nil {
			c.refused = map[*member]time.Time{}
		}
		c.refused[failed] = now
	}
	if c.members[c.preferred] != failed {
		return c.members[c.preferred]
	}
	n := len(c.members)
	next := (c.preferred + 1) % n
	for i := 1; i < n; i++ {
		candidate := (c.preferred + i) % n
		if at, ok := c.refused[c.members[candidate]]; !ok || now.Sub(at) > refusedFor {
			next = candidate
			break
		}
	}
	c.preferred = next
	return c.members[next]
}

// single says whether there is no other member to fail over to.
func (c *cluster) single() bool { return len(c.members) == 1 }

// shouldFailOver: the member did not process the request for a reason another member may
// not share (it is down, unreachable, without a leader, overloaded). A request that another
// member must not see twice (a POST whose answer was lost) is not moved, for the same reason
// it is not retried.
func shouldFailOver(method, operationID string, err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusTooManyRequests {
		return false // the cluster rate-limits as a whole: wait (Retry-After) instead
	}
	return retryable(method, operationID, err)
}

// resolveEndpoints turns the configured endpoints (or the identity file's controller) into
// the cluster's members, in the order given. Duplicates are refused: they would make
// fail-over try the same dead controller twice.
func resolveEndpoints(cfg Config, ident *loadedIdentity) ([]*url.URL, error) {
	raws := cfg.Endpoints
	setting := SettingEndpoints
	if len(raws) == 0 {
		if cfg.Endpoint == "" {
			u, err := endpointOfIdentity(ident)
			if err != nil {
				return nil, err
			}
			return []*url.URL{u}, nil
		}
		raws, setting = []string{cfg.Endpoint}, SettingEndpoint
	} else if cfg.Endpoint != "" {
		return nil, configErr(SettingEndpoints, "Conflicting endpoint settings", "endpoint and endpoints are both set: use endpoints alone for a cluster, endpoint for a single controller")
	}
	seen := map[string]int{}
	urls := make([]*url.URL, 0, len(raws))
	for i, raw := range raws {
		u, err := NormalizeEndpoint(raw)
		if err != nil {
			return nil, configErr(setting, "Invalid endpoint", "%v", err)
		}
		if j, dup := seen[u.Host]; dup {
			return nil, configErr(setting, "Duplicate endpoint", "members %d and %d are both %s: list each controller of the cluster once", j+1, i+1, u.Host)
		}
		seen[u.Host] = i
		urls = append(urls, u)
	}
	return urls, nil
}

// checkMembers makes sure every other member is reachable as the same cluster: its TLS
// certificate must verify against the CA the client trusts (a member of another cluster,
// whose certificate is signed by another CA, is refused here instead of failing half way
// through an apply). A member that does not answer at all is fine: one member down must not
// stop a plan. Only unauthenticated, read-only requests are sent.
func (c *Client) checkMembers(ctx context.Context, loggedIn *member) error {
	// A member cut off by a partition accepts nothing and answers nothing: it is not worth
	// more than a few seconds of every run's start.
	ctx, cancel := context.WithTimeout(ctx, memberProbeTimeout)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, len(c.cluster.members))
	for i, m := range c.cluster.members {
		if m == loggedIn {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.endpoint.String()+"/version", nil)
			if err != nil {
				errs[i] = err
				return
			}
			resp, err := c.http.Do(req)
			if err != nil {
				if tlsErr := explainTLSError(err); tlsErr != nil {
					errs[i] = configErr(SettingEndpoints, "A member is not part of the same cluster",
						"%s presents a certificate that the cluster's CA does not verify (%s): every endpoint must be a member of one cluster, signed by one CA", m.endpoint.Host, tlsErr.Detail)
				}
				return // down or unreachable: fail-over skips it
			}
			_ = resp.Body.Close()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// memberFailure is one member's part in an error: which controller said what.
func memberFailure(m *member, err error) string {
	return fmt.Sprintf("%s: %v", m.endpoint.Host, err)
}

// LagAllowance is how long a member may take to apply what the cluster has committed: a
// follower answers reads from its own copy, which can trail a write made through another
// member; around a leader change (an election takes about 6 s) by seconds, as measured.
const LagAllowance = 10 * time.Second

// Consistently runs read, and when the client talks to a cluster and absent says its
// answer is "not there", runs it again for up to LagAllowance: an entity written a moment
// ago may not have reached the member that answers yet. A single controller answers once.
func (c *Client) Consistently(ctx context.Context, absent func(error) bool, read func() error) error {
	err := read()
	if c.cluster.single() {
		return err
	}
	deadline := time.Now().Add(LagAllowance)
	for absent(err) && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
		err = read()
	}
	return err
}

// timedOut: the member accepted the connection but did not answer within request_timeout
// (a partition, a frozen process).
func timedOut(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
