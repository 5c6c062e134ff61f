package acctest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Cluster is a controller cluster (raft) started for one test and removed after it. Its
// members are `ziti edge quickstart ha|join` processes on loopback (process mode) or
// containers on a private network of their own, their API ports published on 127.0.0.1
// (ZITI_TEST_CONTROLLER=docker). No member runs an edge router: the cluster is for
// control-plane faults, and a quickstart restarted before its router had been set up panics
// on the missing router config. Tests stop, kill, freeze, cut off and restart members to see
// what the provider does when a controller fails.
type Cluster struct {
	Members  []*Member
	Username string
	Password string
	CAPEM    []byte

	dir     string
	network *dockerNetwork // docker mode: the members' private network

	// watchers are the clients the harness asks members about the cluster with, one per
	// member, kept for the cluster's life: a v1.7.2 controller that sees API sessions
	// created and deleted several times a second while its database grows can crash
	// (SIGSEGV in the API session store's eventual delete handler).
	watchersMu sync.Mutex
	watchers   map[string]*client.Client
}

// Member is one controller of a Cluster.
type Member struct {
	ID   string // the raft instance id (n1, n2, ...)
	URL  string // https://127.0.0.1:port, where the provider reaches it
	Port int

	run memberRuntime
}

// memberRuntime is how a member's controller runs: a process (cluster_process.go) or a
// container (cluster_docker.go). Both run the same quickstart arguments on a home that
// outlives a stop, so that start after stop resumes the same raft member.
type memberRuntime interface {
	// installRootCA gives a member that will join the cluster the first member's root CA
	// (the directory exportRootCA wrote), before its first start.
	installRootCA(dir string) error
	// exportRootCA copies the member's pki/root-ca directory to dir.
	exportRootCA(dir string) error
	start() error
	running() bool
	kill()
	stop()
	freeze()
	thaw()
	// cutOff separates the member from the others and from the provider; reconnect undoes it.
	cutOff()
	reconnect(t testing.TB)
	logTail() string
	remove()
}

// trustDomain is the SPIFFE trust domain every member of a test cluster shares.
const trustDomain = "agentfence-acc"

// StartCluster starts a cluster of n members, one at a time (two members joining at once
// left the cluster without a leader, see ZITI-API-NOTES.md), and waits until every member
// answers and the cluster lists all of them as connected. The cluster is removed when the
// test ends. ZITI_TEST_CONTROLLER=docker runs the members in containers, anything else as
// processes.
func StartCluster(t testing.TB, n int) *Cluster {
	t.Helper()
	skipUnlessAcc(t)
	bin, err := zitiBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "ziti-cluster-") //nolint:usetesting // kept after the test with ZITI_TEST_KEEP_HOME, for post-mortems
	if err != nil {
		t.Fatal(err)
	}
	ports, err := freePorts(n)
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{Username: "admin", Password: randomPassword(), dir: dir}
	t.Cleanup(c.remove)
	var image string
	if os.Getenv("ZITI_TEST_CONTROLLER") == "docker" {
		if image, err = ensureImage(context.Background()); err != nil {
			t.Fatal(err)
		}
		if c.network, err = newDockerNetwork(filepath.Base(dir)); err != nil {
			t.Fatal(err)
		}
	}
	rootCA := filepath.Join(dir, "root-ca")
	for i := range n {
		m := &Member{ID: "n" + strconv.Itoa(i+1), Port: ports[i], URL: fmt.Sprintf("https://127.0.0.1:%d", ports[i])}
		common := []string{"--instance-id", m.ID, "--trust-domain", trustDomain, "--ctrl-address", c.advertised(m),
			"--ctrl-port", strconv.Itoa(m.Port), "-u", c.Username, "-p", c.Password}
		args := append([]string{"edge", "quickstart", "ha", "--no-router"}, common...)
		if i > 0 {
			first := c.Members[0]
			args = append([]string{"edge", "quickstart", "join", "--cluster-member", "tls:" + c.advertised(first) + ":" + strconv.Itoa(first.Port), "--no-router"}, common...)
		}
		if c.network != nil {
			m.run, err = newContainerMember(c.network, image, m, args)
		} else {
			m.run, err = newProcessMember(bin, filepath.Join(dir, m.ID), args)
		}
		if err != nil {
			t.Fatal(err)
		}
		c.Members = append(c.Members, m)
		if i > 0 {
			// join builds the member's PKI from the first member's root CA.
			if err := m.run.installRootCA(rootCA); err != nil {
				t.Fatalf("giving %s the cluster's root CA: %v", m.ID, err)
			}
		}
		if err := m.run.start(); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			c.CAPEM = c.waitRootCA(m, rootCA, 60*time.Second)
			if c.CAPEM == nil {
				t.Fatalf("member %s wrote no root CA; its log ends:\n%s", m.ID, m.run.logTail())
			}
		}
		if err := c.waitMembers(m, i+1, 120*time.Second); err != nil {
			t.Fatalf("member %s: %v; its log ends:\n%s", m.ID, err, m.run.logTail())
		}
	}
	return c
}

// advertised is the address members find m at: loopback for processes, the member's name on
// the private network for containers.
func (c *Cluster) advertised(m *Member) string {
	if c.network != nil {
		return m.ID
	}
	return "127.0.0.1"
}

// waitRootCA waits until member m has written its root CA, copies the directory to dir and
// returns the certificate, or nil when the member stops or the time is up first.
func (c *Cluster) waitRootCA(m *Member, dir string, limit time.Duration) []byte {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && m.run.running() {
		_ = os.RemoveAll(dir)
		if m.run.exportRootCA(dir) == nil {
			if b, err := os.ReadFile(filepath.Join(dir, "certs", "root-ca.cert")); err == nil && len(b) > 0 {
				return b
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return nil
}

// Endpoints are the members' URLs, in order, for the provider's endpoints.
func (c *Cluster) Endpoints() []string {
	out := make([]string, len(c.Members))
	for i, m := range c.Members {
		out[i] = m.URL
	}
	return out
}

// ProviderBlock is a provider block for the whole cluster (endpoints, admin, CA), listing
// first (when not nil) at the head, so that the provider starts with the member a test is
// about to fail, plus settings (attribute lines such as `request_timeout = "5s"`).
func (c *Cluster) ProviderBlock(first *Member, settings ...string) string {
	var quoted []string
	if first != nil {
		quoted = append(quoted, strconv.Quote(first.URL))
	}
	for _, m := range c.Members {
		if m != first {
			quoted = append(quoted, strconv.Quote(m.URL))
		}
	}
	return fmt.Sprintf("provider \"ziti\" {\n  endpoints = [%s]\n  username  = %q\n  password  = %q\n  ca_pem    = <<-EOT\n%s  EOT\n%s}\n",
		strings.Join(quoted, ", "), c.Username, c.Password, string(c.CAPEM), strings.Join(append(settings, ""), "\n"))
}

// NewClient logs in to the cluster through every member, as the provider does.
func (c *Cluster) NewClient(ctx context.Context) (*client.Client, error) {
	return client.New(ctx, client.Config{Endpoints: c.Endpoints(), Username: c.Username, Password: c.Password, CAPEM: c.CAPEM})
}

// MemberClient logs in to one member only.
func (c *Cluster) MemberClient(ctx context.Context, m *Member) (*client.Client, error) {
	zero := 0
	return client.New(ctx, client.Config{Endpoint: m.URL, Username: c.Username, Password: c.Password, CAPEM: c.CAPEM, MaxRetries: &zero})
}

// clusterMember is one entry of the fabric API's /cluster/list-members.
type clusterMember struct {
	ID        string `json:"id"`
	Leader    bool   `json:"leader"`
	Connected bool   `json:"connected"`
}

// listMembers asks one member how it sees the cluster.
func (c *Cluster) listMembers(ctx context.Context, m *Member) ([]clusterMember, error) {
	cl, err := c.watcher(ctx, m)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data []clusterMember `json:"data"`
	}
	err = cl.Do(ctx, client.Request{Method: http.MethodGet, Path: "/cluster/list-members", Fabric: true, Out: &out})
	return out.Data, err
}

// watcher is the harness's own client of member m, logged in on first use and kept (the
// client logs in again by itself when a restarted member no longer knows its session).
func (c *Cluster) watcher(ctx context.Context, m *Member) (*client.Client, error) {
	c.watchersMu.Lock()
	defer c.watchersMu.Unlock()
	if cl, ok := c.watchers[m.ID]; ok {
		return cl, nil
	}
	cl, err := c.MemberClient(ctx, m)
	if err != nil {
		return nil, err
	}
	if c.watchers == nil {
		c.watchers = map[string]*client.Client{}
	}
	c.watchers[m.ID] = cl
	return cl, nil
}

// Status is one line per member (running or not) and the log tail of each member that is
// not running: what a test prints when the cluster stops answering, so that a controller
// that crashed says so.
func (c *Cluster) Status() string {
	var b strings.Builder
	for _, m := range c.Members {
		if m.Running() {
			fmt.Fprintf(&b, "member %s (%s): running\n", m.ID, m.URL)
			continue
		}
		fmt.Fprintf(&b, "member %s (%s): not running; its log ends:\n%s\n", m.ID, m.URL, m.run.logTail())
	}
	return b.String()
}

// waitMembers waits until member m answers and the leader sees want members connected (a
// follower only connects to the leader, so only the leader's view counts them all).
func (c *Cluster) waitMembers(m *Member, want int, limit time.Duration) error {
	ctx := context.Background()
	deadline := time.Now().Add(limit)
	last := errors.New("no answer yet")
	for time.Now().Before(deadline) {
		if !m.run.running() {
			return fmt.Errorf("the member stopped during start-up")
		}
		if _, err := c.listMembers(ctx, m); err != nil {
			last = err
		} else if connected, ok := c.leaderView(ctx); !ok {
			last = errors.New("no leader elected")
		} else if connected >= want {
			return nil
		} else {
			last = fmt.Errorf("the leader sees %d of %d members connected", connected, want)
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("cluster not formed after %s: %v", limit, last)
}

// leaderView is how many members the leader sees connected, asking each running member
// whether it is the leader.
func (c *Cluster) leaderView(ctx context.Context) (int, bool) {
	for _, m := range c.Members {
		if !m.Running() {
			continue
		}
		members, err := c.listMembers(ctx, m)
		if err != nil {
			continue
		}
		self, connected := false, 0
		for _, cm := range members {
			if cm.Connected {
				connected++
			}
			self = self || (cm.ID == m.ID && cm.Leader)
		}
		if self {
			return connected, true
		}
	}
	return 0, false
}

// Leader is the member the cluster has elected, as the first live member answering sees it.
func (c *Cluster) Leader(t testing.TB) *Member {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range c.Members {
			if !m.Running() {
				continue
			}
			members, err := c.listMembers(context.Background(), m)
			if err != nil {
				continue
			}
			for _, cm := range members {
				if cm.Leader {
					for _, lm := range c.Members {
						if lm.ID == cm.ID && lm.Running() {
							return lm
						}
					}
				}
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatal("no member reports a live leader")
	return nil
}

// Running says whether the member's controller is up (a frozen member is up).
func (m *Member) Running() bool { return m.run != nil && m.run.running() }

// Kill ends a member at once (SIGKILL), as a crash would: no goodbye to the cluster.
func (c *Cluster) Kill(m *Member) { m.run.kill() }

// Stop ends a member gracefully; the remaining members see it leave.
func (c *Cluster) Stop(m *Member) { m.run.stop() }

// Freeze suspends a member (SIGSTOP, docker pause): its sockets stay open but nothing
// answers, as when a network partition swallows its packets. Requests to it hang until they
// time out.
func (c *Cluster) Freeze(m *Member) { m.run.freeze() }

// Thaw resumes a frozen member.
func (c *Cluster) Thaw(m *Member) { m.run.thaw() }

// CutOff separates a member from the others and from the provider. In docker mode it is
// disconnected from the cluster's network (it keeps running, alone); processes on loopback
// cannot be separated, so in process mode the member is stopped.
func (c *Cluster) CutOff(m *Member) { m.run.cutOff() }

// Reconnect undoes CutOff and waits until the cluster sees every running member connected.
func (c *Cluster) Reconnect(t testing.TB, m *Member) {
	t.Helper()
	m.run.reconnect(t)
	c.waitConnected(t, m)
}

// Restart starts a stopped member again on its existing home and waits until the cluster
// sees every member connected again.
func (c *Cluster) Restart(t testing.TB, m *Member) {
	t.Helper()
	if err := m.run.start(); err != nil {
		t.Fatal(err)
	}
	c.waitConnected(t, m)
}

func (c *Cluster) waitConnected(t testing.TB, m *Member) {
	t.Helper()
	running := 0
	for _, o := range c.Members {
		if o.Running() {
			running++
		}
	}
	if err := c.waitMembers(m, running, 120*time.Second); err != nil {
		t.Fatalf("bringing %s back: %v; its log ends:\n%s", m.ID, err, m.run.logTail())
	}
}

func (c *Cluster) remove() {
	// The watchers are not logged out: their sessions go with the members.
	for _, m := range c.Members {
		m.run.remove()
	}
	if c.network != nil {
		c.network.remove()
	}
	if os.Getenv("ZITI_TEST_KEEP_HOME") == "" {
		_ = os.RemoveAll(c.dir)
	}
}
