// Command pulumi-tfgen-ziti generates the Pulumi package schema (and bridge metadata) of the
// ziti provider: `pulumi-tfgen-ziti schema --out provider/cmd/pulumi-resource-ziti`
// (`make pulumi-schema` runs it and regenerates the Go SDK with gen-sdk-go).
//
// The nodejs/python/go languages of this command shell out to `pulumi package gen-sdk` and
// the language hosts, which the Go module proxy does not serve: see `make pulumi-sdk-nodejs`.
package main

import (
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

func main() {
	tfgen.Main(provider.PackageName, provider.Provider())
}
