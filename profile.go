package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// envCPUProfile, when set to a path prefix, makes the provider write a CPU profile of its
// whole life to <prefix>.<pid> (one file per provider process; Terraform starts several per
// run): `go tool pprof terraform-provider-ziti <prefix>.<pid>`. For performance work only.
const envCPUProfile = "ZITI_PROVIDER_CPUPROFILE"

// startProfile starts the CPU profile when envCPUProfile asks for one and returns what stops
// it; a profile that cannot start is reported on stderr (Terraform's provider log) and the
// provider serves anyway.
func startProfile() (stop func()) {
	prefix := os.Getenv(envCPUProfile)
	if prefix == "" {
		return func() {}
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid())) //nolint:gosec // G703: the path is the operator's own profiling setting
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", envCPUProfile, err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", envCPUProfile, err)
		_ = f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
