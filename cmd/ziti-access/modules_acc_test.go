package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// sandboxConfig is a user's root configuration: the agent-sandbox registry module (with its
// default egress destination, api.openai.com:443, an egress allowlist) and one Dial policy of
// the user's own on the sandbox's gateway.
func sandboxConfig(t *testing.T, prefix, router, agents, platform, extraRoles string) string {
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

module "sandbox" {
  source              = %[1]q
  name                = %[2]q
  agents              = %[3]s
  host_roles          = ["@%[4]s"]
  service_name_prefix = "%[2]s-"
  platform_services   = %[5]s
}

resource "ziti_service_policy" "extra" {
  name           = "%[2]s-extra-dial"
  type           = "Dial"
  identity_roles = %[6]s
  service_roles  = ["@${module.sandbox.service_names["gateway.ziti"]}"]
}
`, filepath.Join(root, "examples", "modules", "agent-sandbox"), prefix, agents, router, platform, extraRoles)
}

const (
	threeServices = `{
    "gateway.ziti"   = { target_address = "gateway.internal", target_port = 8080 }
    "llm-proxy.ziti" = { target_address = "llm-proxy.internal", target_port = 8080 }
    "tracing.ziti"   = { target_address = "otel-collector.internal", target_port = 4318 }
  }`
	withoutLLMProxy = `{
    "gateway.ziti"   = { target_address = "gateway.internal", target_port = 8080 }
    "tracing.ziti"   = { target_address = "otel-collector.internal", target_port = 4318 }
  }`
)

// workspace is a directory where tofu plans and applies a root configuration with the
// provider under test (dev_overrides).
type workspace struct {
	t        *testing.T
	dir, cli string
}

func newWorkspace(t *testing.T) *workspace {
	acctest.WaitRouterOnline(t)
	w := &workspace{t: t, dir: t.TempDir(), cli: acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t))}
	t.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(w.dir, "terraform.tfstate")); err == nil {
			acctest.MustTofu(t, w.dir, w.cli, "destroy", "-auto-approve", "-input=false", "-no-color")
		}
	})
	return w
}

func (w *workspace) write(config string) {
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
	acctest.MustTofu(w.t, w.dir, w.cli, "get", "-no-color")
}

// plan saves a plan of config and returns the path of its JSON, as a pipeline makes it.
func (w *workspace) plan(config string) string {
	w.write(config)
	acctest.MustTofu(w.t, w.dir, w.cli, "plan", "-input=false", "-no-color", "-out", "plan.out")
	js := acctest.MustTofu(w.t, w.dir, w.cli, "show", "-json", "plan.out")
	path := filepath.Join(w.dir, "plan.json")
	if err := os.WriteFile(path, []byte(js), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

func (w *workspace) apply() {
	acctest.MustTofu(w.t, w.dir, w.cli, "apply", "-input=false", "-no-color", "plan.out")
}

// tool runs ziti-access as the user runs it and returns its output and exit code.
func tool(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

func assertLines(t *testing.T, what, got string, want ...string) {
	t.Helper()
	if strings.TrimSpace(got) != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, got, strings.Join(want, "\n"))
	}
}

// The agent sandbox registry module, planned as a user changes it: adding an agent, revoking
// llm-proxy, widening the user's own Dial policy to #all. Each diff is read from the saved
// plan and the live controller before the apply, and lists exactly who gains and loses what.
func TestAccModules_sandboxDiffs(t *testing.T) {
	prefix := acctest.Name("ax")
	router := acctest.Shared(t).RouterName
	planner, coder := prefix+"-planner", prefix+"-coder"
	agentRoles := fmt.Sprintf(`["#%s-agents"]`, prefix)
	gateway := prefix + "-gateway.ziti (gateway.ziti tcp/443)"
	llm := prefix + "-llm-proxy.ziti (llm-proxy.ziti tcp/443)"
	tracing := prefix + "-tracing.ziti (tracing.ziti tcp/443)"
	egress := prefix + "-egress-tcp-api.openai.com (api.openai.com tcp/443)"
	dialPlatform, extra := prefix+"-agents-dial-platform", prefix+"-extra-dial"
	w := newWorkspace(t)

	w.plan(sandboxConfig(t, prefix, router, fmt.Sprintf("[%q]", planner), threeServices, agentRoles))
	w.apply()

	// Adding an agent: it gains the platform services, through the module's policy (and the
	// user's for the gateway), and the egress destination through the allowlist's policy.
	plan := w.plan(sandboxConfig(t, prefix, router, fmt.Sprintf("[%q, %q]", planner, coder), threeServices, agentRoles))
	out, errOut, code := tool(t, "diff", plan)
	if code != 0 {
		t.Fatalf("diff exited %d: %s", code, errOut)
	}
	assertLines(t, "diff adding an agent", out,
		fmt.Sprintf("+ %s -> %s (dial, via %s-egress-dial)", coder, egress, prefix),
		fmt.Sprintf("+ %s -> %s (dial, via %s, %s)", coder, gateway, dialPlatform, extra),
		fmt.Sprintf("+ %s -> %s (dial, via %s)", coder, llm, dialPlatform),
		fmt.Sprintf("+ %s -> %s (dial, via %s)", coder, tracing, dialPlatform),
		"4 gained, 0 lost, 0 changed, 0 unknown until apply.")
	md, _, _ := tool(t, "diff", "--format", "markdown", plan)
	if !strings.Contains(md, "```diff\n+ "+coder+" -> "+egress) || !strings.HasPrefix(md, "### Access changes (ziti-access)") {
		t.Errorf("markdown diff:\n%s", md)
	}
	js, _, _ := tool(t, "diff", plan, "--format=json")
	if !strings.Contains(js, `"change": "added"`) || !strings.Contains(js, `"identity": "`+coder+`"`) || !strings.Contains(js, `"summary": "4 gained`) {
		t.Errorf("json diff:\n%s", js)
	}
	w.apply()

	// Revoking llm-proxy: both agents lose it, and the router no longer hosts it.
	plan = w.plan(sandboxConfig(t, prefix, router, fmt.Sprintf("[%q, %q]", planner, coder), withoutLLMProxy, agentRoles))
	out, errOut, code = tool(t, "diff", plan)
	if code != 0 {
		t.Fatalf("diff exited %d: %s", code, errOut)
	}
	assertLines(t, "diff revoking llm-proxy", out,
		fmt.Sprintf("- %s -> %s (bind)", router, llm),
		fmt.Sprintf("- %s -> %s (dial)", coder, llm),
		fmt.Sprintf("- %s -> %s (dial)", planner, llm),
		"0 gained, 3 lost, 0 changed, 0 unknown until apply.")
	// A rule that llm-proxy stays reachable fails before the apply, naming the paths.
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	writeFile(t, rules, fmt.Sprintf("require:\n  - name: agents reach the LLM proxy\n    from: [\"#%s-agents\"]\n    address: llm-proxy.ziti:443\n", prefix))
	_, errOut, code = tool(t, "check", "--rules", rules, plan)
	if code != 2 || !strings.Contains(errOut, "address llm-proxy.ziti:443 is intercepted by no service") {
		t.Errorf("check against a plan removing the only service of the address: exit %d, stderr %q, want 2 naming the address", code, errOut)
	}
	out, _, code = tool(t, "check", "--rules", rules)
	if code != 0 || strings.TrimSpace(out) != "1 rules checked, 0 violations." {
		t.Errorf("check against the live network: exit %d\n%s", code, out)
	}
	w.apply()

	// Widening the user's Dial policy to #all: every identity on the controller gains the
	// gateway; the agents already had it through the same policy.
	plan = w.plan(sandboxConfig(t, prefix, router, fmt.Sprintf("[%q, %q]", planner, coder), withoutLLMProxy, `["#all"]`))
	out, errOut, code = tool(t, "diff", plan)
	if code != 0 {
		t.Fatalf("diff exited %d: %s", code, errOut)
	}
	assertLines(t, "diff widening to #all", out,
		fmt.Sprintf("+ Default Admin -> %s (dial, via %s)", gateway, extra),
		fmt.Sprintf("+ %s -> %s (dial, via %s)", router, gateway, extra),
		fmt.Sprintf("! dial policy %s now grants dial to #all identities", extra),
		"2 gained, 0 lost, 0 changed, 0 unknown until apply, 1 policies newly grant #all.")
	writeFile(t, rules, fmt.Sprintf("deny:\n  - name: only agents reach the gateway\n    from: [\"@Default Admin\", \"@%s\"]\n    to: [\"@%s-gateway.ziti\"]\n", router, prefix))
	out, _, code = tool(t, "check", plan, "--rules", rules)
	if code != 1 {
		t.Errorf("check exited %d, want 1 (violations)", code)
	}
	assertLines(t, "check after widening", out,
		fmt.Sprintf(`deny rule "only agents reach the gateway" broken: Default Admin -> %s (dial, via %s)`, gateway, extra),
		fmt.Sprintf(`deny rule "only agents reach the gateway" broken: %s -> %s (dial, via %s)`, router, gateway, extra),
		"1 rules checked, 2 violations.")

	// The same plan against ids this controller does not know (as if made with another one).
	raw, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	policyID := acctest.IDByName(t, client.ServicePolicies, dialPlatform)
	foreign := filepath.Join(t.TempDir(), "foreign.json")
	writeFile(t, foreign, strings.ReplaceAll(string(raw), `"`+policyID+`"`, `"4d0nt3x1st"`))
	_, errOut, code = tool(t, "diff", foreign)
	if code != 2 || !strings.Contains(errOut, "module.sandbox.ziti_service_policy.agents_dial_platform (id 4d0nt3x1st)") ||
		!strings.Contains(errOut, "another controller") {
		t.Errorf("diff of a plan from another controller: exit %d, stderr %q", code, errOut)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil { //nolint:gosec // the test's own temporary directory
		t.Fatal(err)
	}
}
