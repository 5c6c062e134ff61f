package modules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// The modules are applied with tofu itself, as a user applies them (a root configuration
// calling the module by its local path, the provider binary through dev_overrides), not with
// terraform-plugin-testing: its `init` runs before a Config string's module exists ("Module not
// installed"), and its state shim refuses child modules ("Modules are not supported") and
// for_each instances ("for_each is not supported"), even for its post-test destroy. tofu also
// shows what the user sees: the check blocks' warnings.

var (
	jwtPattern = regexp.MustCompile(`^eyJ[\w-]+\.[\w-]+\.[\w-]+$`)
	idPattern  = regexp.MustCompile(`^[\w.-]{6,}$`)
)

// checkAccess asserts through the admin API what each identity of ids may dial and bind
// (service names, sorted).
func checkAccess(t *testing.T, ids map[string]string, wantDial, wantBind func(key string) []string) {
	t.Helper()
	for key, id := range ids {
		if got, want := dialable(t, id, "dial"), wantDial(key); !same(got, want) {
			t.Errorf("identity %s (%s) may dial %v, want %v", key, id, got, want)
		}
		if got, want := dialable(t, id, "bind"), wantBind(key); !same(got, want) {
			t.Errorf("identity %s (%s) may bind %v, want %v", key, id, got, want)
		}
	}
}

// checkMembers asserts through the admin API who may dial and bind each service of ids
// (identity names, sorted).
func checkMembers(t *testing.T, ids map[string]string, wantDial, wantBind func(key string) []string) {
	t.Helper()
	for key, id := range ids {
		if got, want := members(t, id, "dial"), wantDial(key); !same(got, want) {
			t.Errorf("service %s (%s) may be dialed by %v, want %v", key, id, got, want)
		}
		if got, want := members(t, id, "bind"), wantBind(key); !same(got, want) {
			t.Errorf("service %s (%s) may be bound by %v, want %v", key, id, got, want)
		}
	}
}

func constant(v ...string) func(string) []string {
	return func(string) []string { return sorted(v...) }
}

// checkIDs asserts that every value is a controller id and the keys are exactly keys.
func checkIDs(t *testing.T, what string, m map[string]string, pattern *regexp.Regexp, keys ...string) {
	t.Helper()
	if len(m) != len(keys) {
		t.Errorf("%s has %d entries %v, want keys %v", what, len(m), m, keys)
	}
	for _, k := range keys {
		if !pattern.MatchString(m[k]) {
			t.Errorf("%s[%q] = %q, want a match of %s", what, k, m[k], pattern)
		}
	}
}

// The agent sandbox with its defaults (the three platform services, api.openai.com:443):
// every agent dials exactly the platform services and its egress destination, hosts nothing;
// the services are dialed by the agents only and hosted by host_roles. Narrowing (one agent
// fewer, no egress) takes exactly that away, and the promises still hold.
func TestAccModuleAgentSandbox(t *testing.T) {
	prefix := acctest.Name("sb")
	router := acctest.Shared(t).RouterName
	planner, coder := prefix+"-planner", prefix+"-coder"
	platform := []string{prefix + "-gateway.ziti", prefix + "-llm-proxy.ziti", prefix + "-tracing.ziti"}
	egress := prefix + "-egress-tcp-api.openai.com"
	inputs := func(agents, extra string) string {
		return fmt.Sprintf(`  name                = %[1]q
  agents              = %[2]s
  host_roles          = ["@%[3]s"]
  service_name_prefix = "%[1]s-"
%[4]s`, prefix, agents, router, extra)
	}
	u := newUser(t, "agent-sandbox")

	u.apply(inputs(fmt.Sprintf("[%q, %q]", planner, coder), ""))
	if got := u.outputMap("service_names"); !same(sortedValues(got), sorted(platform...)) || got["llm-proxy.ziti"] != platform[1] {
		t.Errorf("service_names = %v, want the three platform services by dialed address", got)
	}
	agents := u.outputMap("agent_ids")
	checkIDs(t, "agent_ids", agents, idPattern, planner, coder)
	checkIDs(t, "enrollment_jwts", u.outputMap("enrollment_jwts"), jwtPattern, planner, coder)
	if got := u.outputString("agent_role_attribute"); got != prefix+"-agents" {
		t.Errorf("agent_role_attribute = %q", got)
	}
	checkAccess(t, agents, constant(append(platform, egress)...), constant())
	checkMembers(t, u.outputMap("service_ids"), constant(planner, coder), constant(router))

	u.apply(inputs(fmt.Sprintf("[%q]", planner), "  egress_destinations = []"))
	checkIDs(t, "agent_ids", u.outputMap("agent_ids"), idPattern, planner)
	if got := u.outputString("egress_allowlist_id"); got != "" {
		t.Errorf("egress_allowlist_id = %q after removing the destinations, want null", got)
	}
	checkAccess(t, u.outputMap("agent_ids"), constant(platform...), constant())
	checkMembers(t, u.outputMap("service_ids"), constant(planner), constant(router))
}

// The private link: the agent alone dials the database, on the listed ports; the connector
// (the quickstart router) hosts it and dials nothing; the agent hosts nothing, so the database
// side cannot reach it. Adding a port keeps all of it.
func TestAccModulePrivateLink(t *testing.T) {
	prefix := acctest.Name("pl")
	router := acctest.Shared(t).RouterName
	agent, db := prefix+"-agent", prefix+"-orders-db"
	inputs := func(ports string) string {
		return fmt.Sprintf(`  name           = "%[1]s-orders-db"
  agent_name     = "%[1]s-agent"
  address        = "%[1]s-orders-db.ziti"
  ports          = %[3]s
  target_address = "10.20.0.5"
  host_roles     = ["@%[2]s"]`, prefix, router, ports)
	}
	connector := acctest.IDByName(t, client.Identities, router)
	u := newUser(t, "private-link")
	for _, ports := range []string{"[5432]", "[5432, 6432]"} {
		u.apply(inputs(ports))
		if got := u.outputString("service_name"); got != db {
			t.Errorf("service_name = %q, want %q", got, db)
		}
		if got := u.outputString("address"); got != prefix+"-orders-db.ziti" {
			t.Errorf("address = %q", got)
		}
		if got, want := strings.Join(strings.Fields(u.outputJSON("ports")), ""), strings.ReplaceAll(ports, " ", ""); got != want {
			t.Errorf("ports = %s, want %s", got, want)
		}
		if got := u.outputString("agent_enrollment_jwt"); !jwtPattern.MatchString(got) {
			t.Errorf("agent_enrollment_jwt = %q", got)
		}
		checkAccess(t, map[string]string{"agent": u.outputString("agent_id")}, constant(db), constant())
		checkMembers(t, map[string]string{"db": u.outputString("service_id")}, constant(agent), constant(router))
		if got := dialable(t, connector, "dial"); len(got) != 0 {
			t.Errorf("connector %s may dial %v", router, got)
		}
		if got := dialable(t, connector, "bind"); !contains(got, db) {
			t.Errorf("connector %s may bind %v, not %s", router, got, db)
		}
	}
}

// Orchestrator and workers: every worker hosts its own service and dials nothing; the
// orchestrator dials every worker's service and hosts nothing; a worker removed is no
// longer dialable.
func TestAccModuleOrchestratorWorkers(t *testing.T) {
	prefix := acctest.Name("ow")
	orchestrator := prefix + "-orchestrator"
	svc := func(w string) string { return prefix + "-" + w }
	own := func(w string) []string { return []string{svc(w)} }
	u := newUser(t, "orchestrator-workers")

	u.apply(fmt.Sprintf("  name = %q\n  workers = [\"alpha\", \"beta\", \"gamma\"]", prefix))
	names := u.outputMap("worker_service_names")
	if !same(sortedValues(names), sorted(svc("alpha"), svc("beta"), svc("gamma"))) || names["beta"] != svc("beta") {
		t.Errorf("worker_service_names = %v", names)
	}
	if got := u.outputMap("worker_addresses"); got["gamma"] != "gamma.workers.ziti:443" || len(got) != 3 {
		t.Errorf("worker_addresses = %v", got)
	}
	checkIDs(t, "worker_enrollment_jwts", u.outputMap("worker_enrollment_jwts"), jwtPattern, "alpha", "beta", "gamma")
	if got := u.outputString("orchestrator_enrollment_jwt"); !jwtPattern.MatchString(got) {
		t.Errorf("orchestrator_enrollment_jwt = %q", got)
	}
	checkAccess(t, u.outputMap("worker_ids"), constant(), own)
	checkAccess(t, map[string]string{"orchestrator": u.outputString("orchestrator_id")}, constant(svc("alpha"), svc("beta"), svc("gamma")), constant())
	checkMembers(t, u.outputMap("worker_service_ids"), constant(orchestrator), own)

	u.apply(fmt.Sprintf("  name = %q\n  workers = [\"alpha\", \"beta\"]", prefix))
	checkAccess(t, u.outputMap("worker_ids"), constant(), own)
	checkAccess(t, map[string]string{"orchestrator": u.outputString("orchestrator_id")}, constant(svc("alpha"), svc("beta")), constant())
}

// One agent, several backends: each backend's identity hosts its own service only and dials
// nothing (the backends cannot reach each other, nor the agent); the agent dials them all.
func TestAccModulePublicAgentBackends(t *testing.T) {
	prefix := acctest.Name("pab")
	agent := prefix + "-agent"
	svc := func(b string) string { return prefix + "-" + b }
	own := func(b string) []string { return []string{svc(b)} }
	u := newUser(t, "public-agent-backends")
	u.apply(fmt.Sprintf(`  name       = %[1]q
  agent_name = "%[1]s-agent"
  backends = {
    search = { target_address = "127.0.0.1", target_port = 9200 }
    crm    = { address = "crm.%[1]s.ziti", port = 8443, target_address = "crm.internal", target_port = 443 }
  }`, prefix))
	if got := u.outputMap("backend_addresses"); got["search"] != "search.ziti:443" || got["crm"] != "crm."+prefix+".ziti:8443" {
		t.Errorf("backend_addresses = %v", got)
	}
	checkIDs(t, "backend_identity_ids", u.outputMap("backend_identity_ids"), idPattern, "search", "crm")
	checkIDs(t, "backend_enrollment_jwts", u.outputMap("backend_enrollment_jwts"), jwtPattern, "search", "crm")
	checkAccess(t, u.outputMap("backend_identity_ids"), constant(), own)
	checkAccess(t, map[string]string{"agent": u.outputString("agent_id")}, constant(svc("search"), svc("crm")), constant())
	checkMembers(t, u.outputMap("backend_service_ids"), constant(agent), own)
}

// A promise broken outside Terraform reaches the user: after an operator grants a worker
// another worker's service, `tofu plan` warns with the module's checks and names the grant
// (and shows no change); once the grant is gone the warning is too.
func TestAccModules_brokenPromiseWarns(t *testing.T) {
	prefix := acctest.Name("bp")
	u := newUser(t, "orchestrator-workers")
	u.apply(fmt.Sprintf("  name = %q\n  workers = [\"alpha\", \"beta\"]", prefix))

	alphaID := u.outputMap("worker_ids")["alpha"]
	betaService := u.outputMap("worker_service_ids")["beta"]
	sneaky := createDialPolicy(t, prefix+"-sneaky", alphaID, betaService)

	out, code := acctest.RunTofu(t, u.dir, u.cli, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 {
		t.Fatalf("tofu plan exited %d (want 0: no changes, warnings only):\n%s", code, out)
	}
	// tofu wraps long messages: compare with whitespace runs collapsed.
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Warning: " + checkFailed,
		`in check "workers_dial_nothing"`,
		fmt.Sprintf(`worker %s-alpha may dial ["%s-beta"]`, prefix, prefix),
		`in check "only_the_orchestrator_dials_the_workers"`,
		fmt.Sprintf(`%[1]s-beta may be dialed by ["%[1]s-alpha","%[1]s-orchestrator"], expected only %[1]s-orchestrator`, prefix),
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("tofu plan output does not contain %q:\n%s", want, out)
		}
	}
	// The promises that still hold do not warn.
	for _, notWant := range []string{`in check "each_worker_hosts_only_its_own_service"`, `in check "the_orchestrator_reaches_exactly_the_workers"`} {
		if strings.Contains(out, notWant) {
			t.Errorf("tofu plan warns about a promise that holds (%s):\n%s", notWant, out)
		}
	}

	// The operator takes the grant back: the next plan is clean again.
	if err := client.ServicePolicies.Delete(context.Background(), acctest.AdminClient(t), sneaky); err != nil {
		t.Fatalf("deleting the out-of-band policy: %v", err)
	}
	u.planClean()
}

// Every module is formatted (tofu fmt -check) and valid on its own, its tests and its example
// included (tofu validate, the provider's schema through dev_overrides). They are validated in
// copies, so that the source tree gets no .terraform directory: validate needs the tests' and
// the example's modules installed (tofu get). TestModules_layoutAndReadme checks the files.
func TestAccModules_fmtAndValidate(t *testing.T) {
	root := filepath.Dir(moduleSource(t, "x"))
	cli := acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t))
	if out, code := acctest.RunTofu(t, root, cli, "fmt", "-check", "-recursive", "-no-color"); code != 0 {
		t.Errorf("tofu fmt -check: these files are not formatted:\n%s", out)
	}
	names := moduleNames(t)
	if want := []string{"agent-sandbox", "k8s-workload-identity", "orchestrator-workers", "private-link", "public-agent-backends"}; !same(names, want) {
		t.Errorf("modules %v, want %v", names, want)
	}
	for _, name := range names {
		module := copyModule(t, name)
		for _, dir := range []string{module, filepath.Join(module, "examples", "basic")} {
			acctest.MustTofu(t, dir, cli, "get", "-no-color")
			if out := acctest.MustTofu(t, dir, cli, "validate", "-no-color"); !strings.Contains(out, "The configuration is valid") {
				t.Errorf("tofu validate %s:\n%s", dir, out)
			}
		}
	}
}
