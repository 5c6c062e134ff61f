// Package sdkgen generates the ziti Pulumi package offline and in process: the package
// schema and bridge metadata (what `pulumi-tfgen-ziti schema` writes) and the Go, Node.js,
// Python and .NET SDKs (what `pulumi package gen-sdk --language <x>` would write, without the
// language hosts, which the Go module proxy does not serve). `make pulumi-schema` writes the results into the
// repository; the tests regenerate them in memory and fail when the committed copies are
// stale.
package sdkgen

import (
	"context"
	_ "embed" // logo.png
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	dotnetgen "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/spf13/afero"
)

// Files maps a path relative to the output directory to its content.
type Files map[string][]byte

// Schema runs the bridge's schema generator exactly as `pulumi-tfgen-ziti schema` does
// (same options), into memory. It returns schema.json and bridge-metadata.json. info must
// be fresh (built from the committed metadata): generation records into its metadata.
func Schema(info tfbridge.ProviderInfo, diagnostics io.Writer) (Files, error) {
	fs := afero.NewMemMapFs()
	g, err := tfgen.NewGenerator(tfgen.GeneratorOptions{
		Package:      info.Name,
		Version:      info.Version,
		Language:     tfgen.Schema,
		ProviderInfo: info,
		Root:         fs,
		Sink:         diag.DefaultSink(diagnostics, diagnostics, diag.FormatOptions{Color: colors.Never}),
	})
	if err != nil {
		return nil, err
	}
	if _, err := g.Generate(context.Background()); err != nil {
		return nil, err
	}
	out := Files{}
	for _, name := range []string{"schema.json", "bridge-metadata.json"} {
		b, err := afero.ReadFile(fs, name)
		if err != nil {
			return nil, fmt.Errorf("the generator wrote no %s: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

// noLoader resolves no other packages: the ziti schema references none, and the default
// plugin loader would look for (and try to download) provider plugins.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("package %q: the ziti schema references no other package", pkg)
}

func (noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("package %q: the ziti schema references no other package", d.Name)
}

func (noLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %q: the ziti schema references no other package", pkg)
}

func (noLoader) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %q: the ziti schema references no other package", d.Name)
}

// SDK is one language's generated SDK: where it is committed and how it is generated.
type SDK struct {
	// Language is the name `pulumi package gen-sdk --language` uses.
	Language string
	// Dir is where the SDK is committed, relative to the pulumi module's root.
	Dir string
	// generate writes the SDK for a bound package; each call gets a freshly bound one
	// (generators record their language's info into the package).
	generate func(pkg *schema.Package) (map[string][]byte, error)
}

// The tool name generators write into each file's "do not edit" header.
const tool = "pulumi-tfgen-ziti"

// SDKs are the four SDKs committed under sdk/, each generated in process by the code
// generator `pulumi package gen-sdk` would run through a language host (which the Go module
// proxy does not serve, and PyPI/NuGet would be needed for).
var SDKs = []SDK{
	{Language: "go", Dir: "sdk/go", generate: func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	}},
	// Not a local SDK and no local dependencies: package.json names @pulumi/pulumi from npm.
	{Language: "nodejs", Dir: "sdk/nodejs", generate: func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	}},
	{Language: "python", Dir: "sdk/python", generate: func(pkg *schema.Package) (map[string][]byte, error) {
		return pythongen.GeneratePackage(tool, pkg, nil, noLoader{})
	}},
	{Language: "dotnet", Dir: "sdk/dotnet", generate: generateDotnet},
}

// logo is the NuGet package icon (logo.png in the .NET SDK).
//
//go:embed logo.png
var logo []byte

// generateDotnet runs the .NET generator with the package icon served from this process:
// the generator downloads the schema's logoUrl (raw.githubusercontent.com when empty) with
// http.Get, which would make generation depend on the internet.
func generateDotnet(pkg *schema.Package) (map[string][]byte, error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(logo)
	}))
	defer srv.Close()
	pkg.LogoURL = srv.URL + "/logo.png"
	return dotnetgen.GeneratePackage(tool, pkg, nil, nil)
}

// GoSDKDir holds package ziti (GeneratePackage's paths start with "ziti/"); it is the module
// github.com/agentfence/terraform-provider-ziti/pulumi/sdk, so Go programs get the SDK
// without the bridge's dependency graph.
const GoSDKDir = "sdk/go"

// Generate generates the SDK from a package schema (schema.json) offline. version is set on
// the spec first, as `pulumi package gen-sdk` would; the SDK then reports it as the provider
// plugin version.
func (s SDK) Generate(schemaJSON []byte, version string) (Files, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(schemaJSON, &spec); err != nil {
		return nil, fmt.Errorf("schema.json: %w", err)
	}
	spec.Version = version
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding schema.json: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding schema.json: %s", diags.Error())
	}
	files, err := s.generate(pkg)
	if err != nil {
		return nil, fmt.Errorf("generating the %s SDK: %w", s.Language, err)
	}
	return Files(files), nil
}

// Write puts files under dir. With clean, files under dir that are not in files are
// removed first (a resource that disappeared loses its SDK file).
func (f Files) Write(dir string, clean bool) error {
	if clean {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	// Committed source files: readable by everyone, like the rest of a checkout.
	for name, content := range f {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil { //nolint:gosec // see above
			return err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil { //nolint:gosec // see above
			return err
		}
	}
	return nil
}

// Names lists the files' paths, sorted.
func (f Files) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Paths of the committed artifacts, relative to the pulumi module's root.
const (
	SchemaPath   = "provider/cmd/pulumi-resource-ziti/schema.json"
	MetadataPath = "provider/cmd/pulumi-resource-ziti/bridge-metadata.json"
)
