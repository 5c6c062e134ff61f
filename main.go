package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/agentfence/terraform-provider-ziti/internal/provider"
)

// version is set by the release build: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug, showVersion bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.BoolVar(&showVersion, "version", false, "print the provider's version and exit")
	flag.Parse()
	if showVersion {
		fmt.Println("terraform-provider-ziti", version)
		return
	}

	stopProfile := startProfile()
	if !debug {
		quietLogs()
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/agentfence/ziti",
		Debug:           debug,
		ProtocolVersion: 6,
	})
	// Terraform asks the provider to stop when a run is done and waits a moment for it to exit:
	// time enough to log out.
	closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
	provider.CloseSessions(closeCtx)
	cancel()
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}
