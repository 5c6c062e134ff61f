package reach_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/reach"
)

// networksPerBatch random networks share the controller at a time.
const networksPerBatch = 10

// TestAccDifferential_randomNetworks creates random networks on a real controller and
// compares the tool's access matrix (who may dial and bind what, which edge routers each
// identity and service may use) with the controller's own answer, everywhere. Then it plans a
// random change per network as a plan's JSON, computes the tool's diff, makes the change
// through the API and checks that the diff's gained and lost lines are exactly the
// difference of the controller's answers before and after. ZITI_ACCESS_NETWORKS sets how
// many networks (default 200), ZITI_ACCESS_SEED replays a run.
func TestAccDifferential_randomNetworks(t *testing.T) {
	runDifferential(t, envInt(t, "ZITI_ACCESS_NETWORKS", 200))
}

// BenchmarkDifferential runs b.N batches of random networks (make bench-access: many more
// than the test).
func BenchmarkDifferential(b *testing.B) {
	runDifferential(b, b.N*networksPerBatch)
}

func runDifferential(t testing.TB, networks int) {
	c := acctest.AdminClient(t)
	acctest.WaitForQuickstart(t)
	seed := int64(envInt(t, "ZITI_ACCESS_SEED", int(time.Now().UnixNano()%1e12)))
	t.Logf("%d random networks, seed %d (ZITI_ACCESS_SEED=%d replays the run)", networks, seed, seed)
	g := &generator{t: t, c: c, rnd: rand.New(rand.NewPCG(uint64(seed), 1))} //nolint:gosec // a replayable seed, not a secret
	run := acctest.RandomSuffix()
	start := time.Now()
	var grants, changes int
	for batch := 0; batch*networksPerBatch < networks; batch++ {
		var nets []*randomNetwork
		for k := range min(networksPerBatch, networks-batch*networksPerBatch) {
			nets = append(nets, g.create(fmt.Sprintf("dx%s-%d-%d", run, batch, k)))
		}
		g, c := g, c
		func() {
			defer destroy(t, c, nets)
			ctx := context.Background()
			before, err := reach.Load(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			beforeAccess := reach.Evaluate(before)
			ctrlBefore := askController(t, c, before)
			if d := compare(before, beforeAccess, ctrlBefore); len(d) > 0 {
				t.Fatalf("batch %d (seed %d): the tool and the controller disagree on %d points:\n%s", batch, seed, len(d), strings.Join(d, "\n"))
			}
			grants += len(ctrlBefore.grants)

			pc := g.change(nets)
			plan, err := reach.ParsePlan("plan.json", pc.planJSON())
			if err != nil {
				t.Fatal(err)
			}
			planned, err := reach.Apply(before, plan)
			if err != nil {
				t.Fatal(err)
			}
			diff := reach.Compare(before, beforeAccess, planned, reach.Evaluate(planned))
			for _, apply := range pc.apply {
				if err := apply(); err != nil {
					t.Fatalf("making the planned change: %v", err)
				}
			}
			after, err := reach.Load(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			afterAccess := reach.Evaluate(after)
			ctrlAfter := askController(t, c, after)
			if d := compare(after, afterAccess, ctrlAfter); len(d) > 0 {
				t.Fatalf("batch %d after the change (seed %d): the tool and the controller disagree on %d points:\n%s", batch, seed, len(d), strings.Join(d, "\n"))
			}
			got, want := diffKeys(t, diff), controllerDiff(before, ctrlBefore, after, ctrlAfter)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("batch %d (seed %d): the planned diff is not what the apply changed.\nplanned:\n%s\napplied:\n%s",
					batch, seed, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			changes += len(want)
		}()
	}
	t.Logf("%d networks agree with the controller (%d grants before the changes; the diffs of %d planned changes matched %d gained/lost grants) in %s",
		networks, grants, networks, changes, time.Since(start).Round(time.Second))
}

// diffKeys are the gained and lost lines of a diff as "+|- identity service type"; the tool
// must know everything the plan changes (only a new policy's id is unknown).
func diffKeys(t testing.TB, d reach.Diff) []string {
	var out []string
	for _, c := range d.Changes {
		switch c.Kind {
		case reach.Added:
			out = append(out, "+ "+c.Line.Identity+" "+c.Line.Service+" "+c.Line.Type)
		case reach.Removed:
			out = append(out, "- "+c.Line.Identity+" "+c.Line.Service+" "+c.Line.Type)
		case reach.Unknown:
			t.Errorf("unexpected unknown line: %s", c)
		}
	}
	sort.Strings(out)
	return out
}

// controllerDiff is what the controller's answers gained and lost, by names.
func controllerDiff(before *reach.Network, b controllerAccess, after *reach.Network, a controllerAccess) []string {
	named := func(n *reach.Network, ca controllerAccess) map[string]bool {
		out := map[string]bool{}
		for k := range ca.grants {
			f := strings.Fields(k)
			out[n.Identities[f[0]].Name+" "+n.Services[f[1]].Name+" "+strings.ToLower(f[2])] = true
		}
		return out
	}
	nb, na := named(before, b), named(after, a)
	var out []string
	for k := range na {
		if !nb[k] {
			out = append(out, "+ "+k)
		}
	}
	for k := range nb {
		if !na[k] {
			out = append(out, "- "+k)
		}
	}
	sort.Strings(out)
	return out
}

func envInt(t testing.TB, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s=%q is not a whole number", name, s)
	}
	return n
}
