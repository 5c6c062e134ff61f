package tests

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"

	"github.com/agentfence/terraform-provider-ziti/pulumi/internal/sdkgen"
	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

const regenerate = "run `make pulumi-schema` and commit the result"

// generated regenerates schema.json and bridge-metadata.json in memory from the provider as
// it is now, starting from the committed metadata as `pulumi-tfgen-ziti schema` does.
func generated(t *testing.T) sdkgen.Files {
	t.Helper()
	var log bytes.Buffer
	files, err := sdkgen.Schema(provider.Provider(), &log)
	if err != nil {
		t.Fatalf("generating the schema: %v\n%s", err, log.String())
	}
	return files
}

// TestSchemaIsCurrent fails when a resource, data source or attribute was added, removed or
// changed in the Terraform provider without regenerating the Pulumi schema.
func TestSchemaIsCurrent(t *testing.T) {
	files := generated(t)
	for name, path := range map[string]string{"schema.json": sdkgen.SchemaPath, "bridge-metadata.json": sdkgen.MetadataPath} {
		committed, err := os.ReadFile(filepath.Join("..", path))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSpace(committed), bytes.TrimSpace(files[name])) {
			t.Errorf("pulumi/%s is stale: %s\n%s", path, regenerate, firstDifference(committed, files[name]))
		}
	}
}

// TestSDKsAreCurrent regenerates the Go, Node.js, Python and .NET SDKs from the committed
// schema and compares them with sdk/<language>: a stale SDK, a hand-edited file, a missing one
// or one that is no longer generated fails. The Go SDK is compiled and vetted too.
func TestSDKsAreCurrent(t *testing.T) {
	committedSchema, err := os.ReadFile(filepath.Join("..", sdkgen.SchemaPath))
	if err != nil {
		t.Fatal(err)
	}
	for _, sdk := range sdkgen.SDKs {
		t.Run(sdk.Language, func(t *testing.T) {
			files, err := sdk.Generate(committedSchema, provider.Version)
			if err != nil {
				t.Fatal(err)
			}
			compareTree(t, sdk.Dir, files)
		})
	}
	if testing.Short() {
		return
	}
	// The Go SDK is its own module (no bridge dependencies for Go programs): compile it there.
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = filepath.Join("..", "sdk")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s of the Go SDK: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// compareTree fails for every file under pulumi/<dir> that differs from files, is missing,
// or is not in files.
func compareTree(t *testing.T, dir string, files sdkgen.Files) {
	t.Helper()
	root := filepath.Join("..", dir)
	seen := map[string]bool{}
	for _, name := range files.Names() {
		seen[filepath.FromSlash(name)] = true
		committed, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name))) //nolint:gosec // names the generator made
		if err != nil {
			t.Errorf("pulumi/%s/%s is missing: %s", dir, name, regenerate)
			continue
		}
		if !bytes.Equal(committed, files[name]) {
			t.Errorf("pulumi/%s/%s is stale: %s\n%s", dir, name, regenerate, firstDifference(committed, files[name]))
		}
	}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if !seen[rel] {
				t.Errorf("pulumi/%s/%s is no longer generated: %s", dir, rel, regenerate)
			}
		}
		return nil
	})
	if err != nil {
		t.Errorf("reading pulumi/%s: %v", dir, err)
	}
}

// TestSchemaContents asserts what a Pulumi user relies on: every Terraform resource and data
// source has its token in the one `index` module, provider configuration keeps its secrets,
// and sensitive outputs are secrets.
func TestSchemaContents(t *testing.T) {
	spec := committedSpec(t)
	if spec.Name != "ziti" || spec.Publisher != "agentfence" {
		t.Errorf("package name/publisher = %q/%q", spec.Name, spec.Publisher)
	}

	info := provider.Provider()
	var missing []string
	for tf, r := range info.Resources {
		if _, ok := spec.Resources[r.Tok.String()]; !ok {
			missing = append(missing, tf+" -> "+r.Tok.String())
		}
	}
	for tf, d := range info.DataSources {
		if _, ok := spec.Functions[d.Tok.String()]; !ok {
			missing = append(missing, tf+" -> "+d.Tok.String())
		}
	}
	if len(missing) > 0 {
		t.Errorf("tokens missing from schema.json (%s): %v", regenerate, missing)
	}
	// Every resource and data source the Terraform provider serves has a token.
	var unmapped []string
	info.P.ResourcesMap().Range(func(name string, _ shim.Resource) bool {
		if r, ok := info.Resources[name]; !ok || r.Tok == "" {
			unmapped = append(unmapped, name)
		}
		return true
	})
	info.P.DataSourcesMap().Range(func(name string, _ shim.Resource) bool {
		if d, ok := info.DataSources[name]; !ok || d.Tok == "" {
			unmapped = append(unmapped, name)
		}
		return true
	})
	if len(unmapped) > 0 {
		t.Errorf("served by the Terraform provider but without a Pulumi token: %v", unmapped)
	}

	for tok, want := range map[string]bool{
		"ziti:index/identity:Identity":           true,
		"ziti:index/servicePolicy:ServicePolicy": true,
		"ziti:index/edgeRouter:EdgeRouter":       true,
	} {
		if _, ok := spec.Resources[tok]; ok != want {
			t.Errorf("resource %s in schema: %v, want %v", tok, ok, want)
		}
	}
	for _, fn := range []string{"ziti:index/getIdentity:getIdentity", "ziti:index/getIdentities:getIdentities", "ziti:index/getController:getController"} {
		if _, ok := spec.Functions[fn]; !ok {
			t.Errorf("function %s missing", fn)
		}
	}

	for key, secret := range map[string]bool{"password": true, "keyPem": true, "extJwt": true, "identityJson": true, "endpoint": false, "username": false} {
		v, ok := spec.Config.Variables[key]
		if !ok {
			t.Errorf("config ziti:%s missing", key)
			continue
		}
		if v.Secret != secret {
			t.Errorf("config ziti:%s secret = %v, want %v", key, v.Secret, secret)
		}
	}
	if p, ok := spec.Resources["ziti:index/identity:Identity"].Properties["enrollmentJwt"]; !ok || !p.Secret {
		t.Errorf("Identity.enrollmentJwt must be a secret output: %+v", p)
	}
	if ra := spec.Resources["ziti:index/identity:Identity"].InputProperties["roleAttributes"]; ra.Type != "array" {
		t.Errorf("Identity.roleAttributes input is %q, want an array (a set in Terraform)", ra.Type)
	}
}

// servedTokens lists the resource tokens the bridged provider maps right now.
func servedTokens(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, r := range provider.Provider().Resources {
		out[r.Tok.String()] = true
	}
	return out
}

func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at line %d:\n  committed: %s\n  generated: %s", i+1, x, y)
		}
	}
	return "(only trailing whitespace differs)"
}
