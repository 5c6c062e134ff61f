// Command gen-go-sdk writes the Go SDK for the committed schema.json into sdk/go/ziti, offline
// (no Pulumi CLI, no language host). Run from the pulumi module: `go run ./internal/cmd/gen-go-sdk`
// (`make pulumi-schema` does).
package main

import (
	"fmt"
	"os"

	"github.com/agentfence/terraform-provider-ziti/pulumi/internal/sdkgen"
	"github.com/agentfence/terraform-provider-ziti/pulumi/provider"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen-go-sdk:", err)
		os.Exit(1)
	}
}

func run() error {
	schemaJSON, err := os.ReadFile(sdkgen.SchemaPath)
	if err != nil {
		return err
	}
	files, err := sdkgen.GoSDK(schemaJSON, provider.Version)
	if err != nil {
		return err
	}
	if err := files.Write(sdkgen.GoSDKDir, true); err != nil {
		return err
	}
	fmt.Printf("wrote %d files to %s\n", len(files), sdkgen.GoSDKDir)
	return nil
}
