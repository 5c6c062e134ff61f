// Command gen-sdk writes the Go, Node.js, Python and .NET SDKs for the committed schema.json
// into sdk/<language>, offline (no Pulumi CLI, no language host). Run from the pulumi module:
// `go run ./internal/cmd/gen-sdk` (`make pulumi-schema` does).
package main

import (
	"fmt"
	"os"

	"github.com/agentfence/terraform-provider-ziti/pulumi/internal/sdkgen"
	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
}

func run() error {
	schemaJSON, err := os.ReadFile(sdkgen.SchemaPath)
	if err != nil {
		return err
	}
	for _, sdk := range sdkgen.SDKs {
		files, err := sdk.Generate(schemaJSON, provider.Version)
		if err != nil {
			return err
		}
		if err := files.Write(sdk.Dir, true); err != nil {
			return err
		}
		fmt.Printf("wrote %d files to %s\n", len(files), sdk.Dir)
	}
	return nil
}
