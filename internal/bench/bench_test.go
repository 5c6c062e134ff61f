// Package bench measures the provider against direct REST calls on the harness controller:
// `make bench` (ZITI_BENCH=1). Figures are reported, never asserted: these machines are
// shared and noisy, so a timed assertion would only make tests flaky.
package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// TestMain starts a controller only for `make bench`: the package has no tests, and `make
// test` should not pay for a controller it does not use.
func TestMain(m *testing.M) {
	if os.Getenv("ZITI_BENCH") == "" {
		os.Exit(m.Run())
	}
	os.Exit(acctest.Run(m))
}

// entitiesPerCopy is what one copy of the benchmark configuration creates: identity,
// intercept.v1 config, host.v1 config, service, Dial policy, Bind policy.
const entitiesPerCopy = 6

// copyTemplate is one copy's resources, written once for every shape the benchmark applies:
// {{.Count}} is the per-resource count argument (empty inside a module), {{.I}} the copy's
// index and {{.At}} how one resource refers to another of the same copy.
const copyTemplate = `
resource "ziti_identity" "agent" {
  {{.Count}}
  name            = "${var.prefix}-agent-${ {{- .I -}} }"
  role_attributes = ["${var.prefix}-agents"]
}

resource "ziti_intercept_v1_config" "dial" {
  {{.Count}}
  name        = "${var.prefix}-intercept-${ {{- .I -}} }"
  protocols   = ["tcp"]
  addresses   = ["svc-${ {{- .I -}} }.${var.prefix}.ziti"]
  port_ranges = [{ low = 443, high = 443 }]
}

resource "ziti_host_v1_config" "host" {
  {{.Count}}
  name     = "${var.prefix}-host-${ {{- .I -}} }"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = 8443
}

resource "ziti_service" "svc" {
  {{.Count}}
  name    = "${var.prefix}-svc-${ {{- .I -}} }"
  configs = [ziti_intercept_v1_config.dial{{.At}}.id, ziti_host_v1_config.host{{.At}}.id]
}

resource "ziti_service_policy" "dial" {
  {{.Count}}
  name           = "${var.prefix}-dial-${ {{- .I -}} }"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.agent{{.At}}.name}"]
  service_roles  = ["@${ziti_service.svc{{.At}}.name}"]
}

resource "ziti_service_policy" "bind" {
  {{.Count}}
  name           = "${var.prefix}-bind-${ {{- .I -}} }"
  type           = "Bind"
  identity_roles = ["#${var.prefix}-hosts"]
  service_roles  = ["@${ziti_service.svc{{.At}}.id}"]
}
`

const providerRequirement = `terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}
`

// shape is one way to write n copies: the files of a root module (path -> content).
type shape struct {
	name    string
	files   func() map[string]string
	modules bool // has local modules, which tofu installs (tofu get) before the first plan
}

// renderCopy writes copyTemplate for one shape.
func renderCopy(count, index, at string) string {
	var out strings.Builder
	tmpl := template.Must(template.New("copy").Parse(copyTemplate))
	if err := tmpl.Execute(&out, struct{ Count, I, At string }{count, index, at}); err != nil {
		panic(err) // the template is a constant: a failure is a bug here
	}
	return out.String()
}

const rootVariables = `
variable "n" { type = number }
variable "prefix" { type = string }
`

// countShape is the configuration: one block per kind with count = var.n, and each
// copy's resources refer to each other by [count.index].
var countShape = shape{name: "count per resource", files: func() map[string]string {
	return map[string]string{"main.tf": providerRequirement + `provider "ziti" {}` + rootVariables +
		renderCopy("count = var.n", "count.index", "[count.index]")}
}}

// moduleShape writes one module instance per copy (module "copy" { count = var.n }): the
// same resources and references, but each reference names a resource with one instance.
var moduleShape = shape{name: "module per copy", modules: true, files: func() map[string]string {
	return map[string]string{
		"main.tf": providerRequirement + `provider "ziti" {}` + rootVariables + `
module "copy" {
  source = "./copy"
  count  = var.n
  index  = count.index
  prefix = var.prefix
}
`,
		"copy/main.tf": providerRequirement + `
variable "index" { type = number }
variable "prefix" { type = string }
` + renderCopy("", "var.index", ""),
	}
}}

// ratioShape is the layout BenchmarkProviderVsDirect measures: ZITI_BENCH_SHAPE, "count"
// (the issue's, by default) or "module" (the scale guide's).
func ratioShape(b testing.TB) shape {
	switch os.Getenv("ZITI_BENCH_SHAPE") {
	case "", "count":
		return countShape
	case "module":
		return moduleShape
	default:
		b.Fatalf("ZITI_BENCH_SHAPE=%q: want count or module", os.Getenv("ZITI_BENCH_SHAPE"))
		return shape{}
	}
}

// workspace writes n copies of a shape into a new directory and returns the tofu that
// runs there against the benchmark's provider build.
func workspace(b *testing.B, sh shape, n int, prefix string) *tofu {
	work := b.TempDir()
	for path, content := range sh.files() {
		full := filepath.Join(work, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	providerDir := os.Getenv("ZITI_BENCH_PROVIDER_DIR") // another build to compare, e.g. main's
	if providerDir == "" {
		providerDir = acctest.ProviderBinaryDir(b)
	}
	tf := &tofu{t: b, dir: work, countPath: filepath.Join(work, "requests.log")}
	tf.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+acctest.DevOverridesConfig(b, providerDir),
		"TF_IN_AUTOMATION=1", client.EnvRequestCountFile+"="+tf.countPath,
		"TF_VAR_n="+strconv.Itoa(n), "TF_VAR_prefix="+prefix)
	if sh.modules {
		tf.run("get", "get", "-no-color") // installs local modules without looking up providers
	}
	return tf
}

// levels are the copy counts measured in one run: ZITI_BENCH_N, a comma-separated list
// ("10" for a quick run), by default 100 and 1,000 copies.
func levels(b testing.TB) []int { return copyCounts(b, "ZITI_BENCH_N", "100,1000") }

// copyCounts parses a comma-separated list of copy counts from env, or its default.
func copyCounts(b testing.TB, env, defaults string) []int {
	raw := os.Getenv(env)
	if raw == "" {
		raw = defaults
	}
	var out []int
	for _, f := range strings.Split(raw, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a comma-separated list of positive copy counts", env, raw)
		}
		out = append(out, n)
	}
	return out
}

type tofu struct {
	t         testing.TB
	dir       string
	env       []string
	countPath string
}

// phase is one tofu command: its wall time and the requests its provider processes sent.
type phase struct {
	name     string
	elapsed  time.Duration
	requests requestCounts
}

// run runs one tofu command and returns its wall time and the provider's requests.
func (tf *tofu) run(name string, args ...string) phase {
	tf.t.Helper()
	_ = os.Remove(tf.countPath)
	cmd := exec.Command(acctest.TofuBinary(tf.t), args...)
	cmd.Dir = tf.dir
	cmd.Env = tf.env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		tf.t.Fatalf("tofu %s: %v\n%s", strings.Join(args, " "), err, tail(out))
	}
	return phase{name: name, elapsed: elapsed, requests: readCounts(tf.t, tf.countPath)}
}

func (tf *tofu) apply() phase {
	return tf.run("apply", "apply", "-auto-approve", "-input=false", "-no-color")
}

// plan is a no-change plan: -detailed-exitcode makes a planned change fail the benchmark.
func (tf *tofu) plan() phase {
	return tf.run("plan", "plan", "-input=false", "-no-color", "-detailed-exitcode")
}

func (tf *tofu) destroy() phase {
	return tf.run("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// requestCounts is what the provider's request accounting (client.EnvRequestCountFile)
// recorded during one command.
type requestCounts struct {
	total     int
	logins    int            // POST /authenticate: API sessions opened
	processes int            // provider processes that sent anything
	byKind    map[string]int // "GET /identities/{id}" -> attempts
}

// readCounts parses the accounting file: "<pid> <method> <pattern> <status>" per attempt.
func readCounts(t testing.TB, path string) requestCounts {
	c := requestCounts{byKind: map[string]int{}}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return c // no request at all
	}
	if err != nil {
		t.Fatalf("request accounting: %v", err)
	}
	defer f.Close()
	pids := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) != 4 {
			t.Fatalf("request accounting: unexpected line %q", s.Text())
		}
		pids[fields[0]] = true
		kind := fields[1] + " " + fields[2]
		c.total++
		c.byKind[kind]++
		if kind == "POST /authenticate" {
			c.logins++
		}
	}
	c.processes = len(pids)
	return c
}

// perResource is the requests per resource, without the session's own (log in, log out):
// what "requests per resource" means in the targets.
func (c requestCounts) perResource(resources int) float64 {
	own := c.logins + c.byKind["DELETE /current-api-session"]
	return float64(c.total-own) / float64(resources)
}

func (c requestCounts) String() string {
	kinds := make([]string, 0, len(c.byKind))
	for k := range c.byKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s x%d", k, c.byKind[k])
	}
	return strings.Join(parts, ", ")
}

// level is everything measured at one copy count.
type level struct {
	copies                              int
	apply, plan, planNoRefresh, destroy phase
	direct                              directTimes
	applyRatio, planRatio, destroyRatio float64
}

func (l level) resources() int { return l.copies * entitiesPerCopy }

// measure applies, plans (with and without refresh) and destroys n copies with tofu, then
// makes, reads and deletes the same entities directly, and computes the ratios the issue
// defines: each command against the direct requests it needs plus the CLI's own time
// (plan -refresh=false: the graph walk, diffing and state handling without any request):
//
//	apply   / (direct creates + direct reads + plan -refresh=false)
//	plan    / (plan -refresh=false + direct reads)
//	destroy / (direct deletes + no-change plan)   (a destroy refreshes and plans first)
func measure(b *testing.B, n int) level {
	prefix := acctest.Name("bench")
	tf := workspace(b, ratioShape(b), n, prefix)

	l := level{copies: n}
	l.apply = tf.apply()
	l.plan = tf.plan()
	l.planNoRefresh = tf.run("plan -refresh=false", "plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode")
	l.destroy = tf.destroy()
	l.direct = measureDirect(b, n, prefix+"-direct")

	d := l.direct
	l.applyRatio = l.apply.elapsed.Seconds() / (d.create + d.read + l.planNoRefresh.elapsed).Seconds()
	l.planRatio = l.plan.elapsed.Seconds() / (l.planNoRefresh.elapsed + d.read).Seconds()
	l.destroyRatio = l.destroy.elapsed.Seconds() / (d.delete + l.plan.elapsed).Seconds()
	return l
}

// logf reports a figure at once on stdout (a level of 1,000 copies takes long; the
// benchmark's own log only shows at its end) and in the benchmark's log.
func logf(b *testing.B, format string, args ...any) {
	b.Helper()
	fmt.Printf("bench: "+format+"\n", args...)
	b.Logf(format, args...)
}

func (l level) report(b *testing.B) {
	r := l.resources()
	logf(b, "=== %d copies, %d resources, %s", l.copies, r, ratioShape(b).name)
	logf(b, "tofu: apply %.2fs, plan (no change) %.2fs, plan -refresh=false %.2fs, destroy %.2fs",
		l.apply.elapsed.Seconds(), l.plan.elapsed.Seconds(), l.planNoRefresh.elapsed.Seconds(), l.destroy.elapsed.Seconds())
	logf(b, "direct REST: creates %.2fs (one at a time), reads %.2fs (10 in parallel), deletes %.2fs (one at a time)",
		l.direct.create.Seconds(), l.direct.read.Seconds(), l.direct.delete.Seconds())
	logf(b, "apply   / (direct creates + direct reads + plan -refresh=false) = %.2f (target <= 1.25)", l.applyRatio)
	logf(b, "plan    / (plan -refresh=false + direct reads)                 = %.2f (target <= 1.10)", l.planRatio)
	logf(b, "destroy / (direct deletes + no-change plan)                    = %.2f (target <= 1.25)", l.destroyRatio)
	logf(b, "CLI's own share: plan -refresh=false is %.0f%% of the no-change plan and %.0f%% of the apply",
		100*l.planNoRefresh.elapsed.Seconds()/l.plan.elapsed.Seconds(), 100*l.planNoRefresh.elapsed.Seconds()/l.apply.elapsed.Seconds())
	for _, p := range []phase{l.apply, l.plan, l.planNoRefresh, l.destroy} {
		logf(b, "requests in %-19s %6d = %.2f per resource (+%d logins in %d provider processes; target 1 login per process): %s",
			p.name+":", p.requests.total, p.requests.perResource(r), p.requests.logins, p.requests.processes, p.requests)
	}
}

// growth reports how each figure grows from one level to the next: time per resource and
// ratios (1.00 = the same at both levels).
func growth(b *testing.B, from, to level) {
	per := func(d time.Duration, l level) float64 { return d.Seconds() / float64(l.resources()) }
	logf(b, "=== growth from %d to %d copies (x%.0f resources): time per resource, and ratio against ratio",
		from.copies, to.copies, float64(to.resources())/float64(from.resources()))
	for _, f := range []struct {
		name     string
		from, to time.Duration
	}{
		{"apply", from.apply.elapsed, to.apply.elapsed}, {"no-change plan", from.plan.elapsed, to.plan.elapsed},
		{"plan -refresh=false", from.planNoRefresh.elapsed, to.planNoRefresh.elapsed}, {"destroy", from.destroy.elapsed, to.destroy.elapsed},
		{"direct creates", from.direct.create, to.direct.create}, {"direct reads", from.direct.read, to.direct.read},
		{"direct deletes", from.direct.delete, to.direct.delete},
	} {
		a, z := per(f.from, from), per(f.to, to)
		logf(b, "%-20s %7.2f ms -> %7.2f ms per resource (x%.2f)", f.name, 1000*a, 1000*z, z/a)
	}
	logf(b, "apply ratio   %.2f -> %.2f (x%.2f)", from.applyRatio, to.applyRatio, to.applyRatio/from.applyRatio)
	logf(b, "plan ratio    %.2f -> %.2f (x%.2f)", from.planRatio, to.planRatio, to.planRatio/from.planRatio)
	logf(b, "destroy ratio %.2f -> %.2f (x%.2f)", from.destroyRatio, to.destroyRatio, to.destroyRatio/from.destroyRatio)
	for _, p := range [][2]phase{{from.apply, to.apply}, {from.plan, to.plan}, {from.destroy, to.destroy}} {
		logf(b, "requests per resource in %s: %.2f -> %.2f", p[0].name, p[0].requests.perResource(from.resources()), p[1].requests.perResource(to.resources()))
	}
}

// BenchmarkProviderVsDirect measures every level of ZITI_BENCH_N in one run and reports
// the ratios, the request counts and their growth. The machines these run on are shared:
// compare ratios from one run, not seconds across runs.
func BenchmarkProviderVsDirect(b *testing.B) {
	acctest.Shared(b)
	for i := 0; i < b.N; i++ {
		var all []level
		for _, n := range levels(b) {
			l := measure(b, n)
			l.report(b)
			all = append(all, l)
			suffix := "@" + strconv.Itoa(n)
			b.ReportMetric(l.applyRatio, "apply-ratio"+suffix)
			b.ReportMetric(l.planRatio, "plan-ratio"+suffix)
			b.ReportMetric(l.destroyRatio, "destroy-ratio"+suffix)
			b.ReportMetric(l.plan.requests.perResource(l.resources()), "plan-requests/resource"+suffix)
			b.ReportMetric(l.apply.requests.perResource(l.resources()), "apply-requests/resource"+suffix)
			b.ReportMetric(l.destroy.requests.perResource(l.resources()), "destroy-requests/resource"+suffix)
		}
		for j := 1; j < len(all); j++ {
			growth(b, all[j-1], all[j])
		}
	}
}

// BenchmarkScale measures what docs/guides/scale.md proposes for thousands of agents: at
// each level of ZITI_BENCH_SCALE_N (default 200 copies), the same copies written as count
// per resource in one state (the configuration), as one module instance per copy in
// one state, and as count per resource split into states of ZITI_BENCH_SPLIT copies (default
// 50). The split states are applied one after the other, all of them before any is planned
// or destroyed, so the controller holds every copy as it would for a user.
func BenchmarkScale(b *testing.B) {
	acctest.Shared(b)
	split := copyCounts(b, "ZITI_BENCH_SPLIT", "50")[0]
	for i := 0; i < b.N; i++ {
		for _, n := range copyCounts(b, "ZITI_BENCH_SCALE_N", "200") {
			resources := n * entitiesPerCopy
			logf(b, "=== scale: %d copies, %d resources, one run", n, resources)
			report := func(name string, c cycle) {
				ms := func(d time.Duration) float64 { return 1000 * d.Seconds() / float64(resources) }
				logf(b, "%-48s apply %7.2fs  plan %6.2fs  destroy %7.2fs  (per resource: %.1f / %.1f / %.1f ms)",
					name+":", c.apply.Seconds(), c.plan.Seconds(), c.destroy.Seconds(), ms(c.apply), ms(c.plan), ms(c.destroy))
			}
			prefix := acctest.Name("scale")
			one := cycleOf([]*tofu{workspace(b, countShape, n, prefix+"-count")})
			report("count per resource, one state", one)
			modules := cycleOf([]*tofu{workspace(b, moduleShape, n, prefix+"-module")})
			report("module per copy, one state", modules)
			var parts []*tofu
			for first := 0; first < n; first += split {
				parts = append(parts, workspace(b, countShape, min(split, n-first), fmt.Sprintf("%s-split%d", prefix, first)))
			}
			splitStates := cycleOf(parts)
			report(fmt.Sprintf("count per resource, %d states of <= %d copies", len(parts), split), splitStates)
			suffix := "@" + strconv.Itoa(n)
			b.ReportMetric(one.apply.Seconds()/modules.apply.Seconds(), "apply-one-state/module"+suffix)
			b.ReportMetric(one.apply.Seconds()/splitStates.apply.Seconds(), "apply-one-state/split"+suffix)
			b.ReportMetric(one.destroy.Seconds()/splitStates.destroy.Seconds(), "destroy-one-state/split"+suffix)
		}
	}
}

// cycle is the wall time of apply, no-change plan and destroy, summed over states.
type cycle struct{ apply, plan, destroy time.Duration }

// cycleOf applies every state, then plans every state, then destroys every state.
func cycleOf(states []*tofu) cycle {
	var c cycle
	for _, tf := range states {
		c.apply += tf.apply().elapsed
	}
	for _, tf := range states {
		c.plan += tf.plan().elapsed
	}
	for _, tf := range states {
		c.destroy += tf.destroy().elapsed
	}
	return c
}

type directTimes struct{ create, read, delete time.Duration }

// measureDirect makes the same entities with direct REST calls, one at a time in dependency
// order, then reads and deletes them: the floor a provider is compared against.
func measureDirect(b *testing.B, n int, prefix string) directTimes {
	ctx := context.Background()
	c := acctest.AdminClient(b)
	must := func(id string, err error) string {
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	interceptType := acctest.IDByName(b, client.ConfigTypes, "intercept.v1")
	hostType := acctest.IDByName(b, client.ConfigTypes, "host.v1")

	type ids struct{ identity, intercept, host, service, dial, bind string }
	all := make([]ids, n)
	var times directTimes
	start := time.Now()
	for i := range all {
		name := fmt.Sprintf("%s-%d", prefix, i)
		typ, no := rest_model.IdentityTypeDefault, false
		attrs := rest_model.Attributes{prefix + "-agents"}
		all[i].identity = must(client.Identities.Create(ctx, c, &rest_model.IdentityCreate{Name: ptr(name + "-agent"), Type: &typ, IsAdmin: &no, RoleAttributes: &attrs,
			Enrollment: &rest_model.IdentityCreateEnrollment{Ott: true}}))
		all[i].intercept = must(client.Configs.Create(ctx, c, &rest_model.ConfigCreate{Name: ptr(name + "-intercept"), ConfigTypeID: &interceptType,
			Data: map[string]any{"protocols": []string{"tcp"}, "addresses": []string{name + ".ziti"}, "portRanges": []map[string]int{{"low": 443, "high": 443}}}}))
		all[i].host = must(client.Configs.Create(ctx, c, &rest_model.ConfigCreate{Name: ptr(name + "-host"), ConfigTypeID: &hostType,
			Data: map[string]any{"protocol": "tcp", "address": "127.0.0.1", "port": 8443}}))
		yes := true
		all[i].service = must(client.Services.Create(ctx, c, &rest_model.ServiceCreate{Name: ptr(name + "-svc"), EncryptionRequired: &yes,
			Configs: []string{all[i].intercept, all[i].host}}))
		for _, p := range []struct {
			typ rest_model.DialBind
			out *string
		}{{rest_model.DialBindDial, &all[i].dial}, {rest_model.DialBindBind, &all[i].bind}} {
			sem := rest_model.SemanticAnyOf
			*p.out = must(client.ServicePolicies.Create(ctx, c, &rest_model.ServicePolicyCreate{Name: ptr(name + "-" + string(p.typ)), Type: &p.typ, Semantic: &sem,
				IdentityRoles: rest_model.Roles{"@" + all[i].identity}, ServiceRoles: rest_model.Roles{"@" + all[i].service}}))
		}
	}
	times.create = time.Since(start)

	// Reads with the parallelism tofu uses (10), as a refresh does.
	start = time.Now()
	parallel(10, n, func(i int) error {
		for _, get := range []func() error{
			func() error { _, err := client.Identities.Get(ctx, c, all[i].identity); return err },
			func() error { _, err := client.Configs.Get(ctx, c, all[i].intercept); return err },
			func() error { _, err := client.Configs.Get(ctx, c, all[i].host); return err },
			func() error { _, err := client.Services.Get(ctx, c, all[i].service); return err },
			func() error { _, err := client.ServicePolicies.Get(ctx, c, all[i].dial); return err },
			func() error { _, err := client.ServicePolicies.Get(ctx, c, all[i].bind); return err },
		} {
			if err := get(); err != nil {
				return err
			}
		}
		return nil
	}, b)
	times.read = time.Since(start)

	start = time.Now()
	for _, e := range all {
		for _, del := range []error{
			client.ServicePolicies.Delete(ctx, c, e.dial), client.ServicePolicies.Delete(ctx, c, e.bind),
			client.Services.Delete(ctx, c, e.service), client.Configs.Delete(ctx, c, e.intercept),
			client.Configs.Delete(ctx, c, e.host), client.Identities.Delete(ctx, c, e.identity),
		} {
			if del != nil {
				b.Fatal(del)
			}
		}
	}
	times.delete = time.Since(start)
	return times
}

func parallel(workers, n int, f func(int) error, b *testing.B) {
	var wg sync.WaitGroup
	next := make(chan int)
	var once sync.Once
	var firstErr error
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					once.Do(func() { firstErr = err })
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
}

func ptr[T any](v T) *T { return &v }
