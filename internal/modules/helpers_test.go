package modules_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/openziti/edge-api/rest_management_api_client/identity"
	"github.com/openziti/edge-api/rest_management_api_client/service"
	"github.com/openziti/edge-api/rest_model"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// rootHeader is what a user's root module says about the provider.
const rootHeader = `
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}
`

// moduleSource is the absolute path of a module under examples/modules, as a local source.
func moduleSource(t testing.TB, name string) string {
	t.Helper()
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "examples", "modules", name)
}

// moduleNames lists the modules under examples/modules.
func moduleNames(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(moduleSource(t, "x")))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

const listAll = "true sort by name limit 500"

// dialable lists, through the admin API, the names of the services an identity may dial or
// bind (policyType "dial" or "bind"), sorted: the controller's own answer, independent of
// the access data sources the modules' checks use.
func dialable(t testing.TB, identityID, policyType string) []string {
	t.Helper()
	filter := listAll
	ok, err := acctest.AdminClient(t).API.Identity.ListIdentityServices(identity.NewListIdentityServicesParamsWithContext(context.Background()).
		WithID(identityID).WithPolicyType(&policyType).WithFilter(&filter), nil)
	if err != nil {
		t.Fatalf("services identity %s may %s: %v", identityID, policyType, err)
	}
	return sortedNames(ok.GetPayload().Data, func(s *rest_model.ServiceDetail) *string { return s.Name })
}

// members lists, through the admin API, the names of the identities that may dial or bind
// a service, sorted.
func members(t testing.TB, serviceID, policyType string) []string {
	t.Helper()
	limit := int64(500)
	ok, err := acctest.AdminClient(t).API.Service.ListServiceIdentities(service.NewListServiceIdentitiesParamsWithContext(context.Background()).
		WithID(serviceID).WithPolicyType(&policyType).WithLimit(&limit), nil)
	if err != nil {
		t.Fatalf("identities that may %s service %s: %v", policyType, serviceID, err)
	}
	return sortedNames(ok.GetPayload().Data, func(i *rest_model.IdentityDetail) *string { return i.Name })
}

// sortedNames are the names of items, sorted.
func sortedNames[T any](items []T, name func(T) *string) []string {
	names := make([]string, 0, len(items))
	for _, item := range items {
		names = append(names, *name(item))
	}
	sort.Strings(names)
	return names
}

// sorted returns a sorted copy.
func sorted(v ...string) []string {
	out := append([]string{}, v...)
	sort.Strings(out)
	return out
}

func same(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// createDialPolicy grants identityID the service serviceID outside Terraform, as an operator
// with the admin console would; the policy is deleted when the test ends.
func createDialPolicy(t testing.TB, name, identityID, serviceID string) string {
	t.Helper()
	c := acctest.AdminClient(t)
	typ, sem := rest_model.DialBindDial, rest_model.SemanticAnyOf
	id, err := client.ServicePolicies.Create(context.Background(), c, &rest_model.ServicePolicyCreate{
		Name: &name, Type: &typ, Semantic: &sem,
		IdentityRoles: rest_model.Roles{"@" + identityID}, ServiceRoles: rest_model.Roles{"@" + serviceID},
		PostureCheckRoles: rest_model.Roles{},
	})
	if err != nil {
		t.Fatalf("creating Dial policy %s: %v", name, err)
	}
	t.Cleanup(func() { _ = client.ServicePolicies.Delete(context.Background(), c, id) })
	return id
}

const checkFailed = "Check block assertion failed"

// user is a working directory holding a user's root configuration that calls one module by
// its local path and forwards all its outputs; tofu runs there with the provider binary under
// test through dev_overrides. The configuration is destroyed when the test ends.
type user struct {
	t        *testing.T
	dir, cli string
	module   string
	// root is more of the user's root configuration, beside the module call (resources the
	// test grants the module's identities, another module the inputs refer to).
	root    string
	outputs map[string]json.RawMessage
}

func newUser(t *testing.T, module string) *user {
	t.Helper()
	acctest.WaitRouterOnline(t)
	u := &user{t: t, dir: t.TempDir(), cli: acctest.DevOverridesConfig(t, acctest.ProviderBinaryDir(t)), module: module}
	t.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(u.dir, "terraform.tfstate")); err != nil {
			return
		}
		if out, code := acctest.RunTofu(t, u.dir, u.cli, "destroy", "-auto-approve", "-input=false", "-no-color"); code != 0 {
			t.Errorf("tofu destroy exited %d:\n%s", code, out)
		}
	})
	return u
}

// apply writes the root configuration with the module's inputs, applies it and asserts what
// the user sees: the apply completes without a check warning (the module keeps its promises)
// and the next plan is empty and warns about nothing. Then it reads the outputs.
func (u *user) apply(inputs string) {
	t := u.t
	t.Helper()
	outputs := moduleOutputs(t, u.module)
	var b strings.Builder
	fmt.Fprintf(&b, "%smodule \"m\" {\n  source = %q\n%s\n}\n%s\n", rootHeader, moduleSource(t, u.module), inputs, u.root)
	for _, o := range outputs {
		fmt.Fprintf(&b, "output %q {\n  value     = module.m.%s\n  sensitive = true\n}\n", o, o)
	}
	if err := os.WriteFile(filepath.Join(u.dir, "main.tf"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// init would look the provider up in the registry; get installs the module, and
	// dev_overrides needs no provider installation.
	acctest.MustTofu(t, u.dir, u.cli, "get", "-no-color")
	out := acctest.MustTofu(t, u.dir, u.cli, "apply", "-auto-approve", "-input=false", "-no-color")
	if strings.Contains(out, checkFailed) || !strings.Contains(out, "Apply complete!") {
		t.Fatalf("tofu apply of %s did not keep its promises:\n%s", u.module, out)
	}
	u.planClean()
	raw := acctest.MustTofu(t, u.dir, u.cli, "output", "-json")
	var outs map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(raw), &outs); err != nil {
		t.Fatalf("tofu output -json: %v\n%s", err, raw)
	}
	// tofu output leaves null outputs out.
	u.outputs = map[string]json.RawMessage{}
	for _, o := range outputs {
		u.outputs[o] = json.RawMessage("null")
	}
	for k, v := range outs {
		u.outputs[k] = v.Value
	}
}

// planClean asserts that a plan shows no change and no check warning.
func (u *user) planClean() {
	u.t.Helper()
	out, code := acctest.RunTofu(u.t, u.dir, u.cli, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if code != 0 || strings.Contains(out, checkFailed) {
		u.t.Fatalf("tofu plan exited %d (want 0: no changes, no warnings):\n%s", code, out)
	}
}

func (u *user) outputJSON(name string) string {
	u.t.Helper()
	v, ok := u.outputs[name]
	if !ok {
		u.t.Fatalf("module %s has no output %s", u.module, name)
	}
	return string(v)
}

// outputString is a string output; "" when null.
func (u *user) outputString(name string) string {
	u.t.Helper()
	var s *string
	if err := json.Unmarshal([]byte(u.outputJSON(name)), &s); err != nil {
		u.t.Fatalf("output %s: %v", name, err)
	}
	if s == nil {
		return ""
	}
	return *s
}

func (u *user) outputMap(name string) map[string]string {
	u.t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(u.outputJSON(name)), &m); err != nil {
		u.t.Fatalf("output %s: %v", name, err)
	}
	return m
}

// moduleOutputs lists the outputs a module declares.
func moduleOutputs(t testing.TB, module string) []string {
	t.Helper()
	return blockNames(t, filepath.Join(moduleSource(t, module), "outputs.tf"), "output")
}

// blockNames lists the labels of the top-level blocks of a kind ("variable", "output") in a
// file, in order.
func blockNames(t testing.TB, path, kind string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^`+kind+` "([a-z0-9_]+)"`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	return names
}

func sortedValues(m map[string]string) []string {
	var v []string
	for _, s := range m {
		v = append(v, s)
	}
	sort.Strings(v)
	return v
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
