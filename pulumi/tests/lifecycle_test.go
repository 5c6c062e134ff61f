package tests

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/pulumi/internal/sdkgen"
	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

// bridged serves the provider through the bridge in process, as `pulumi-resource-ziti`
// does, and configures it as the engine does (CheckConfig, then Configure). The engine hands
// provider configuration over decrypted (the bridge asserts it gets no secret values there);
// that ziti:password is a secret in the schema, and encrypted in the stack, is asserted by
// TestSchemaContents and TestPulumiCLIAgentSandbox.
func bridged(t *testing.T, config resource.PropertyMap) plugin.Provider {
	t.Helper()
	schemaJSON, err := os.ReadFile("../" + sdkgen.SchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := pf.NewProvider(ctx, provider.Provider(), provider.Metadata(schemaJSON))
	if err != nil {
		t.Fatalf("pf.NewProvider: %v", err)
	}
	checked, err := p.CheckConfig(ctx, plugin.CheckConfigRequest{
		URN: resource.NewURN("test", "ziti", "", "pulumi:providers:ziti", "default"), Name: "default",
		Type: "pulumi:providers:ziti", News: config,
	})
	if err != nil {
		t.Fatalf("CheckConfig: %v", err)
	}
	if len(checked.Failures) > 0 {
		t.Fatalf("CheckConfig failures: %+v", checked.Failures)
	}
	// CheckConfig marks the sensitive settings secret; the engine then passes them decrypted.
	if pw, ok := checked.Properties["password"]; ok && !pw.IsSecret() {
		t.Errorf("CheckConfig returned ziti:password as a plain value")
	}
	inputs := resource.PropertyMap{}
	for k, v := range checked.Properties {
		if v.IsSecret() {
			v = v.SecretValue().Element
		}
		inputs[k] = v
	}
	if _, err := p.Configure(ctx, plugin.ConfigureRequest{Inputs: inputs}); err != nil {
		t.Fatalf("Configure: %v", err)
	}
	return p
}

func explicitConfig(c *acctest.Controller) resource.PropertyMap {
	return resource.PropertyMap{
		"endpoint": resource.NewProperty(c.URL),
		"username": resource.NewProperty(c.Username),
		"password": resource.NewProperty(c.Password),
		"caFile":   resource.NewProperty(c.CAFile),
	}
}

// lifecycle drives one resource through the calls the Pulumi engine makes for up (Check,
// preview Create, Create), a second up with reordered sets (Check, Diff: none), an update
// (Check, Diff, Update), import (Read with only the id, then Diff against the program: none)
// and destroy (Delete, then Read: gone).
type lifecycle struct {
	resourceType tokens.Type
	// create and update are the program's inputs; reordered is create with every set in
	// another order (must diff as nothing).
	create, reordered, update map[string]any
	// asImported is the update written as import reads it back, when that differs (a role
	// selector written "@name" imports as "@id": no prior spelling to keep). Default: update.
	asImported map[string]any
	// changed are the top-level keys update must change (in place, no replacement).
	changed []string
	// secrets are output keys that must come back as secrets, non-empty.
	secrets []string
	// check inspects the outputs after create, update and import.
	check func(t *testing.T, stage string, outputs resource.PropertyMap)
}

func (l lifecycle) run(t *testing.T, p plugin.Provider) (id resource.ID, outputs resource.PropertyMap) {
	t.Helper()
	ctx := context.Background()
	name := strings.ToLower(string(l.resourceType[strings.LastIndex(string(l.resourceType), ":")+1:]))
	urn := resource.NewURN("test", "ziti", "", l.resourceType, name)
	check := func(olds resource.PropertyMap, news map[string]any) resource.PropertyMap {
		t.Helper()
		resp, err := p.Check(ctx, plugin.CheckRequest{URN: urn, Name: name, Type: l.resourceType, Olds: olds,
			News: resource.NewPropertyMapFromMap(news), RandomSeed: []byte("seed")})
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		if len(resp.Failures) > 0 {
			t.Fatalf("Check failures: %+v", resp.Failures)
		}
		return resp.Properties
	}
	diff := func(oldIn, oldOut, newIn resource.PropertyMap) plugin.DiffResult {
		t.Helper()
		resp, err := p.Diff(ctx, plugin.DiffRequest{URN: urn, Name: name, Type: l.resourceType, ID: id,
			OldInputs: oldIn, OldOutputs: oldOut, NewInputs: newIn})
		if err != nil {
			t.Fatalf("Diff: %v", err)
		}
		return resp
	}
	read := func(inputs, state resource.PropertyMap) plugin.ReadResponse {
		t.Helper()
		resp, err := p.Read(ctx, plugin.ReadRequest{URN: urn, Name: name, Type: l.resourceType, ID: id, Inputs: inputs, State: state})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		return resp
	}
	secretsStayed := func(stage string, outs resource.PropertyMap) {
		t.Helper()
		for _, k := range l.secrets {
			v, ok := outs[resource.PropertyKey(k)]
			if !ok || !v.IsSecret() {
				t.Errorf("%s: output %q is not a secret: %v", stage, k, v)
				continue
			}
			if el := v.SecretValue().Element; !el.IsString() || el.StringValue() == "" {
				t.Errorf("%s: secret output %q is empty", stage, k)
			}
		}
	}

	// pulumi up: preview, then create.
	inputs := check(nil, l.create)
	preview, err := p.Create(ctx, plugin.CreateRequest{URN: urn, Name: name, Type: l.resourceType, Properties: inputs, Preview: true})
	if err != nil {
		t.Fatalf("Create (preview): %v", err)
	}
	if preview.ID != "" {
		t.Errorf("a preview created %s", preview.ID)
	}
	created, err := p.Create(ctx, plugin.CreateRequest{URN: urn, Name: name, Type: l.resourceType, Properties: inputs})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if created.ID == "" {
		t.Fatal("Create returned no id")
	}
	id, outputs = created.ID, created.Properties
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			_, _ = p.Delete(ctx, plugin.DeleteRequest{URN: urn, Name: name, Type: l.resourceType, ID: id, Inputs: inputs, Outputs: outputs})
		}
	})
	secretsStayed("create", outputs)
	l.check(t, "create", outputs)

	// pulumi up again with the sets in another order: no changes.
	if l.reordered != nil {
		if d := diff(inputs, outputs, check(inputs, l.reordered)); d.Changes != plugin.DiffNone {
			t.Errorf("reordered sets: want no diff, got %v %v (replace %v)", d.Changes, d.ChangedKeys, d.ReplaceKeys)
		}
	}

	// pulumi refresh: the controller's view equals the outputs.
	refreshed := read(inputs, outputs)
	if refreshed.ID != id {
		t.Fatalf("refresh: id %q, want %q", refreshed.ID, id)
	}
	secretsStayed("refresh", refreshed.Outputs)
	if d := diff(inputs, refreshed.Outputs, inputs); d.Changes != plugin.DiffNone {
		t.Errorf("after refresh: want no diff, got %v %v", d.Changes, d.ChangedKeys)
	}

	// Update in place.
	newInputs := check(inputs, l.update)
	d := diff(inputs, outputs, newInputs)
	if d.Changes != plugin.DiffSome || len(d.ReplaceKeys) > 0 {
		t.Fatalf("update: want an in-place change, got %v, changed %v, replace %v", d.Changes, d.ChangedKeys, d.ReplaceKeys)
	}
	for _, k := range l.changed {
		if !changed(d, k) {
			t.Errorf("update: %q is not among the changed keys %v (detailed diff %v)", k, d.ChangedKeys, d.DetailedDiff)
		}
	}
	updated, err := p.Update(ctx, plugin.UpdateRequest{URN: urn, Name: name, Type: l.resourceType, ID: id,
		OldInputs: inputs, OldOutputs: outputs, NewInputs: newInputs})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	inputs, outputs = newInputs, updated.Properties
	secretsStayed("update", outputs)
	l.check(t, "update", outputs)

	// pulumi import: Read with nothing but the id; the program's inputs then diff as nothing.
	imported := read(nil, nil)
	if imported.ID != id || imported.Outputs == nil {
		t.Fatalf("import: got id %q, outputs %v", imported.ID, imported.Outputs)
	}
	secretsStayed("import", imported.Outputs)
	l.check(t, "import", imported.Outputs)
	program := inputs
	if l.asImported != nil {
		program = check(nil, l.asImported)
	}
	if d := diff(imported.Inputs, imported.Outputs, program); d.Changes != plugin.DiffNone {
		t.Errorf("import: the program's inputs differ from the imported resource: %v %v", d.Changes, d.ChangedKeys)
	}

	// pulumi destroy.
	if _, err := p.Delete(ctx, plugin.DeleteRequest{URN: urn, Name: name, Type: l.resourceType, ID: id, Inputs: inputs, Outputs: outputs}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	deleted = true
	if gone := read(inputs, outputs); gone.ID != "" || gone.Outputs != nil {
		t.Errorf("after delete, refresh still finds %q: %v", gone.ID, gone.Outputs)
	}
	return id, outputs
}

// changed reports whether a diff changes the top-level property k (by its changed keys or
// its detailed diff, where paths look like "roleAttributes[1]" or "tags.owner").
func changed(d plugin.DiffResult, k string) bool {
	for _, c := range d.ChangedKeys {
		if string(c) == k {
			return true
		}
	}
	for path := range d.DetailedDiff {
		if path == k || strings.HasPrefix(path, k+"[") || strings.HasPrefix(path, k+".") {
			return true
		}
	}
	return false
}

func str(t *testing.T, outputs resource.PropertyMap, key string) string {
	t.Helper()
	v := outputs[resource.PropertyKey(key)]
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		t.Fatalf("output %q is %v, not a string", key, v)
	}
	return v.StringValue()
}

// stringSet reads a set-valued output, in any order.
func stringSet(t *testing.T, outputs resource.PropertyMap, key string) map[string]bool {
	t.Helper()
	v := outputs[resource.PropertyKey(key)]
	set := map[string]bool{}
	if v.IsNull() {
		return set
	}
	if !v.IsArray() {
		t.Fatalf("output %q is %v, not a list", key, v)
	}
	for _, e := range v.ArrayValue() {
		set[e.StringValue()] = true
	}
	return set
}

func wantSet(t *testing.T, stage string, outputs resource.PropertyMap, key string, want ...string) {
	t.Helper()
	got := stringSet(t, outputs, key)
	ok := len(got) == len(want)
	for _, w := range want {
		ok = ok && got[w]
	}
	if !ok {
		t.Errorf("%s: %s = %v, want %v", stage, key, got, want)
	}
}

func TestBridgeLifecycle(t *testing.T) {
	c := acctest.Shared(t)
	start := time.Now()
	p := bridged(t, explicitConfig(c))
	sfx := acctest.RandomSuffix()

	// An identity the policies name with @<name> (resolved to its id by the provider, kept as
	// written in the outputs), alive for the whole test.
	agent := lifecycle{resourceType: "ziti:index/identity:Identity"}
	agentName := "pulumi-agent-" + sfx
	agentInputs := map[string]any{"name": agentName, "roleAttributes": []any{"agents-" + sfx}}
	resp, err := p.Check(context.Background(), plugin.CheckRequest{URN: resource.NewURN("test", "ziti", "", agent.resourceType, "agent"),
		Name: "agent", Type: agent.resourceType, News: resource.NewPropertyMapFromMap(agentInputs)})
	if err != nil || len(resp.Failures) > 0 {
		t.Fatalf("Check agent: %v %+v", err, resp.Failures)
	}
	created, err := p.Create(context.Background(), plugin.CreateRequest{URN: resource.NewURN("test", "ziti", "", agent.resourceType, "agent"),
		Name: "agent", Type: agent.resourceType, Properties: resp.Properties})
	if err != nil {
		t.Fatalf("Create agent: %v", err)
	}
	t.Cleanup(func() {
		_, _ = p.Delete(context.Background(), plugin.DeleteRequest{URN: resource.NewURN("test", "ziti", "", agent.resourceType, "agent"),
			Name: "agent", Type: agent.resourceType, ID: created.ID, Inputs: resp.Properties, Outputs: created.Properties})
	})

	// Every case is a few lines (the egress allowlist is not covered yet).
	cases := map[string]lifecycle{
		"identity": {
			resourceType: "ziti:index/identity:Identity",
			create:       map[string]any{"name": "pulumi-id-" + sfx, "roleAttributes": []any{"b-" + sfx, "a-" + sfx, "c-" + sfx}},
			reordered:    map[string]any{"name": "pulumi-id-" + sfx, "roleAttributes": []any{"c-" + sfx, "a-" + sfx, "b-" + sfx}},
			update:       map[string]any{"name": "pulumi-id-" + sfx, "roleAttributes": []any{"a-" + sfx}, "tags": map[string]any{"owner": "pulumi"}},
			changed:      []string{"roleAttributes", "tags"},
			secrets:      []string{"enrollmentJwt"},
			check: func(t *testing.T, stage string, o resource.PropertyMap) {
				if jwt := str(t, o, "enrollmentJwt"); strings.Count(jwt, ".") != 2 {
					t.Errorf("%s: enrollmentJwt is not a JWT", stage)
				}
				if stage == "create" {
					wantSet(t, stage, o, "roleAttributes", "a-"+sfx, "b-"+sfx, "c-"+sfx)
				} else {
					wantSet(t, stage, o, "roleAttributes", "a-"+sfx)
				}
			},
		},
		"service policy": {
			resourceType: "ziti:index/servicePolicy:ServicePolicy",
			create:       map[string]any{"name": "pulumi-dial-" + sfx, "type": "Dial", "identityRoles": []any{"@" + agentName, "#agents-" + sfx}, "serviceRoles": []any{"#svc-" + sfx}},
			reordered:    map[string]any{"name": "pulumi-dial-" + sfx, "type": "Dial", "identityRoles": []any{"#agents-" + sfx, "@" + agentName}, "serviceRoles": []any{"#svc-" + sfx}},
			update:       map[string]any{"name": "pulumi-dial-" + sfx, "type": "Dial", "identityRoles": []any{"@" + agentName}, "serviceRoles": []any{"#svc-" + sfx, "#more-" + sfx}},
			asImported:   map[string]any{"name": "pulumi-dial-" + sfx, "type": "Dial", "identityRoles": []any{"@" + string(created.ID)}, "serviceRoles": []any{"#more-" + sfx, "#svc-" + sfx}},
			changed:      []string{"identityRoles", "serviceRoles"},
			check: func(t *testing.T, stage string, o resource.PropertyMap) {
				switch stage {
				case "create":
					wantSet(t, stage, o, "identityRoles", "@"+agentName, "#agents-"+sfx)
				case "update":
					wantSet(t, stage, o, "identityRoles", "@"+agentName)
					wantSet(t, stage, o, "serviceRoles", "#svc-"+sfx, "#more-"+sfx)
				case "import":
					wantSet(t, stage, o, "identityRoles", "@"+string(created.ID))
				}
			},
		},
		"edge router policy": {
			resourceType: "ziti:index/edgeRouterPolicy:EdgeRouterPolicy",
			create:       map[string]any{"name": "pulumi-erp-" + sfx, "identityRoles": []any{"#agents-" + sfx, "#b-" + sfx}, "edgeRouterRoles": []any{"#public"}},
			reordered:    map[string]any{"name": "pulumi-erp-" + sfx, "identityRoles": []any{"#b-" + sfx, "#agents-" + sfx}, "edgeRouterRoles": []any{"#public"}},
			update:       map[string]any{"name": "pulumi-erp-" + sfx, "identityRoles": []any{"#agents-" + sfx}, "edgeRouterRoles": []any{"#all"}},
			changed:      []string{"identityRoles", "edgeRouterRoles"},
			check:        func(*testing.T, string, resource.PropertyMap) {},
		},
		"service edge router policy": {
			resourceType: "ziti:index/serviceEdgeRouterPolicy:ServiceEdgeRouterPolicy",
			create:       map[string]any{"name": "pulumi-serp-" + sfx, "serviceRoles": []any{"#svc-" + sfx, "#b-" + sfx}, "edgeRouterRoles": []any{"#public"}},
			reordered:    map[string]any{"name": "pulumi-serp-" + sfx, "serviceRoles": []any{"#b-" + sfx, "#svc-" + sfx}, "edgeRouterRoles": []any{"#public"}},
			update:       map[string]any{"name": "pulumi-serp-" + sfx + "-renamed", "serviceRoles": []any{"#svc-" + sfx}, "edgeRouterRoles": []any{"#public"}},
			changed:      []string{"name", "serviceRoles"},
			check:        func(*testing.T, string, resource.PropertyMap) {},
		},
	}
	// Resources in other packages than the core ones (kept apart so a missing one is reported
	// by name instead of failing deep inside the bridge).
	pending := map[string]lifecycle{
		"service": {
			resourceType: "ziti:index/service:Service",
			create:       map[string]any{"name": "pulumi-svc-" + sfx, "roleAttributes": []any{"svc-" + sfx, "b-" + sfx}},
			reordered:    map[string]any{"name": "pulumi-svc-" + sfx, "roleAttributes": []any{"b-" + sfx, "svc-" + sfx}},
			update:       map[string]any{"name": "pulumi-svc-" + sfx, "roleAttributes": []any{"svc-" + sfx}},
			changed:      []string{"roleAttributes"},
			check: func(t *testing.T, stage string, o resource.PropertyMap) {
				if stage != "create" {
					wantSet(t, stage, o, "roleAttributes", "svc-"+sfx)
				}
			},
		},
	}
	pending["private resource"] = lifecycle{
		resourceType: "ziti:index/privateResource:PrivateResource",
		create: map[string]any{"name": "pulumi-pr-" + sfx, "address": "db-" + sfx + ".ziti", "ports": []any{5432}, "targetAddress": "127.0.0.1", "targetPort": 5432,
			"hostRoles": []any{"#hosts-" + sfx, "#h2-" + sfx}, "dialRoles": []any{"@" + agentName, "#agents-" + sfx}},
		reordered: map[string]any{"name": "pulumi-pr-" + sfx, "address": "db-" + sfx + ".ziti", "ports": []any{5432}, "targetAddress": "127.0.0.1", "targetPort": 5432,
			"hostRoles": []any{"#h2-" + sfx, "#hosts-" + sfx}, "dialRoles": []any{"#agents-" + sfx, "@" + agentName}},
		update: map[string]any{"name": "pulumi-pr-" + sfx, "address": "db-" + sfx + ".ziti", "ports": []any{5432}, "targetAddress": "127.0.0.1", "targetPort": 5432,
			"hostRoles": []any{"#hosts-" + sfx}, "dialRoles": []any{"#agents-" + sfx}, "tags": map[string]any{"owner": "pulumi"}},
		changed: []string{"hostRoles", "dialRoles", "tags"},
		check: func(t *testing.T, stage string, o resource.PropertyMap) {
			if stage != "create" {
				wantSet(t, stage, o, "dialRoles", "#agents-"+sfx)
			}
			if str(t, o, "serviceId") == "" || str(t, o, "dialPolicyId") == "" {
				t.Errorf("%s: the private resource's owned service/policy ids are empty", stage)
			}
		},
	}
	served := servedTokens(t)
	for name, l := range pending {
		if served[string(l.resourceType)] {
			cases[name] = l
		} else {
			t.Errorf("%s (%s) is not served by the provider", name, l.resourceType)
		}
	}
	for name, l := range cases {
		t.Run(name, func(t *testing.T) { l.run(t, p) })
	}
	t.Logf("bridge lifecycle of %d resources in %s", len(cases)+1, time.Since(start).Round(time.Millisecond))
}

// TestBridgeEnvironmentFallback: with no ziti:* configuration at all, the provider reads
// ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD and ZITI_CA_FILE (set by the harness) as the
// Terraform provider does, and the getController function reports whom it authenticated as.
func TestBridgeEnvironmentFallback(t *testing.T) {
	acctest.Shared(t)
	p := bridged(t, resource.PropertyMap{})
	resp, err := p.Invoke(context.Background(), plugin.InvokeRequest{Tok: "ziti:index/getController:getController", Args: resource.PropertyMap{}})
	if err != nil {
		t.Fatalf("Invoke getController: %v", err)
	}
	if len(resp.Failures) > 0 {
		t.Fatalf("getController failures: %+v", resp.Failures)
	}
	if got := str(t, resp.Properties, "identityName"); got != "Default Admin" {
		t.Errorf("getController identityName = %q, want the quickstart admin", got)
	}
	if !strings.HasPrefix(str(t, resp.Properties, "version"), "v") {
		t.Errorf("getController version = %v", resp.Properties["version"])
	}
}
