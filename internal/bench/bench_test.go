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
	"strconv"
	"strings"
	"sync"
	"testing"
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

func copies() int {
	if n, err := strconv.Atoi(os.Getenv("ZITI_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 100
}

const config = `terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}
provider "ziti" {}

variable "n" { type = number }
variable "prefix" { type = string }

resource "ziti_identity" "agent" {
  count           = var.n
  name            = "${var.prefix}-agent-${count.index}"
  role_attributes = ["${var.prefix}-agents"]
}

resource "ziti_intercept_v1_config" "dial" {
  count       = var.n
  name        = "${var.prefix}-intercept-${count.index}"
  protocols   = ["tcp"]
  addresses   = ["svc-${count.index}.${var.prefix}.ziti"]
  port_ranges = [{ low = 443, high = 443 }]
}

resource "ziti_host_v1_config" "host" {
  count    = var.n
  name     = "${var.prefix}-host-${count.index}"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = 8443
}

resource "ziti_service" "svc" {
  count   = var.n
  name    = "${var.prefix}-svc-${count.index}"
  configs = [ziti_intercept_v1_config.dial[count.index].id, ziti_host_v1_config.host[count.index].id]
}

resource "ziti_service_policy" "dial" {
  count          = var.n
  name           = "${var.prefix}-dial-${count.index}"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.agent[count.index].name}"]
  service_roles  = ["@${ziti_service.svc[count.index].name}"]
}

resource "ziti_service_policy" "bind" {
  count          = var.n
  name           = "${var.prefix}-bind-${count.index}"
  type           = "Bind"
  identity_roles = ["#${var.prefix}-hosts"]
  service_roles  = ["@${ziti_service.svc[count.index].id}"]
}
`

type tofu struct {
	t       testing.TB
	dir     string
	env     []string
	logPath string
}

// run runs one tofu command and returns its wall time, the API sessions it opened, and the
// API requests the provider logged.
func (tf *tofu) run(args ...string) (time.Duration, int64, int) {
	tf.t.Helper()
	_ = os.Remove(tf.logPath)
	before := acctest.CountAPISessions(tf.t)
	cmd := exec.Command(acctest.TofuBinary(tf.t), args...)
	cmd.Dir = tf.dir
	cmd.Env = tf.env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		tf.t.Fatalf("tofu %s: %v\n%s", strings.Join(args, " "), err, tail(out))
	}
	return elapsed, acctest.CountAPISessions(tf.t) - before, countRequests(tf.t, tf.logPath)
}

func tail(b []byte) string {
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// countRequests counts the provider's per-request debug log lines.
func countRequests(t testing.TB, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("provider log: %v", err)
	}
	defer f.Close()
	n := 0
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<24)
	for s.Scan() {
		if strings.Contains(s.Text(), "ziti api request") && !strings.Contains(s.Text(), "will be retried") {
			n++
		}
	}
	return n
}

func BenchmarkProviderVsDirect(b *testing.B) {
	acctest.Shared(b)
	n := copies()
	work := b.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		b.Fatal(err)
	}
	prefix := acctest.Name("bench")
	tf := &tofu{t: b, dir: work, logPath: filepath.Join(work, "provider.log")}
	tf.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+acctest.DevOverridesConfig(b, acctest.ProviderBinaryDir(b)),
		"TF_IN_AUTOMATION=1", "TF_LOG_PROVIDER=DEBUG", "TF_LOG_PATH="+tf.logPath,
		"TF_VAR_n="+strconv.Itoa(n), "TF_VAR_prefix="+prefix)

	for i := 0; i < b.N; i++ {
		apply, applySessions, _ := tf.run("apply", "-auto-approve", "-input=false", "-no-color")
		plan, planSessions, planRequests := tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode")
		planNoRefresh, _, _ := tf.run("plan", "-refresh=false", "-input=false", "-no-color", "-detailed-exitcode")
		destroy, destroySessions, _ := tf.run("destroy", "-auto-approve", "-input=false", "-no-color")

		direct := measureDirect(b, n, prefix+"-direct")

		resources := float64(n * entitiesPerCopy)
		b.Logf("copies=%d entities=%d", n, int(resources))
		b.Logf("tofu apply %.2fs, plan (no change) %.2fs, plan -refresh=false %.2fs, destroy %.2fs", apply.Seconds(), plan.Seconds(), planNoRefresh.Seconds(), destroy.Seconds())
		b.Logf("direct REST: creates %.2fs, reads %.2fs, deletes %.2fs", direct.create.Seconds(), direct.read.Seconds(), direct.delete.Seconds())
		b.Logf("apply / (direct creates + no-refresh plan) = %.2f (target <= 1.5)", apply.Seconds()/(direct.create+planNoRefresh).Seconds())
		b.Logf("plan / (no-refresh plan + 2 x direct reads) = %.2f (target <= 1.0)", plan.Seconds()/(planNoRefresh+2*direct.read).Seconds())
		b.Logf("destroy / direct deletes = %.2f", destroy.Seconds()/direct.delete.Seconds())
		b.Logf("API sessions per command: apply %d, plan %d, destroy %d (target 1)", applySessions, planSessions, destroySessions)
		b.Logf("API requests in one no-change plan: %d for %d resources = %.2f per resource (target 1)", planRequests, int(resources), float64(planRequests)/resources)

		b.ReportMetric(apply.Seconds()/(direct.create+planNoRefresh).Seconds(), "apply-ratio")
		b.ReportMetric(plan.Seconds()/(planNoRefresh+2*direct.read).Seconds(), "plan-ratio")
		b.ReportMetric(float64(planRequests)/resources, "plan-requests/resource")
		b.ReportMetric(float64(planSessions), "sessions/plan")
	}
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
