package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/provider"
)

var (
	shared      *Controller
	adminOnce   sync.Once
	adminClient *client.Client
	adminErr    error
)

// Run is the body of TestMain for a package with acceptance tests:
//
//	func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }
//
// With TF_ACC set, the first test that needs the controller (Shared, PreCheck) starts one for
// the whole package; Run stops it and deletes its data when the tests end (also on Ctrl-C).
// A package whose tests are all filtered out by -run starts nothing. Without TF_ACC only the
// unit tests run.
func Run(m *testing.M) int {
	defer removeProviderBinary()
	code := m.Run()
	if adminClient != nil {
		adminClient.Close(context.Background())
	}
	if shared != nil {
		if shared.exitedEarly.Load() && shared.logTail != nil {
			fmt.Fprintf(os.Stderr, "acctest: the controller exited while the tests ran; its log ends:\n%s\n", shared.logTail())
			code = 1
		}
		shared.Stop()
	}
	if startErr != nil && code == 0 {
		code = 1
	}
	return code
}

var (
	startOnce sync.Once
	startErr  error
)

// startShared starts the package's controller and points the provider's environment
// variables at it.
func startShared() {
	c, err := Start(context.Background())
	if err != nil {
		startErr = fmt.Errorf("cannot start the test controller: %w", err)
		return
	}
	shared = c
	fmt.Fprintf(os.Stderr, "acctest: %s controller at %s ready in %s\n", c.Mode, c.URL, c.StartedIn.Round(10*time.Millisecond))

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		c.Stop()
		removeProviderBinary()
		os.Exit(130)
	}()

	for k, v := range map[string]string{
		"ZITI_API_URL": c.URL, "ZITI_USERNAME": c.Username, "ZITI_PASSWORD": c.Password, "ZITI_CA_FILE": c.CAFile,
	} {
		_ = os.Setenv(k, v)
	}
}

// Shared is the package's controller, started by the first test that asks. It skips the test
// when TF_ACC is unset, and fails it when the controller cannot start.
func Shared(t testing.TB) *Controller {
	t.Helper()
	skipUnlessAcc(t)
	startOnce.Do(startShared)
	if startErr != nil {
		t.Fatal(startErr)
	}
	return shared
}

// skipUnlessAcc skips an acceptance test (one that needs a controller or drives tofu) when
// TF_ACC is unset: the unit test runs (make testunit, make testrace) leave them to testacc.
func skipUnlessAcc(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc) to run it against a real controller")
	}
}

// PreCheck is the resource.TestCase PreCheck for acceptance tests.
func PreCheck(t *testing.T) func() {
	return func() { Shared(t) }
}

// AdminClient is an admin API client to the package's controller, for checks and set-up.
func AdminClient(t testing.TB) *client.Client {
	t.Helper()
	c := Shared(t)
	adminOnce.Do(func() { adminClient, adminErr = c.NewClient(context.Background()) })
	if adminErr != nil {
		t.Fatalf("admin client: %v", adminErr)
	}
	return adminClient
}

// ProviderFactories serves the provider in-process to the Terraform/OpenTofu binary.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"ziti": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// RandomSuffix makes names unique across tests and runs on a shared controller.
func RandomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Test runs an acceptance test case against the package's controller, with the provider
// served in-process: PreCheck and ProtoV6ProviderFactories are set unless the case sets them.
func Test(t *testing.T, c resource.TestCase) {
	t.Helper()
	if c.PreCheck == nil {
		c.PreCheck = PreCheck(t)
	}
	if c.ProtoV6ProviderFactories == nil && c.ProviderFactories == nil && c.ExternalProviders == nil {
		c.ProtoV6ProviderFactories = ProviderFactories
	}
	resource.Test(t, c)
}
