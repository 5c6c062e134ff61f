package tests

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openziti/edge-api/rest_management_api_client/identity"
	"github.com/openziti/edge-api/rest_management_api_client/service"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// sandboxProgram is the agent sandbox as a Pulumi YAML program: an agent identity, a service
// with intercept.v1 and host.v1 configs, hosted by the quickstart router's identity through a
// Bind policy, and dialable by the agent through a Dial policy.
const sandboxProgram = `name: agent-sandbox
runtime: yaml
description: An AI agent's sandbox on an OpenZiti overlay
config:
  suffix:
    type: string
  routerIdentity:
    type: string
resources:
  agent:
    type: ziti:Identity
    properties:
      name: sandbox-agent-${suffix}
      roleAttributes: ["sandbox-agents-${suffix}", "sandbox-${suffix}"]
  llmIntercept:
    type: ziti:InterceptV1Config
    properties:
      name: sandbox-llm-intercept-${suffix}
      protocols: [tcp]
      addresses: ["llm-${suffix}.ziti"]
      portRanges:
        - low: 443
          high: 443
  llmHost:
    type: ziti:HostV1Config
    properties:
      name: sandbox-llm-host-${suffix}
      protocol: tcp
      address: 127.0.0.1
      port: 8080
  llm:
    type: ziti:Service
    properties:
      name: sandbox-llm-${suffix}
      roleAttributes: ["sandbox-llm-${suffix}"]
      configs:
        - ${llmIntercept.id}
        - ${llmHost.id}
  bind:
    type: ziti:ServicePolicy
    properties:
      name: sandbox-llm-bind-${suffix}
      type: Bind
      identityRoles: ["@${routerIdentity}"]
      serviceRoles: ["@${llm.name}"]
  dial:
    type: ziti:ServicePolicy
    properties:
      name: sandbox-llm-dial-${suffix}
      type: Dial
      identityRoles: ["@${agent.name}"]
      serviceRoles: ["#sandbox-llm-${suffix}"]
outputs:
  agentId: ${agent.id}
  agentEnrollmentJwt: ${agent.enrollmentJwt}
  serviceId: ${llm.id}
`

// pulumiCLI runs the Pulumi CLI built by `make tools` in a project directory, with a local
// file:// backend, its own PULUMI_HOME (plugin cache), no update checks, no plugin downloads.
type pulumiCLI struct {
	t          *testing.T
	bin, dir   string
	env        []string
	controller *acctest.Controller
	// destroyed: the stack initSandboxStack created needs no destroy at cleanup.
	destroyed bool
}

// newPulumiCLI sets up the CLI with the provider plugin in pluginDir first on PATH (how a
// locally built plugin is used), or, with pluginDir empty, with plugins from the plugin cache
// only: PULUMI_HOME/plugins, where `pulumi plugin install` puts them (the YAML language host
// is bundled: found next to the pulumi binary).
func newPulumiCLI(t *testing.T, c *acctest.Controller, pluginDir string) *pulumiCLI {
	t.Helper()
	bin, toolBin := pulumiBinary(t)
	path := pluginDir + string(os.PathListSeparator) + toolBin + string(os.PathListSeparator) + os.Getenv("PATH")
	if pluginDir == "" {
		path = os.Getenv("PATH")
	}

	home, state, dir := t.TempDir(), t.TempDir(), t.TempDir()
	// The provider must get its connection from the stack's configuration: the harness's
	// ZITI_* variables are not passed on.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZITI_") && !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "PULUMI_") {
			env = append(env, kv)
		}
	}
	if pluginDir == "" {
		env = append(env, "PULUMI_IGNORE_AMBIENT_PLUGINS=true")
	}
	env = append(env,
		"PATH="+path,
		"PULUMI_HOME="+home,
		"PULUMI_BACKEND_URL=file://"+state,
		"PULUMI_CONFIG_PASSPHRASE=sandbox-test-passphrase",
		"PULUMI_SKIP_UPDATE_CHECK=1",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true",
		"PULUMI_SKIP_CONFIRMATIONS=true",
		"NO_COLOR=1",
	)
	return &pulumiCLI{t: t, bin: bin, dir: dir, env: env, controller: c}
}

// run runs `pulumi args...` and returns its combined output; it fails the test on a
// non-zero exit.
func (p *pulumiCLI) run(args ...string) string {
	p.t.Helper()
	out, err := p.attempt(args...)
	if err != nil {
		p.t.Fatalf("pulumi %s: err=%v\n%s", p.shown(args), err, out)
	}
	return out
}

// shown is how a command line is logged: a secret config value as ***.
func (p *pulumiCLI) shown(args []string) string {
	if args[0] == "config" && len(args) > 2 && args[2] == "--secret" {
		return strings.Join(args[:len(args)-1], " ") + " ***"
	}
	return strings.Join(args, " ")
}

// attempt runs `pulumi args...` and returns its combined output and exit error.
func (p *pulumiCLI) attempt(args ...string) (string, error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.bin, append(args, "--non-interactive")...)
	if args[0] == "stack" && len(args) > 1 && (args[1] == "output" || args[1] == "export") || args[0] == "config" {
		cmd = exec.CommandContext(ctx, p.bin, args...)
	}
	cmd.Dir, cmd.Env = p.dir, p.env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	p.t.Logf("pulumi %s: %s", p.shown(args), time.Since(start).Round(time.Millisecond))
	return string(out), err
}

// initSandboxStack writes the sandbox program, creates stack dev in a local backend and
// configures it for the test controller (the password as a secret), with a fresh suffix for
// the names.
func (p *pulumiCLI) initSandboxStack() {
	t, c := p.t, p.controller
	t.Helper()
	sfx := acctest.RandomSuffix()
	router := c.RouterName
	if router == "" {
		router = "router-quickstart"
	}
	if err := os.WriteFile(filepath.Join(p.dir, "Pulumi.yaml"), []byte(sandboxProgram), 0o600); err != nil {
		t.Fatal(err)
	}
	p.run("login", "--local")
	p.run("stack", "init", "dev")
	p.run("config", "set", "suffix", sfx)
	p.run("config", "set", "routerIdentity", router)
	p.run("config", "set", "ziti:endpoint", c.URL)
	p.run("config", "set", "ziti:username", c.Username)
	p.run("config", "set", "--secret", "ziti:password", c.Password)
	p.run("config", "set", "ziti:caFile", c.CAFile)
	stackConfig, err := os.ReadFile(filepath.Join(p.dir, "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stackConfig), c.Password) {
		t.Error("Pulumi.dev.yaml holds the controller password in clear text")
	}
	// A test that fails half-way leaves nothing on the shared controller.
	t.Cleanup(func() {
		if p.destroyed {
			return
		}
		if out, err := p.attempt("destroy", "--yes", "--skip-preview"); err != nil {
			t.Errorf("cleaning up: pulumi destroy: %v\n%s", err, out)
		}
	})
}

// destroy runs `pulumi destroy` and returns its output.
func (p *pulumiCLI) destroy() string {
	p.t.Helper()
	out := p.run("destroy", "--yes", "--skip-preview")
	p.destroyed = true
	return out
}

func TestPulumiCLIAgentSandbox(t *testing.T) {
	c := acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	cli := newPulumiCLI(t, c, providerPluginDir(t))
	cli.initSandboxStack()

	// pulumi up: the stack and its six resources are created, the enrollment JWT is a secret
	// output.
	up := cli.run("up", "--yes", "--skip-preview")
	for _, want := range []string{"ziti:index:Identity", "ziti:index:Service", "ziti:index:ServicePolicy", "ziti:index:InterceptV1Config", "ziti:index:HostV1Config", "+ 7 created"} {
		if !strings.Contains(up, want) {
			t.Errorf("pulumi up output lacks %q:\n%s", want, up)
		}
	}
	var outputs map[string]any
	if err := json.Unmarshal([]byte(cli.run("stack", "output", "--json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if outputs["agentEnrollmentJwt"] != "[secret]" {
		t.Errorf("agentEnrollmentJwt is shown as %v, want [secret]", outputs["agentEnrollmentJwt"])
	}
	var shown map[string]any
	if err := json.Unmarshal([]byte(cli.run("stack", "output", "--json", "--show-secrets")), &shown); err != nil {
		t.Fatal(err)
	}
	jwt, _ := shown["agentEnrollmentJwt"].(string)
	if strings.Count(jwt, ".") != 2 {
		t.Fatalf("agentEnrollmentJwt with --show-secrets is %q, not a JWT", jwt)
	}
	if strings.Contains(up, jwt) {
		t.Error("pulumi up printed the enrollment JWT")
	}
	if state := cli.run("stack", "export"); strings.Contains(state, jwt) || strings.Contains(state, c.Password) {
		t.Error("the stack's state holds the enrollment JWT or the password in clear text")
	}

	// The controller agrees: the agent may dial the service, the router may host it.
	agentID, _ := outputs["agentId"].(string)
	serviceID, _ := outputs["serviceId"].(string)
	if got := grantedServices(t, agentID, "dial"); len(got) != 1 || got[0] != serviceID {
		t.Errorf("the agent may dial %v, want exactly the sandbox service %s", got, serviceID)
	}

	// A second preview: nothing to do.
	preview := cli.run("preview", "--expect-no-changes", "--diff")
	if !regexp.MustCompile(`7 unchanged`).MatchString(preview) {
		t.Errorf("second preview does not show 7 unchanged resources:\n%s", preview)
	}

	// pulumi refresh: the controller's state matches the stack's.
	refresh := cli.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")
	if strings.Contains(refresh, "updated") || strings.Contains(refresh, "deleted") {
		t.Errorf("refresh found drift:\n%s", refresh)
	}

	// pulumi destroy: gone from the stack and from the controller.
	destroy := cli.destroy()
	if !strings.Contains(destroy, "- 7 deleted") {
		t.Errorf("pulumi destroy output:\n%s", destroy)
	}
	if _, err := acctest.AdminClient(t).API.Identity.DetailIdentity(identity.NewDetailIdentityParams().WithID(agentID), nil); err == nil {
		t.Errorf("identity %s still exists after destroy", agentID)
	}
	if _, err := acctest.AdminClient(t).API.Service.DetailService(service.NewDetailServiceParams().WithID(serviceID), nil); err == nil {
		t.Errorf("service %s still exists after destroy", serviceID)
	}
}

// grantedServices lists the ids of the services an identity is granted (dial or bind), as
// the controller computes them.
func grantedServices(t *testing.T, identityID, policyType string) []string {
	t.Helper()
	params := identity.NewListIdentityServicesParams().WithID(identityID).WithPolicyType(&policyType)
	resp, err := acctest.AdminClient(t).API.Identity.ListIdentityServices(params, nil)
	if err != nil {
		t.Fatalf("list services of %s: %v", identityID, err)
	}
	var ids []string
	for _, s := range resp.Payload.Data {
		ids = append(ids, *s.ID)
	}
	return ids
}
