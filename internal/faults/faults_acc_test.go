package faults_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// copies of (identity, service, Dial policy): 3 x copies resources per workload.
const copies = 22

// workload is a root configuration of 3 x copies resources named by prefix, talking to the
// controllers through provider.
func workload(provider, prefix string) string {
	return provider + fmt.Sprintf(`
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

resource "ziti_identity" "agent" {
  count           = %[1]d
  name            = "%[2]s-agent-${count.index}"
  role_attributes = ["%[2]s-agents"]
}

resource "ziti_service" "svc" {
  count = %[1]d
  name  = "%[2]s-svc-${count.index}"
}

resource "ziti_service_policy" "dial" {
  count          = %[1]d
  name           = "%[2]s-dial-${count.index}"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.agent[count.index].name}"]
  service_roles  = ["@${ziti_service.svc[count.index].name}"]
}
`, copies, prefix)
}

// project is a working directory with a configuration, run with the provider binary under
// test.
type project struct {
	t        *testing.T
	dir, cli string
}

func newProject(t *testing.T, config string) *project {
	t.Helper()
	p := &project{t: t, dir: t.TempDir(), cli: acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t))}
	p.write(config)
	return p
}

func (p *project) write(config string) {
	p.t.Helper()
	if err := os.WriteFile(filepath.Join(p.dir, "main.tf"), []byte(config), 0o600); err != nil {
		p.t.Fatal(err)
	}
}

// applyWhile runs an apply and calls during once the controller holds at least half of the
// configuration's entities, then waits for the apply to end.
func (p *project) applyWhile(c *acctest.Cluster, prefix string, during func()) (string, int) {
	p.t.Helper()
	cmd := acctest.TofuCommand(p.t, p.dir, p.cli, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	// A test that fails while the apply runs must not leave it running against the
	// controllers it is about to remove.
	p.t.Cleanup(func() { _ = cmd.Process.Kill() })
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// One client for the whole watch: logging in and out ten times a second crashes a
	// v1.7.2 controller (SIGSEGV in the API session store's eventual delete handler, which
	// reads a session id from a bbolt page remapped as the database grows).
	watch := newClient(p.t, c)
	acted := false
	for !acted {
		select {
		case err := <-done:
			p.t.Fatalf("the apply ended before the fault could be injected (exit %d):\n%s", acctest.ExitCode(p.t, "tofu apply", err), out.String())
		case <-time.After(100 * time.Millisecond):
		}
		if n := countEntities(p.t, c, watch, prefix); n >= 3*copies/2 {
			p.t.Logf("fault injected with %d of %d entities created", n, 3*copies)
			during()
			acted = true
		}
	}
	err := <-done
	return out.String(), acctest.ExitCode(p.t, "tofu apply", err)
}

// newClient logs in to the cluster through every member; the session ends with the test.
func newClient(t testing.TB, c *acctest.Cluster) *client.Client {
	t.Helper()
	cl, err := c.NewClient(context.Background())
	if err != nil {
		t.Fatalf("no member answers: %v\n%s", err, c.Status())
	}
	t.Cleanup(func() { cl.Close(context.Background()) })
	return cl
}

// countEntities counts the configuration's entities on the controller, through any member
// that answers.
func countEntities(t testing.TB, c *acctest.Cluster, cl *client.Client, prefix string) int {
	t.Helper()
	names := entityNames(t, c, cl, prefix)
	n := 0
	for _, list := range names {
		n += len(list)
	}
	return n
}

// entityNames lists the names of the configuration's identities, services and policies.
func entityNames(t testing.TB, c *acctest.Cluster, cl *client.Client, prefix string) map[string][]string {
	t.Helper()
	filter := fmt.Sprintf("name contains %s", client.QuoteZitiQL(prefix+"-"))
	out := map[string][]string{}
	for kind, path := range map[string]string{"identity": client.Identities.Path, "service": client.Services.Path, "service policy": client.ServicePolicies.Path} {
		named, err := client.ListAt[struct{ ID, Name string }](context.Background(), cl, path, nil, nil, filter)
		if err != nil {
			t.Fatalf("listing %s: %v\n%s", path, err, c.Status())
		}
		// Every kind gets an entry, even with nothing found, so that checkExactlyOnce counts it.
		out[kind] = []string{}
		for _, e := range named {
			out[kind] = append(out[kind], e.Name)
		}
	}
	return out
}

// checkExactlyOnce fails unless every entity of the configuration exists once, by name.
// The list is answered by whichever member the client reaches, from its own copy, which
// may trail the member the apply wrote through (by seconds around a leader change): while
// entities are missing they are looked for again, for as long as the provider itself waits
// for a trailing member (client.LagAllowance). A duplicate never goes away by waiting.
func checkExactlyOnce(t testing.TB, c *acctest.Cluster, prefix string) {
	t.Helper()
	cl := newClient(t, c)
	start := time.Now()
	missing, duplicates := census(entityNames(t, c, cl, prefix))
	for len(missing) > 0 && len(duplicates) == 0 && time.Since(start) < client.LagAllowance {
		time.Sleep(200 * time.Millisecond)
		missing, duplicates = census(entityNames(t, c, cl, prefix))
	}
	if waited := time.Since(start); len(missing)+len(duplicates) == 0 && waited > time.Second {
		t.Logf("the member answering the check caught up with the apply after %s", waited.Round(100*time.Millisecond))
	}
	for _, problem := range append(duplicates, missing...) {
		t.Error(problem)
	}
}

// census says, per kind, which names exist more than once and how many are missing.
func census(names map[string][]string) (missing, duplicates []string) {
	for kind, list := range names {
		seen := map[string]int{}
		for _, n := range list {
			seen[n]++
		}
		for n, k := range seen {
			if k != 1 {
				duplicates = append(duplicates, fmt.Sprintf("%s %q exists %d times", kind, n, k))
			}
		}
		if len(seen) != copies {
			missing = append(missing, fmt.Sprintf("%d %ss exist, want %d", len(seen), kind, copies))
		}
	}
	return missing, duplicates
}

// planIsEmpty fails unless a plan finds nothing to change.
func (p *project) planIsEmpty() {
	p.t.Helper()
	out, code := acctest.RunTofu(p.t, p.dir, p.cli, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if code != 0 {
		p.t.Fatalf("the plan after the fault is not empty (exit %d):\n%s", code, out)
	}
}

func (p *project) destroy() {
	acctest.MustTofu(p.t, p.dir, p.cli, "destroy", "-auto-approve", "-input=false", "-no-color")
}

// applySurvives applies the workload through the cluster, listing first at the head of the
// endpoints, injects fault half way, and asserts what the user must see: the apply
// completes, nothing exists twice, and the next plan is empty.
func applySurvives(t *testing.T, c *acctest.Cluster, first *acctest.Member, name string, fault func(), settings ...string) *project {
	t.Helper()
	prefix := name + "-" + acctest.RandomSuffix()
	p := newProject(t, workload(c.ProviderBlock(first, settings...), prefix))
	out, code := p.applyWhile(c, prefix, fault)
	if code != 0 {
		t.Fatalf("the apply did not survive %s (exit %d):\n%s", name, code, out)
	}
	checkExactlyOnce(t, c, prefix)
	p.planIsEmpty()
	return p
}

// One 3-member cluster for the cluster faults, in order: the leader killed mid-apply (the
// provider talking to it), a follower partitioned mid-apply (frozen: requests to it hang),
// a follower cut off mid-apply (disconnected from the cluster's network in docker mode,
// stopped in process mode), and a plan with that member still cut off.
func TestAccClusterSurvivesMemberFailuresMidApply(t *testing.T) {
	c := acctest.StartCluster(t, 3)

	t.Run("leader killed", func(t *testing.T) {
		leader := c.Leader(t)
		p := applySurvives(t, c, leader, "leader-killed", func() { c.Kill(leader) })
		c.Restart(t, leader)
		p.destroy()
	})

	// A partition, not a crash: the member the provider talks to stops answering without
	// closing anything, so requests hang until request_timeout. Reads move on to another
	// member; creates in flight are found by name and adopted, or sent again.
	t.Run("follower partitioned (frozen)", func(t *testing.T) {
		leader := c.Leader(t)
		follower := c.Members[len(c.Members)-1]
		if follower == leader {
			follower = c.Members[len(c.Members)-2]
		}
		t.Cleanup(func() { c.Thaw(follower) })
		p := applySurvives(t, c, follower, "follower-frozen", func() { c.Freeze(follower) }, `  request_timeout = "5s"`)
		p.destroy()
	})

	t.Run("follower cut off, then a plan with it down", func(t *testing.T) {
		leader := c.Leader(t)
		follower := c.Members[0]
		if follower == leader {
			follower = c.Members[1]
		}
		// planIsEmpty runs while the follower, first in the endpoints, is still cut off.
		p := applySurvives(t, c, follower, "follower-cut-off", func() { c.CutOff(follower) })
		p.destroy()
	})
}

// A single controller (no cluster to fail over to) restarted in the middle of an apply: the
// apply completes (its retries outlast the restart) or fails with an error that says what
// happened; either way a second apply converges with no duplicates and an empty plan.
func TestAccSingleControllerRestartedMidApply(t *testing.T) {
	c := acctest.StartCluster(t, 1)
	only := c.Members[0]
	prefix := "rs-" + acctest.RandomSuffix()
	p := newProject(t, workload(c.ProviderBlock(only), prefix))
	out, code := p.applyWhile(c, prefix, func() {
		c.Kill(only)
		c.Restart(t, only)
	})
	if code != 0 {
		t.Logf("the first apply failed across the restart (exit %d); its errors must say why:\n%s", code, out)
		if !strings.Contains(out, "Error") || !strings.Contains(out, only.URL[len("https://"):]) {
			t.Fatalf("the failed apply does not name the controller it lost:\n%s", out)
		}
		acctest.MustTofu(t, p.dir, p.cli, "apply", "-auto-approve", "-input=false", "-no-color")
	}
	checkExactlyOnce(t, c, prefix)
	p.planIsEmpty()
	p.destroy()
}
