package dataplane

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// meshOverlay is one test's mesh: agents a1..a3 (attribute <prefix>-agents) and services
// s1..s3 hosted by the quickstart router, each forwarding to its own echo server (ports), and
// one Dial policy per service. provider is the provider block its configurations start with
// ("" for the default provider).
type meshOverlay struct {
	prefix, provider string
	ports            [3]int
}

// startMesh waits for the quickstart router to be online and starts the mesh's echo servers,
// under a prefix made from name.
func startMesh(t *testing.T, name, provider string) meshOverlay {
	acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	return meshOverlay{prefix: acctest.Name(name), provider: provider, ports: startMeshEchoes(t)}
}

// allAgents is the identity_roles that grant a service to the three agents.
func (m meshOverlay) allAgents() string { return fmt.Sprintf(`["#%s-agents"]`, m.prefix) }

// granted is the configuration in which every agent may dial every service.
func (m meshOverlay) granted() string { return m.config(m.allAgents()) }

// config is the mesh's configuration; dialS2 is the identity_roles of the policy that grants
// s2 ("" for no such policy).
func (m meshOverlay) config(dialS2 string) string {
	var b strings.Builder
	b.WriteString(m.provider)
	for i := 1; i <= 3; i++ {
		roles := m.allAgents()
		if i == 2 {
			roles = dialS2
		}
		fmt.Fprintf(&b, `
resource "ziti_identity" "a%[2]d" {
  name            = "%[1]s-a%[2]d"
  role_attributes = ["%[1]s-agents"]
}
resource "ziti_host_v1_config" "s%[2]d" {
  name     = "%[1]s-s%[2]d-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = %[3]d
}
resource "ziti_service" "s%[2]d" {
  name    = "%[1]s-s%[2]d"
  configs = [ziti_host_v1_config.s%[2]d.id]
}
resource "ziti_service_policy" "bind%[2]d" {
  name           = "%[1]s-bind%[2]d"
  type           = "Bind"
  identity_roles = ["@router-quickstart"]
  service_roles  = ["@${ziti_service.s%[2]d.name}"]
}
`, m.prefix, i, m.ports[i-1])
		if roles == "" {
			continue
		}
		fmt.Fprintf(&b, `
resource "ziti_service_policy" "dial%[2]d" {
  name           = "%[1]s-dial%[2]d"
  type           = "Dial"
  identity_roles = %[3]s
  service_roles  = ["@${ziti_service.s%[2]d.name}"]
}
`, m.prefix, i, roles)
	}
	return b.String()
}

type meshAgents [3]*acctest.Agent

func (m *meshAgents) enroll(t *testing.T) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for i := range m {
			jwt, err := acctest.JWTFromState(s, fmt.Sprintf("ziti_identity.a%d", i+1))
			if err != nil {
				return err
			}
			m[i] = acctest.NewAgent(t, jwt)
		}
		return nil
	}
}

// held is an open connection from agent a to service s. Once watched (watch), it can no
// longer exchange: the watcher reads everything.
type held struct {
	agent, service int
	conn           net.Conn
	closed         <-chan time.Time
	at             time.Time // when it was opened
}

func (h *held) watch() { h.closed = acctest.WatchClosed(h.conn) }

// waitClosed waits (bounded) for the watched connection to be closed by the overlay.
func (h *held) waitClosed(limit time.Duration) error {
	select {
	case <-h.closed:
		return nil
	case <-time.After(limit):
		return fmt.Errorf("a%d -> s%d is still open %s after the apply that revoked it", h.agent, h.service, limit)
	}
}

func openHeld(t *testing.T, a *acctest.Agent, agent, service int, name string) held {
	t.Helper()
	conn, err := a.EventuallyDial(func() (net.Conn, error) { return a.Dial(name) }, 15*time.Second)
	if err != nil {
		t.Fatalf("agent a%d cannot dial s%d: %v", agent, service, err)
	}
	want := fmt.Sprintf("s%d:a%d", service, agent)
	if got, err := acctest.Exchange(conn, fmt.Sprintf("a%d", agent)); err != nil || got != want {
		t.Fatalf("a%d -> s%d exchange: %q, %v (want %q)", agent, service, got, err, want)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return held{agent: agent, service: service, conn: conn}
}

func startMeshEchoes(t *testing.T) [3]int {
	var ports [3]int
	for i := range ports {
		ports[i] = acctest.StartEchoServer(t, fmt.Sprintf("s%d:", i+1)).Port
	}
	return ports
}

// (a) Three agents hold connections to three services (nine circuits). Taking s2 away from
// a2 alone cuts exactly the circuit a2 -> s2; the eight others stay up and keep exchanging.
func TestAccDataPlane_narrowingOneGrantCutsExactlyThatCircuit(t *testing.T) {
	m := startMesh(t, "ex", "")
	prefix := m.prefix
	var agents meshAgents
	var conns []held
	narrowed := `["@${ziti_identity.a1.id}", "@${ziti_identity.a3.name}"]` // by id and by name
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.granted(), Check: agents.enroll(t)},
			{
				PreConfig: func() {
					for a := 1; a <= 3; a++ {
						for s := 1; s <= 3; s++ {
							h := openHeld(t, agents[a-1], a, s, fmt.Sprintf("%s-s%d", prefix, s))
							if a == 2 && s == 2 {
								h.watch() // the one to be cut; the others are checked by exchanging
							}
							conns = append(conns, h)
						}
					}
					// The sweep skips its settle pass for services nothing hosts: the filter it
					// asks the fabric API's terminators with must find a hosted one.
					s2 := acctest.IDByName(t, client.Services, prefix+"-s2")
					if hosted, err := acctest.AdminClient(t).HasTerminators(context.Background(), fmt.Sprintf("service in [%q]", s2)); err != nil || !hosted {
						t.Fatalf("the terminators of hosted service s2 (%s) were not found: %v, %v", s2, hosted, err)
					}
				},
				Config: m.config(narrowed),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ziti_service_policy.dial2", tfjsonpath.New("revocation_pending"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					for _, h := range conns {
						if h.agent == 2 && h.service == 2 {
							if err := h.waitClosed(10 * time.Second); err != nil {
								return err
							}
							continue
						}
						want := fmt.Sprintf("s%d:still-a%d", h.service, h.agent)
						if got, err := acctest.Exchange(h.conn, fmt.Sprintf("still-a%d", h.agent)); err != nil || got != want {
							return fmt.Errorf("a%d -> s%d was cut or broken, but its grant did not change: %q, %v", h.agent, h.service, got, err)
						}
					}
					if c, err := agents[1].Dial(prefix + "-s2"); err == nil {
						c.Close()
						return fmt.Errorf("a2 can still dial s2")
					}
					return nil
				},
			},
		},
	})
}

// (b) Circuits opened while the revoking apply runs are cut too. The provider talks to the
// controller through a pass-through proxy that timestamps the sweep's circuit listings. The
// agent dials the service over and over from just before the apply until two dials after the
// test has seen the narrowed policy on the controller. Every connection whose dial completed
// before the sweep's last listing must be closed once the apply is done, and at least one of
// them must have been opened after the first listing (a circuit that was being set up while
// the first pass ran, which only a later pass can see).
//
// Measured on ziti v1.7.2: an agent that keeps dialing with the dial session it already holds
// gets new circuits for at least 25 s after its grant is removed (the controller does not
// refuse them), so a connection opened after the sweep's last listing can stay open; the test
// logs those (a controller limitation the docs describe) instead of asserting on them.
func TestAccDataPlane_circuitOpenedDuringTheRevokingApplyIsCut(t *testing.T) {
	proxy := acctest.StartFabricProxy(t)
	m := startMesh(t, "du", proxy.ProviderBlock())
	prefix := m.prefix
	admin := acctest.AdminClient(t)
	var agents meshAgents
	var (
		mu       sync.Mutex
		during   []held
		start    time.Time
		changed  time.Time
		policyID string
		before   int // circuit listings before the revoking apply
		stop     = make(chan struct{})
		done     = make(chan struct{})
	)
	narrowedRole := "#" + prefix + "-nobody"
	policyNarrowed := func() bool {
		p, err := client.ServicePolicies.Get(context.Background(), admin, policyID)
		return err == nil && len(p.IdentityRoles) == 1 && p.IdentityRoles[0] == narrowedRole
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: m.granted(), Check: resource.ComposeTestCheckFunc(agents.enroll(t),
				func(s *terraform.State) error {
					policyID = s.RootModule().Resources["ziti_service_policy.dial2"].Primary.ID
					return nil
				})},
			{
				PreConfig: func() {
					first := openHeld(t, agents[1], 2, 2, prefix+"-s2")
					first.watch()
					first.at = time.Now()
					start = first.at
					during = append(during, first)
					before = len(proxy.Listings())
					go func() {
						defer close(done)
						afterChange := 0
						for afterChange < 2 {
							select {
							case <-stop:
								return
							default:
							}
							if changed.IsZero() && policyNarrowed() {
								mu.Lock()
								changed = time.Now()
								mu.Unlock()
							}
							conn, err := agents[1].Ctx.Dial(prefix + "-s2")
							if err != nil {
								t.Logf("dial failed at +%s: %v", time.Since(start).Round(time.Millisecond), err)
								time.Sleep(20 * time.Millisecond)
								continue
							}
							mu.Lock()
							during = append(during, held{agent: 2, service: 2, conn: conn, closed: acctest.WatchClosed(conn), at: time.Now()})
							if !changed.IsZero() {
								afterChange++
							}
							mu.Unlock()
						}
					}()
				},
				Config: m.config(fmt.Sprintf(`[%q]`, narrowedRole)),
				Check: func(*terraform.State) error {
					close(stop)
					<-done
					mu.Lock()
					defer mu.Unlock()
					end := time.Now()
					listings := proxy.Listings()[before:]
					if len(listings) < 2 {
						return fmt.Errorf("the revoking apply listed the circuits %d time(s), want at least two passes", len(listings))
					}
					firstList, lastList := listings[0], listings[len(listings)-1]
					t.Logf("%d connection(s) opened from +0 to the end of the apply (+%s); policy seen narrowed at +%s; %d circuit listings from +%s to +%s",
						len(during), end.Sub(start).Round(time.Millisecond), changed.Sub(start).Round(time.Millisecond), len(listings),
						firstList.Sub(start).Round(time.Millisecond), lastList.Sub(start).Round(time.Millisecond))
					deadline := end.Add(10 * time.Second)
					var open []string
					betweenPasses := 0
					for i, h := range during {
						rel := func(at time.Time) string { return "+" + at.Sub(start).Round(time.Millisecond).String() }
						if h.at.After(lastList) {
							select {
							case at := <-h.closed:
								t.Logf("connection %d opened at %s (after the last listing), closed at %s", i+1, rel(h.at), rel(at))
							case <-time.After(2 * time.Second):
								t.Logf("connection %d opened at %s, after the sweep's last listing, is still open (the controller accepted a dial with a session issued before the change)", i+1, rel(h.at))
							}
							_ = h.conn.Close()
							continue
						}
						if h.at.After(firstList) {
							betweenPasses++
						}
						select {
						case at := <-h.closed:
							t.Logf("connection %d opened at %s, closed at %s", i+1, rel(h.at), rel(at))
						case <-time.After(time.Until(deadline)):
							open = append(open, fmt.Sprintf("%d (opened at %s)", i+1, rel(h.at)))
						}
						_ = h.conn.Close()
					}
					if len(open) > 0 {
						return fmt.Errorf("connections opened before the sweep's last listing are still open 10s after the apply: %s", strings.Join(open, ", "))
					}
					if betweenPasses == 0 {
						return fmt.Errorf("no connection was opened between the sweep's first and last listing: the window this test is about was not exercised")
					}
					return nil
				},
			},
		},
	})
}

// planChangesAttr asserts that the plan changes attr of addr from before to after.
type planChangesAttr struct {
	addr, attr    string
	before, after any
}

func (c planChangesAttr) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		if !rc.Change.Actions.Update() {
			resp.Error = fmt.Errorf("%s: planned %v, want update", c.addr, rc.Change.Actions)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if before[c.attr] != c.before || after[c.attr] != c.after {
			resp.Error = fmt.Errorf("%s.%s planned %v -> %v, want %v -> %v", c.addr, c.attr, before[c.attr], after[c.attr], c.before, c.after)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

// (c) With the fabric API failing (a proxy answers 503 to /fabric/), the apply that narrows the
// grant fails with an error naming what was not swept, the connection stays open, the next
// plan shows the pending sweep (revocation_pending true -> false), and once the fabric API
// answers again the next apply cuts the connection and leaves an empty plan.
func TestAccDataPlane_failedSweepIsRetriedByTheNextApply(t *testing.T) {
	proxy := acctest.StartFabricProxy(t)
	m := startMesh(t, "fp", proxy.ProviderBlock())
	prefix := m.prefix
	granted, narrowed := m.granted(), m.config(`["@${ziti_identity.a1.name}"]`)
	var agents meshAgents
	var cut, kept held
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: granted, Check: agents.enroll(t)},
			{
				PreConfig: func() {
					cut = openHeld(t, agents[1], 2, 2, prefix+"-s2")
					kept = openHeld(t, agents[0], 1, 2, prefix+"-s2")
					proxy.FailFabric(true)
				},
				Config: narrowed,
				ExpectError: words(`Revocation pending`, `could not be listed, so none were checked (not swept: circuits of identities [#`+prefix+`-agents] to services [@`+prefix+`-s2])`,
					`GET /fabric/v1/circuits`, `HTTP 503`, `revocation_pending = true`),
			},
			{
				// The grant is narrowed (new dials are refused), the connection is still up, and
				// the plan, made while the fabric API still fails, shows the pending sweep.
				PreConfig: func() {
					if got, err := acctest.Exchange(cut.conn, "pending"); err != nil || got != "s2:pending" {
						t.Fatalf("the connection should still be open while the sweep is pending: %q, %v", got, err)
					}
					cut.watch()
				},
				Config:             narrowed,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { proxy.FailFabric(false) },
				Config:    narrowed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planChangesAttr{addr: "ziti_service_policy.dial2", attr: "revocation_pending", before: true, after: false},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ziti_service_policy.dial2", tfjsonpath.New("revocation_pending"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error {
					if err := cut.waitClosed(10 * time.Second); err != nil {
						return err
					}
					if got, err := acctest.Exchange(kept.conn, "kept"); err != nil || got != "s2:kept" {
						return fmt.Errorf("a1 -> s2 (still granted) was cut: %q, %v", got, err)
					}
					return nil
				},
			},
		},
	})
}

// words matches the phrases in order, with any white space (diagnostics are wrapped) between
// their words.
func words(phrases ...string) *regexp.Regexp {
	parts := make([]string, 0, len(phrases))
	for _, p := range phrases {
		fields := strings.Fields(p)
		for i, f := range fields {
			fields[i] = regexp.QuoteMeta(f)
		}
		parts = append(parts, strings.Join(fields, `\s+`))
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// (d) The same after a delete: deleting the Dial policy while the fabric API fails is reported
// as failed and keeps the policy in the state with revocation_pending = true; a refresh while
// the fabric API still fails says the revocation is still pending; once it answers, the
// refresh that finds the policy gone sweeps, cuts the connection and forgets the policy.
func TestAccDataPlane_failedSweepAfterDeleteIsRetriedByTheNextRefresh(t *testing.T) {
	proxy := acctest.StartFabricProxy(t)
	m := startMesh(t, "fd", proxy.ProviderBlock())
	prefix := m.prefix
	granted, without := m.granted(), m.config("")
	var agents meshAgents
	var cut held
	resource.Test(t, resource.TestCase{
		PreCheck:                 acctest.PreCheck(t),
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: granted, Check: agents.enroll(t)},
			{
				PreConfig: func() {
					cut = openHeld(t, agents[1], 2, 2, prefix+"-s2")
					proxy.FailFabric(true)
				},
				Config:      without,
				ExpectError: words(`Revocation pending`, `(deleted) was applied`, `not swept`),
			},
			{
				// A refresh while the fabric API still fails: still pending, the policy is kept.
				RefreshState: true,
				ExpectError:  words(`Revocation pending`, `(deleted) was applied`, `HTTP 503`),
			},
			{
				PreConfig: func() {
					if got, err := acctest.Exchange(cut.conn, "pending"); err != nil || got != "s2:pending" {
						t.Fatalf("the connection should still be open while the sweep is pending: %q, %v", got, err)
					}
					cut.watch()
					proxy.FailFabric(false)
				},
				Config: without,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources["ziti_service_policy.dial2"]; ok {
						return fmt.Errorf("the deleted policy is still in the state")
					}
					return cut.waitClosed(10 * time.Second)
				},
			},
		},
	})
}
