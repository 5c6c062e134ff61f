// Package provider is the Pulumi bridge's description of the ziti Terraform provider:
// package name, token mapping, provider configuration and the embedded bridge metadata.
//
// Import of the Terraform provider: this module's path
// (github.com/agentfence/terraform-provider-ziti/pulumi) lies under the provider module's
// path, and Go's `internal` rule is decided by import path, not by module boundary, so this
// package may import github.com/agentfence/terraform-provider-ziti/internal/provider directly.
// That keeps the provider's public API at zero packages (nothing outside this repository can
// construct it from Go) while the bridge's large dependency graph stays out of the provider's
// go.mod. The go.mod here replaces the provider module with `../`, so the bridge always wraps
// the provider code of the same commit.
package provider

import (
	"context"
	_ "embed" // bridge-metadata.json

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"

	zitiprovider "github.com/agentfence/terraform-provider-ziti/internal/provider"
)

const (
	// PackageName is the Pulumi package name: resources are ziti:index/<name>:<Name>.
	PackageName = "ziti"
	// tfPrefix is the Terraform type-name prefix every resource and data source carries.
	tfPrefix = "ziti_"
	// mainMod is the one module all tokens live in (ziti.Identity, ziti.getIdentity, ...).
	mainMod = "index"
)

// Version is the provider version; the release build sets it with
// -ldflags "-X github.com/agentfence/terraform-provider-ziti/pulumi/provider.Version=1.2.3".
// The bridge requires valid semver.
var Version = "0.1.0-dev"

//go:embed cmd/pulumi-resource-ziti/bridge-metadata.json
var bridgeMetadata []byte

// Provider is the ProviderInfo of the bridged ziti provider.
//
// Tokens are computed from the provider's own resource and data source lists when the
// ProviderInfo is built: a resource added to internal/provider/registry.go gets its token
// (ziti_private_resource -> ziti:index/privateResource:PrivateResource, data source
// ziti_identity_access -> ziti:index/getIdentityAccess:getIdentityAccess) without an edit
// here. The committed schema.json must then be regenerated (`make pulumi-schema`); the
// schema test in this module fails until it is.
//
// Provider configuration (ziti:endpoint, ziti:username, ziti:password, ...) is the Terraform
// provider's own schema, so attributes marked Sensitive there (password, identityJson,
// keyPem, extJwt) are Pulumi secrets. The environment fallbacks (ZITI_API_URL, ZITI_USERNAME,
// ZITI_PASSWORD, ZITI_IDENTITY_FILE, ZITI_IDENTITY_JSON, ZITI_CERT_PEM, ZITI_KEY_PEM,
// ZITI_EXT_JWT, ZITI_CA_PEM, ZITI_CA_FILE, ZITI_INSECURE_SKIP_VERIFY, ZITI_TRUST_ON_FIRST_USE,
// ZITI_REQUEST_TIMEOUT, ZITI_MAX_RETRIES, ZITI_REVOKE_OPEN_CONNECTIONS) are deliberately NOT
// declared as bridge defaults (info.Default.EnvVars): the provider plugin inherits the
// environment and the provider's Configure applies them itself, with its per-group precedence
// (any credential set in configuration disables all credential variables, likewise for the
// CA). Bridge defaults would copy each variable into the configuration one by one, so a
// shell's ZITI_USERNAME next to a configured ziti:identityFile would become a conflicting
// configuration instead of being ignored. One code path, the same behaviour as Terraform.
//
// No autonaming: names are what role selectors (`@agent-1`) and dialing agents refer to, so
// `name` stays required as in Terraform instead of becoming `<logical name>-<random>`.
func Provider() tfbridge.ProviderInfo {
	return providerInfo(context.Background())
}

func providerInfo(ctx context.Context) tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:                 pf.ShimProviderWithContext(ctx, zitiprovider.New(Version)()),
		Name:              "ziti",
		DisplayName:       "OpenZiti (agentfence)",
		Version:           Version,
		Publisher:         "agentfence",
		PluginDownloadURL: "github://api.github.com/agentfence/terraform-provider-ziti",
		Description:       "Zero-trust overlay for AI agents on OpenZiti: identities, services, configs and policies as code.",
		Keywords:          []string{"pulumi", "ziti", "openziti", "zero-trust", "category/network"},
		License:           "MPL-2.0",
		Homepage:          "https://github.com/agentfence/terraform-provider-ziti",
		Repository:        "https://github.com/agentfence/terraform-provider-ziti",
		GitHubOrg:         "agentfence",
		LogoURL:           "",
		// The provider's attribute descriptions are written for users (and are what
		// tfplugindocs renders), so the schema takes them instead of parsing docs/.
		UpstreamRepoPath: "",
		MetadataInfo:     tfbridge.NewProviderMetadata(bridgeMetadata),
		Config:           map[string]*tfbridge.SchemaInfo{},
		Golang: &tfbridge.GolangInfo{
			ImportBasePath:                 "github.com/agentfence/terraform-provider-ziti/pulumi/sdk/go/ziti",
			GenerateResourceContainerTypes: true,
			GenerateExtraInputTypes:        true,
			RespectSchemaVersion:           true,
		},
		JavaScript: &tfbridge.JavaScriptInfo{
			PackageName:          "@agentfence/ziti",
			RespectSchemaVersion: true,
		},
		// pyproject.toml rather than setup.py: what pip and Pulumi's Python tooling build from.
		Python: &tfbridge.PythonInfo{
			PackageName:          "agentfence_ziti",
			RespectSchemaVersion: true,
			PyProject:            struct{ Enabled bool }{Enabled: true},
		},
		// NuGet package and namespace Agentfence.Ziti (the default root namespace, Pulumi, is
		// Pulumi's own packages').
		CSharp: &tfbridge.CSharpInfo{
			RootNamespace:        "Agentfence",
			RespectSchemaVersion: true,
		},
	}
	info.MustComputeTokens(tokens.SingleModule(tfPrefix, mainMod, tokens.MakeStandard(PackageName)))
	return info
}

// Metadata is what the provider binary needs besides the ProviderInfo: the package schema.
func Metadata(schema []byte) pf.ProviderMetadata {
	return pf.ProviderMetadata{PackageSchema: schema}
}
