package tests

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/agentfence/terraform-provider-ziti/pulumi/internal/sdkgen"
	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

// PyPI and NuGet are not reachable from this project's machines, so neither SDK can be
// installed with its dependencies (the pulumi Python package, the Pulumi NuGet package) or
// run here. What can be checked offline is checked: the Python SDK compiles and has the layout
// pip and Pulumi's Python tooling expect; the .NET project is well-formed; both declare every
// resource and function of the schema.

// committedSpec reads the committed schema.json.
func committedSpec(t *testing.T) schema.PackageSpec {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", sdkgen.SchemaPath))
	if err != nil {
		t.Fatal(err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// sdkFunctions are the schema's functions (data sources), without the provider's own methods
// (pulumi:providers:ziti/terraformConfig), which the SDKs generate as Provider methods.
func sdkFunctions(spec schema.PackageSpec) []string {
	var tokens []string
	for token := range spec.Functions {
		if !strings.HasPrefix(token, "pulumi:providers:") {
			tokens = append(tokens, token)
		}
	}
	return tokens
}

// memberName is the last part of a token: ziti:index/identity:Identity -> Identity.
func memberName(token string) string { return token[strings.LastIndex(token, ":")+1:] }

// pythonInspect byte-compiles the package (the .pyc files go to a temporary prefix, not into
// the SDK) and lists its top-level classes and functions, and the build metadata of
// pyproject.toml.
const pythonInspect = `
import ast, compileall, json, pathlib, sys, tomllib
root = pathlib.Path(sys.argv[1])
if not compileall.compile_dir(str(root / "agentfence_ziti"), quiet=1):
    sys.exit("compileall failed")
classes, functions = set(), set()
for f in (root / "agentfence_ziti").rglob("*.py"):
    for node in ast.parse(f.read_text(), str(f)).body:
        if isinstance(node, ast.ClassDef): classes.add(node.name)
        if isinstance(node, ast.FunctionDef): functions.add(node.name)
pyproject = tomllib.loads((root / "pyproject.toml").read_text())
json.dump({"classes": sorted(classes), "functions": sorted(functions), "pyproject": pyproject}, sys.stdout)
`

func TestPythonSDK(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is not on PATH: the Python SDK test needs Python 3.11 or later (tomllib)")
	}
	dir := filepath.Join("..", "sdk", "python")
	cmd := exec.Command("python3", "-c", pythonInspect, dir)
	cmd.Env = append(os.Environ(), "PYTHONPYCACHEPREFIX="+t.TempDir(), "PYTHONDONTWRITEBYTECODE=")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("the Python SDK does not byte-compile: %v\n%s%s", err, out, stderr)
	}
	var got struct {
		Classes, Functions []string
		Pyproject          struct {
			Project struct {
				Name           string
				Dependencies   []string
				RequiresPython string `json:"requires-python"`
			}
			Tool struct {
				Setuptools struct {
					PackageData map[string][]string `json:"package-data"`
				}
			}
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	// Layout: the import package, its typing marker and plugin metadata, shipped as package data.
	const pkg = "agentfence_ziti"
	for _, f := range []string{"__init__.py", "py.typed", "pulumi-plugin.json", "_utilities.py", "config/__init__.py"} {
		if _, err := os.Stat(filepath.Join(dir, pkg, f)); err != nil {
			t.Errorf("sdk/python/%s/%s is missing", pkg, f)
		}
	}
	project := got.Pyproject.Project
	if project.Name != pkg || project.RequiresPython == "" {
		t.Errorf("pyproject.toml: name %q, requires-python %q", project.Name, project.RequiresPython)
	}
	if !hasPrefixed(project.Dependencies, "pulumi>=3") {
		t.Errorf("pyproject.toml does not depend on pulumi 3: %v", project.Dependencies)
	}
	data := strings.Join(got.Pyproject.Tool.Setuptools.PackageData[pkg], " ")
	if !strings.Contains(data, "py.typed") || !strings.Contains(data, "pulumi-plugin.json") {
		t.Errorf("pyproject.toml ships %q as package data, want py.typed and pulumi-plugin.json", data)
	}
	assertPluginJSON(t, filepath.Join(dir, pkg, "pulumi-plugin.json"))

	// Every resource is a class, every function a get_x function.
	spec := committedSpec(t)
	classes, functions := toSet(got.Classes), toSet(got.Functions)
	for token := range spec.Resources {
		if !classes[memberName(token)] {
			t.Errorf("the Python SDK has no class %s (%s)", memberName(token), token)
		}
	}
	for _, token := range sdkFunctions(spec) {
		if name := snake(memberName(token)); !functions[name] || !functions[name+"_output"] {
			t.Errorf("the Python SDK has no function %s / %s_output (%s)", name, name, token)
		}
	}
}

// csproj is the part of an MSBuild project file that this test reads.
type csproj struct {
	XMLName    xml.Name           `xml:"Project"`
	SDK        string             `xml:"Sdk,attr"`
	Properties []csprojProperties `xml:"PropertyGroup"`
	ItemGroups []csprojItems      `xml:"ItemGroup"`
}

type csprojProperties struct {
	TargetFramework, Version, PackageIcon, Authors, PackageLicenseExpression string
}

type csprojItems struct {
	PackageReferences []csprojInclude `xml:"PackageReference"`
	EmbeddedResources []csprojInclude `xml:"EmbeddedResource"`
	None              []csprojInclude `xml:"None"`
}

type csprojInclude struct {
	Include string `xml:"Include,attr"`
	Version string `xml:"Version,attr"`
}

func TestDotnetSDK(t *testing.T) {
	dir := filepath.Join("..", "sdk", "dotnet")
	raw, err := os.ReadFile(filepath.Join(dir, "Agentfence.Ziti.csproj"))
	if err != nil {
		t.Fatal(err)
	}
	var proj csproj
	if err := xml.Unmarshal(raw, &proj); err != nil {
		t.Fatalf("Agentfence.Ziti.csproj is not well-formed XML: %v", err)
	}
	if proj.SDK != "Microsoft.NET.Sdk" {
		t.Errorf("project SDK %q, want Microsoft.NET.Sdk", proj.SDK)
	}
	var props csprojProperties
	for _, p := range proj.Properties {
		for _, f := range []struct {
			into *string
			v    string
		}{
			{&props.TargetFramework, p.TargetFramework}, {&props.Version, p.Version}, {&props.PackageIcon, p.PackageIcon},
			{&props.Authors, p.Authors}, {&props.PackageLicenseExpression, p.PackageLicenseExpression},
		} {
			if f.v != "" {
				*f.into = f.v
			}
		}
	}
	if !strings.HasPrefix(props.TargetFramework, "net") || props.Version != provider.Version ||
		props.Authors != "agentfence" || props.PackageLicenseExpression != "MPL-2.0" {
		t.Errorf("project properties: %+v", props)
	}
	refs := map[string]string{}
	var included []string
	for _, g := range proj.ItemGroups {
		for _, r := range g.PackageReferences {
			refs[r.Include] = r.Version
		}
		for _, r := range append(g.EmbeddedResources, g.None...) {
			included = append(included, r.Include)
		}
	}
	if v := refs["Pulumi"]; !strings.Contains(v, ",4)") {
		t.Errorf("PackageReference Pulumi = %q, want a range up to 4 (Pulumi 3.x)", v)
	}
	// Files the project embeds or packs exist (the icon is served by the generator, see sdkgen).
	for _, f := range append(included, props.PackageIcon) {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the project includes %s, which is missing", f)
		}
	}
	if v, err := os.ReadFile(filepath.Join(dir, "version.txt")); err != nil || string(v) != provider.Version {
		t.Errorf("version.txt = %q (%v), want %s", v, err, provider.Version)
	}
	assertPluginJSON(t, filepath.Join(dir, "pulumi-plugin.json"))

	// Every resource is a CustomResource class, every function a static class, in namespace
	// Agentfence.Ziti.
	var sources strings.Builder
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".cs") {
			b, err := os.ReadFile(p) //nolint:gosec // files of the committed SDK
			sources.Write(b)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	src := sources.String()
	if !strings.Contains(src, "namespace Agentfence.Ziti\n") {
		t.Error("the .NET SDK is not in namespace Agentfence.Ziti")
	}
	spec := committedSpec(t)
	for token := range spec.Resources {
		if !regexp.MustCompile(`public partial class ` + memberName(token) + ` : global::Pulumi\.CustomResource\b`).MatchString(src) {
			t.Errorf("the .NET SDK has no resource class %s (%s)", memberName(token), token)
		}
	}
	for _, token := range sdkFunctions(spec) {
		name := memberName(token)
		if !strings.Contains(src, "public static class "+strings.ToUpper(name[:1])+name[1:]+"\n") {
			t.Errorf("the .NET SDK has no function class for %s", token)
		}
	}
}

// assertPluginJSON checks the plugin metadata an SDK ships: Pulumi reads it to find and
// install the provider plugin the SDK needs.
func assertPluginJSON(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path) //nolint:gosec // a path of the committed SDK
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Resource              bool
		Name, Version, Server string
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if !p.Resource || p.Name != "ziti" || p.Version != provider.Version || p.Server != "github://api.github.com/agentfence/terraform-provider-ziti" {
		t.Errorf("%s = %+v", path, p)
	}
}

func hasPrefixed(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func toSet(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, s := range list {
		set[s] = true
	}
	return set
}

// snake is Python's name for a camelCase function: getIdentityAccess -> get_identity_access,
// getHostV1Config -> get_host_v1_config.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
