package tests

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blang/semver"
	"github.com/openziti/edge-api/rest_management_api_client/identity"
	"github.com/openziti/edge-api/rest_management_api_client/service"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/pulumi/sdk/go/ziti"
)

// goSandbox is the agent sandbox as a Go Pulumi program written against the committed Go SDK
// (the YAML program of cli_test.go). The stack's `agentMayDial` config decides whether the
// Dial policy names the agent: false revokes the grant in place.
func goSandbox(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	sfx, router := cfg.Require("suffix"), cfg.Require("routerIdentity")
	agent, err := ziti.NewIdentity(ctx, "agent", &ziti.IdentityArgs{
		Name:           pulumi.String("sandbox-agent-" + sfx),
		RoleAttributes: pulumi.StringArray{pulumi.String("sandbox-agents-" + sfx)},
	})
	if err != nil {
		return err
	}
	intercept, err := ziti.NewInterceptV1Config(ctx, "llmIntercept", &ziti.InterceptV1ConfigArgs{
		Name:       pulumi.String("sandbox-llm-intercept-" + sfx),
		Protocols:  pulumi.StringArray{pulumi.String("tcp")},
		Addresses:  pulumi.StringArray{pulumi.String("llm-" + sfx + ".ziti")},
		PortRanges: ziti.InterceptV1ConfigPortRangeArray{ziti.InterceptV1ConfigPortRangeArgs{Low: pulumi.Int(443), High: pulumi.Int(443)}},
	})
	if err != nil {
		return err
	}
	host, err := ziti.NewHostV1Config(ctx, "llmHost", &ziti.HostV1ConfigArgs{
		Name:     pulumi.String("sandbox-llm-host-" + sfx),
		Protocol: pulumi.String("tcp"),
		Address:  pulumi.String("127.0.0.1"),
		Port:     pulumi.Int(8080),
	})
	if err != nil {
		return err
	}
	llm, err := ziti.NewService(ctx, "llm", &ziti.ServiceArgs{
		Name:           pulumi.String("sandbox-llm-" + sfx),
		RoleAttributes: pulumi.StringArray{pulumi.String("sandbox-llm-" + sfx)},
		Configs:        pulumi.StringArray{intercept.ID().ToStringOutput(), host.ID().ToStringOutput()},
	})
	if err != nil {
		return err
	}
	if _, err := ziti.NewServicePolicy(ctx, "bind", &ziti.ServicePolicyArgs{
		Name:          pulumi.String("sandbox-llm-bind-" + sfx),
		Type:          pulumi.String("Bind"),
		IdentityRoles: pulumi.StringArray{pulumi.String("@" + router)},
		ServiceRoles:  pulumi.StringArray{pulumi.Sprintf("@%s", llm.Name)},
	}); err != nil {
		return err
	}
	dialers := pulumi.StringArray{pulumi.Sprintf("@%s", agent.Name)}
	if !cfg.GetBool("agentMayDial") {
		dialers = pulumi.StringArray{pulumi.String("#sandbox-revoked-" + sfx)}
	}
	if _, err := ziti.NewServicePolicy(ctx, "dial", &ziti.ServicePolicyArgs{
		Name:          pulumi.String("sandbox-llm-dial-" + sfx),
		Type:          pulumi.String("Dial"),
		IdentityRoles: dialers,
		ServiceRoles:  pulumi.StringArray{pulumi.String("#sandbox-llm-" + sfx)},
	}); err != nil {
		return err
	}
	ctx.Export("agentId", agent.ID())
	ctx.Export("agentEnrollmentJwt", agent.EnrollmentJwt)
	ctx.Export("serviceId", llm.ID())
	return nil
}

// TestAutomationAPIGoProgram runs goSandbox through the real Pulumi CLI with the Automation
// API's inline program (the Go program runs in this process; no language host): up, preview
// (no changes), refresh (no changes), an update that revokes the agent's Dial grant, destroy,
// each checked on the controller.
func TestAutomationAPIGoProgram(t *testing.T) {
	c := acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	bin, _ := pulumiBinary(t)
	pluginDir := providerPluginDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// The CLI at <root>/bin/pulumi; its version is the one `make tools` pins.
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{
		Root: filepath.Dir(filepath.Dir(bin)), Version: semver.MustParse("3.256.0"),
	})
	if err != nil {
		t.Fatal(err)
	}
	sfx := acctest.RandomSuffix()
	router := c.RouterName
	if router == "" {
		router = "router-quickstart"
	}
	backend := t.TempDir()
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "agent-sandbox-go", goSandbox,
		auto.Pulumi(cli),
		auto.Project(workspace.Project{
			Name: "agent-sandbox-go", Runtime: workspace.NewProjectRuntimeInfo("go", nil),
			Backend: &workspace.ProjectBackend{URL: "file://" + backend},
		}),
		auto.PulumiHome(t.TempDir()),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(map[string]string{
			"PULUMI_CONFIG_PASSPHRASE":                    "sandbox-test-passphrase",
			"PULUMI_SKIP_UPDATE_CHECK":                    "true",
			"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
			// The plugin of this commit, found on PATH as a locally built plugin is.
			"PATH": pluginDir + string(filepath.ListSeparator) + filepath.Dir(bin) + string(filepath.ListSeparator) + os.Getenv("PATH"),
			// The provider must get its connection from the stack's configuration, not from
			// the harness's environment (empty counts as unset).
			"ZITI_API_URL": "", "ZITI_USERNAME": "", "ZITI_PASSWORD": "", "ZITI_CA_FILE": "",
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range map[string]auto.ConfigValue{
		"suffix":         {Value: sfx},
		"routerIdentity": {Value: router},
		"agentMayDial":   {Value: "true"},
		"ziti:endpoint":  {Value: c.URL},
		"ziti:username":  {Value: c.Username},
		"ziti:password":  {Value: c.Password, Secret: true},
		"ziti:caFile":    {Value: c.CAFile},
	} {
		if err := stack.SetConfig(ctx, key, v); err != nil {
			t.Fatalf("config %s: %v", key, err)
		}
	}
	destroyed := false
	t.Cleanup(func() {
		if !destroyed {
			_, _ = stack.Destroy(context.Background())
		}
	})

	// up: six resources and the stack; the enrollment token is a secret output.
	up, err := stack.Up(ctx, optup.SuppressProgress())
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	if got := up.Summary.ResourceChanges; got == nil || (*got)["create"] != 7 {
		t.Errorf("up changes = %v, want 7 created", got)
	}
	jwtOut := up.Outputs["agentEnrollmentJwt"]
	if !jwtOut.Secret {
		t.Error("the stack output agentEnrollmentJwt is not a secret")
	}
	agentID, _ := up.Outputs["agentId"].Value.(string)
	serviceID, _ := up.Outputs["serviceId"].Value.(string)
	jwt := controllerJWT(t, agentID)
	if jwtOut.Value != jwt {
		t.Errorf("agentEnrollmentJwt is not the token the controller issued for %s", agentID)
	}
	if strings.Contains(up.StdOut, jwt) {
		t.Error("up printed the enrollment token")
	}
	assertStateEncrypts(t, ctx, stack, backend, jwt, c.Password)
	if got := grantedServices(t, agentID, "dial"); len(got) != 1 || got[0] != serviceID {
		t.Errorf("the agent may dial %v, want exactly the sandbox service %s", got, serviceID)
	}

	// preview and refresh: nothing changed.
	preview, err := stack.Preview(ctx, optpreview.ExpectNoChanges())
	if err != nil {
		t.Fatalf("preview --expect-no-changes: %v", err)
	}
	if same := preview.ChangeSummary[apitype.OpSame]; same != 7 {
		t.Errorf("preview = %v, want 7 unchanged", preview.ChangeSummary)
	}
	if _, err := stack.Refresh(ctx, optrefresh.ExpectNoChanges()); err != nil {
		t.Fatalf("refresh --expect-no-changes: %v", err)
	}

	// An update that revokes the grant: the Dial policy no longer names the agent.
	if err := stack.SetConfig(ctx, "agentMayDial", auto.ConfigValue{Value: "false"}); err != nil {
		t.Fatal(err)
	}
	revoke, err := stack.Up(ctx, optup.SuppressProgress())
	if err != nil {
		t.Fatalf("up (revoke): %v", err)
	}
	if got := revoke.Summary.ResourceChanges; got == nil || (*got)["update"] != 1 || (*got)["same"] != 6 {
		t.Errorf("revoking changed %v, want 1 updated and 6 unchanged", got)
	}
	if got := grantedServices(t, agentID, "dial"); len(got) != 0 {
		t.Errorf("after the revoking update the agent may still dial %v", got)
	}

	// destroy: gone from the controller.
	destroy, err := stack.Destroy(ctx, optdestroy.SuppressProgress())
	destroyed = err == nil
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if got := destroy.Summary.ResourceChanges; got == nil || (*got)["delete"] != 7 {
		t.Errorf("destroy changes = %v, want 7 deleted", got)
	}
	if _, err := acctest.AdminClient(t).API.Identity.DetailIdentity(identity.NewDetailIdentityParams().WithID(agentID), nil); err == nil {
		t.Errorf("identity %s still exists after destroy", agentID)
	}
	if _, err := acctest.AdminClient(t).API.Service.DetailService(service.NewDetailServiceParams().WithID(serviceID), nil); err == nil {
		t.Errorf("service %s still exists after destroy", serviceID)
	}
}

// controllerJWT is the enrollment token the controller reports for an identity.
func controllerJWT(t *testing.T, identityID string) string {
	t.Helper()
	resp, err := acctest.AdminClient(t).API.Identity.DetailIdentity(identity.NewDetailIdentityParams().WithID(identityID), nil)
	if err != nil {
		t.Fatalf("identity %s: %v", identityID, err)
	}
	e := resp.Payload.Data.Enrollment
	if e == nil || e.Ott == nil || strings.Count(e.Ott.JWT, ".") != 2 {
		t.Fatalf("the controller reports no OTT enrollment token for identity %s", identityID)
	}
	return e.Ott.JWT
}

// assertStateEncrypts reads the stack's state as the file backend stores it and checks that
// the enrollment token and the controller password are in it only as ciphertext. (The
// Automation API's Export decrypts secrets: it shows that the token is in the state at all.)
func assertStateEncrypts(t *testing.T, ctx context.Context, stack auto.Stack, backend, jwt, password string) {
	t.Helper()
	decrypted, err := stack.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(decrypted.Deployment), jwt) {
		t.Fatal("the decrypted export lacks the enrollment token: the state is not where this test looks")
	}
	stored, err := os.ReadFile(filepath.Join(backend, ".pulumi", "stacks", "agent-sandbox-go", stack.Name()+".json"))
	if err != nil {
		t.Fatalf("the stack's state in the file backend: %v", err)
	}
	var checkpoint apitype.VersionedCheckpoint
	if err := json.Unmarshal(stored, &checkpoint); err != nil {
		t.Fatal(err)
	}
	var cp apitype.CheckpointV3
	if err := json.Unmarshal(checkpoint.Checkpoint, &cp); err != nil || cp.Latest == nil {
		t.Fatalf("the stack's state: %v", err)
	}
	state := string(stored)
	if strings.Contains(state, jwt) {
		t.Error("the stored state holds the enrollment token in plain text")
	}
	// The payload and signature alone (the header is the same in every token of the controller).
	for _, part := range strings.Split(jwt, ".")[1:] {
		if strings.Contains(state, part) {
			t.Error("the stored state holds part of the enrollment token in plain text")
		}
	}
	if strings.Contains(state, password) {
		t.Error("the stored state holds the controller password in plain text")
	}
	// The identity's enrollmentJwt is there, as a secret holding ciphertext.
	found := false
	for _, r := range cp.Latest.Resources {
		if r.Type != "ziti:index/identity:Identity" {
			continue
		}
		found = true
		secret, _ := r.Outputs["enrollmentJwt"].(map[string]any)
		ciphertext, _ := secret["ciphertext"].(string)
		if secret["4dabf18193072939515e22adb298388d"] != "1b47061264138c4ac30d75fd1eb44270" || ciphertext == "" {
			t.Errorf("the identity's enrollmentJwt in the state is not an encrypted secret: %T", r.Outputs["enrollmentJwt"])
		}
	}
	if !found {
		t.Error("the stored state has no ziti:index/identity:Identity")
	}
}
