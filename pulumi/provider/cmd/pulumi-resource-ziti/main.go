// Command pulumi-resource-ziti is the Pulumi resource plugin for OpenZiti: the Terraform
// provider served through the Pulumi Terraform bridge. Install it on PATH (or with
// `pulumi plugin install resource ziti <version> --file <binary>`).
package main

import (
	"context"
	_ "embed" // schema.json

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

//go:embed schema.json
var schema []byte

func main() {
	pf.Main(context.Background(), provider.PackageName, provider.Provider(), provider.Metadata(schema))
}
