// Command pulumi-tfgen-ziti generates the Pulumi package schema (and bridge metadata) of the
// ziti provider: `pulumi-tfgen-ziti schema --out provider/cmd/pulumi-resource-ziti`
// (`make pulumi-schema` runs it, then regenerates the four SDKs with internal/cmd/gen-sdk).
//
// The nodejs/python/go languages of this command shell out to `pulumi package gen-sdk` and
// the language hosts, which the Go module proxy does not serve: internal/cmd/gen-sdk runs the
// same code generators in process instead.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

func main() {
	tfgen.Main(provider.PackageName, provider.Provider())
}
