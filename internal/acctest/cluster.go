package acctest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Cluster is a controller cluster (raft) whose members are `ziti edge quickstart ha|join`
// processes on loopback, each with its own home, started for one test and removed after it.
// No member runs an edge router: the cluster is for control-plane faults, and a quickstart
// restarted before its router had been set up panics on the missing router config. Tests
// stop, kill, freeze and restart members to see what the provider does when a controller
// fails.
type Cluster struct {
	Members  []*Member
	Username string
	Password string
	CAPEM    []byte

	bin string
	dir string
}

// Member is one controller of a Cluster.
type Member struct {
	ID   string // the raft instance id (n1, n2, ...)
	URL  string // https://127.0.0.1:port
	Port int

	args []string
	dir  string
	proc *proc
}

// trustDomain is the SPIFFE trust domain every member of a test cluster shares.
const trustDomain = "agentfence-acc"

// StartCluster starts a cluster of n members, one at a time (two members joining at once
// left the cluster without a leader, see ZITI-API-NOTES.md), and waits until every member
// answers and the cluster lists all of them as connected. The cluster is removed when the
// test ends.
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
	c := &Cluster{Username: "admin", Password: randomPassword(), bin: bin, dir: dir}
	t.Cleanup(c.remove)
	for i := range n {
		m := &Member{ID: "n" + strconv.Itoa(i+1), Port: ports[i], URL: fmt.Sprintf("https://127.0.0.1:%d", ports[i])}
		m.dir = filepath.Join(dir, m.ID)
		home := filepath.Join(m.dir, "home")
		common := []string{"--instance-id", m.ID, "--trust-domain", trustDomain, "--ctrl-address", "127.0.0.1",
			"--ctrl-port", strconv.Itoa(m.Port), "--home", home, "-u", c.Username, "-p", c.Password}
		if i == 0 {
			m.args = append([]string{"edge", "quickstart", "ha", "--no-router"}, common...)
		} else {
			// join builds the member's PKI from the first member's root CA.
			if err := os.MkdirAll(filepath.Join(home, "pki"), 0o700); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command("cp", "-r", filepath.Join(c.Members[0].dir, "home", "pki", "root-ca"), filepath.Join(home, "pki")).CombinedOutput(); err != nil {
				t.Fatalf("copying the cluster's root CA: %v: %s", err, out)
			}
			m.args = append([]string{"edge", "quickstart", "join", "--cluster-member", "tls:127.0.0.1:" + strconv.Itoa(c.Members[0].Port), "--no-router"}, common...)
		}
		if err := os.MkdirAll(m.dir, 0o700); err != nil {
			t.Fatal(err)
		}
		c.Members = append(c.Members, m)
		if err := c.start(m); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			c.CAPEM = waitForFile(filepath.Join(home, "pki", "root-ca", "certs", "root-ca.cert"), m.proc, 60*time.Second)
			if c.CAPEM == nil {
				t.Fatalf("member %s wrote no root CA; its log ends:\n%s", m.ID, m.proc.logTail())
			}
		}
		if err := c.waitMembers(m, i+1, 120*time.Second); err != nil {
			t.Fatalf("member %s: %v; its log ends:\n%s", m.ID, err, m.proc.logTail())
		}
	}
	return c
}

func (c *Cluster) start(m *Member) error {
	p, err := spawn(c.bin, m.args, m.dir, filepath.Join(m.dir, "member.log"))
	if err != nil {
		return err
	}
	m.proc = p
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
	cl, err := c.MemberClient(ctx, m)
	if err != nil {
		return nil, err
	}
	defer cl.Close(ctx)
	var out struct {
		Data []clusterMember `json:"data"`
	}
	err = cl.Do(ctx, client.Request{Method: http.MethodGet, Path: "/cluster/list-members", Fabric: true, Out: &out})
	return out.Data, err
}

// waitMembers waits until member m answers and the leader sees want members connected (a
// follower only connects to the leader, so only the leader's view counts them all).
func (c *Cluster) waitMembers(m *Member, want int, limit time.Duration) error {
	ctx := context.Background()
	deadline := time.Now().Add(limit)
	last := errors.New("no answer yet")
	for time.Now().Before(deadline) {
		select {
		case <-m.proc.exited:
			return fmt.Errorf("the process exited during start-up")
		default:
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

// Running says whether the member's process is up.
func (m *Member) Running() bool {
	if m.proc == nil {
		return false
	}
	select {
	case <-m.proc.exited:
		return false
	default:
		return true
	}
}

// Kill ends a member at once (SIGKILL), as a crash would: no goodbye to the cluster.
func (c *Cluster) Kill(m *Member) { m.proc.kill() }

// Stop ends a member gracefully; the remaining members see it leave, as when a member is
// cut off from them.
func (c *Cluster) Stop(m *Member) { m.proc.stop() }

// Freeze suspends a member's processes (SIGSTOP): its sockets stay open but nothing
// answers, as when a network partition cuts it off. Requests to it hang until they time out.
func (c *Cluster) Freeze(m *Member) { _ = syscall.Kill(-m.proc.cmd.Process.Pid, syscall.SIGSTOP) }

// Thaw resumes a frozen member (SIGCONT).
func (c *Cluster) Thaw(m *Member) { _ = syscall.Kill(-m.proc.cmd.Process.Pid, syscall.SIGCONT) }

// Restart starts a stopped member again on its existing home and waits until the cluster
// sees every member connected again.
func (c *Cluster) Restart(t testing.TB, m *Member) {
	t.Helper()
	if err := c.start(m); err != nil {
		t.Fatal(err)
	}
	running := 0
	for _, o := range c.Members {
		if o.Running() {
			running++
		}
	}
	if err := c.waitMembers(m, running, 120*time.Second); err != nil {
		t.Fatalf("restarting %s: %v; its log ends:\n%s", m.ID, err, m.proc.logTail())
	}
}

func (c *Cluster) remove() {
	for _, m := range c.Members {
		if m.Running() {
			m.proc.stop()
		}
	}
	if os.Getenv("ZITI_TEST_KEEP_HOME") == "" {
		_ = os.RemoveAll(c.dir)
	}
}

// waitForFile returns the file's content once it exists and is not empty, or nil when the
// process exits or the time is up first.
func waitForFile(path string, p *proc, limit time.Duration) []byte {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		select {
		case <-p.exited:
			return nil
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}
