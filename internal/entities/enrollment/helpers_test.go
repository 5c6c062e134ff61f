package enrollment_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/acctest/sink"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// providers serves the ziti provider and the test-only sink provider (the consumer of the
// token, standing in for a Kubernetes secret) in-process.
var providers = map[string]func() (tfprotov6.ProviderServer, error){
	"ziti": acctest.ProviderFactories["ziti"],
	"sink": providerserver.NewProtocol6WithError(sink.New()),
}

// ephemeralCLIs: ephemeral resources and write-only attributes need Terraform 1.11+ or
// OpenTofu 1.11+ (make testacc runs OpenTofu 1.12.6); older CLIs skip these tests.
var ephemeralCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// workDirs points terraform-plugin-testing's working directories (configuration, state,
// saved plans) into a directory the test can search, and returns it.
func workDirs(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	return dir
}

// delivered reads what sink_secret wrote: the values passed to its write-only data_wo.
func delivered(path string) (map[string]*string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("the consumer received nothing: %w", err)
	}
	var data map[string]*string
	return data, json.Unmarshal(b, &data)
}

func deliveredToken(path string) (string, error) {
	data, err := delivered(path)
	if err != nil {
		return "", err
	}
	if data["token"] == nil || *data["token"] == "" {
		return "", fmt.Errorf("the consumer received no token: %v", data)
	}
	return *data["token"], nil
}

// pendingJWT is the identity's pending one-time token as the controller reports it.
func pendingJWT(t *testing.T, id string) (string, error) {
	d, err := client.Identities.Get(context.Background(), acctest.AdminClient(t), id)
	if err != nil {
		return "", err
	}
	if d.Enrollment == nil || d.Enrollment.Ott == nil || d.Enrollment.Ott.JWT == "" {
		return "", fmt.Errorf("identity %s has no pending one-time token", id)
	}
	return d.Enrollment.Ott.JWT, nil
}

// findSecret searches every file under dir (state, saved plans, configuration, the CLI's
// own files), including the entries of zip archives (a saved plan is one), for secret, and
// fails naming the file that holds it.
func findSecret(dir, secret string) error {
	if secret == "" {
		return fmt.Errorf("no secret to search for")
	}
	needle := []byte(secret)
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path) //nolint:gosec // the test's own temporary directory
		if err != nil {
			return err
		}
		files++
		if bytes.Contains(b, needle) {
			return fmt.Errorf("%s contains the enrollment token", path)
		}
		if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			return nil
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, f := range zr.File {
			r, err := f.Open()
			if err != nil {
				return err
			}
			content, err := io.ReadAll(r)
			_ = r.Close()
			if err != nil {
				return err
			}
			if bytes.Contains(content, needle) {
				return fmt.Errorf("%s (entry %s of the saved plan) contains the enrollment token", path, f.Name)
			}
		}
		return nil
	})
	if err == nil && files == 0 {
		return fmt.Errorf("no files under %s: the search would prove nothing", dir)
	}
	return err
}

// noSecretInPlan checks the saved plan before it is applied: its JSON rendering (tofu show
// -json) and the plan file itself.
type noSecretInPlan struct {
	dir    string
	secret *string
}

func (c noSecretInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if bytes.Contains(b, []byte(*c.secret)) {
		resp.Error = fmt.Errorf("the plan (show -json) contains the enrollment token")
		return
	}
	if !hasPlanFile(c.dir) {
		resp.Error = fmt.Errorf("no saved plan file under %s", c.dir)
		return
	}
	resp.Error = findSecret(c.dir, *c.secret)
}

func hasPlanFile(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "tfplan" {
			found = true
		}
		return nil
	})
	return found
}
