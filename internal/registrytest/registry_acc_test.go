package registrytest_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/dirhash"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/registrytest"
)

func TestMain(m *testing.M) { os.Exit(acctest.Run(m)) }

// The release the test builds and publishes, and the constraint the user's configuration
// asks for: any version would do, this one is not a real release.
const (
	releaseVersion = "0.99.0"
	constraint     = "~> 0.99"
)

// cliUnderTest is a CLI as users run it, with the registry host its bare source addresses
// mean and the word its install line uses for a release signed by a key that is not its
// vendor's.
type cliUnderTest struct {
	name, env, host, signedAs string
}

var clis = []cliUnderTest{
	{name: "tofu", env: "TOFU_BIN", host: "registry.opentofu.org", signedAs: "signed"},
	{name: "terraform", env: "TERRAFORM_BIN", host: "registry.terraform.io", signedAs: "self-signed"},
}

// TestAccRegistry_signedReleaseInstallsFromTheRegistry is the install path users take: the
// release build (goreleaser, .goreleaser.yml, signed with a throwaway GPG key) published on a
// registry that speaks the provider and module registry protocols over HTTPS, and a
// configuration with `source = "agentfence/ziti"`, a version constraint and a registry module
// (`agentfence/agent-sandbox/ziti`), initialized, applied against the harness controller and
// destroyed through OpenTofu and Terraform 1.5.7, with no dev_overrides. The CLIs must verify
// what they install: a tampered archive, a wrong checksum and a bad signature each make init
// fail.
func TestAccRegistry_signedReleaseInstallsFromTheRegistry(t *testing.T) {
	// Skips without TF_ACC. The controller starts at the first apply.
	goreleaser := acctest.ToolBinary(t, "GORELEASER_BIN", "goreleaser")
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	bins := map[string]string{}
	for _, c := range clis {
		bins[c.name] = acctest.ToolBinary(t, c.env, c.name)
	}

	key := registrytest.NewGPGKey(t, "agentfence release (test) <release@agentfence.invalid>")
	dist := registrytest.BuildSnapshot(t, goreleaser, root, key, releaseVersion)
	checkLayout(t, dist)
	checkPulumiPlugin(t, dist)
	rel, err := registrytest.LoadRelease(dist, "agentfence", "ziti", key.Public(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Archives) != 1 || rel.Archives[0].OS != runtime.GOOS || rel.Archives[0].Arch != runtime.GOARCH {
		t.Fatalf("the snapshot's SHA256SUMS lists %v, want this platform's zip only", rel.Archives)
	}
	if !slices.Equal(rel.Protocols, []string{"6.0"}) {
		t.Errorf("the manifest says protocols %v, want [6.0] (the provider serves protocol 6)", rel.Protocols)
	}

	// Started before the CLIs' environment is taken: apply reads the provider's settings
	// (ZITI_API_URL, ZITI_USERNAME, ...) from it.
	acctest.Shared(t)
	reg := registrytest.New(t)
	reg.PublishProvider(rel)
	modules := publishModules(t, reg, root)

	for _, c := range clis {
		t.Run(c.name, func(t *testing.T) {
			u := newUser(t, c, bins[c.name], reg)
			u.installApplyDestroy(rel, modules)
		})
	}

	// Each broken release is published in place of the good one, and init must refuse it.
	broken := []struct {
		name   string
		tamper func(t *testing.T, bad *registrytest.Release)
		// what both CLIs say (their getproviders package), so that a failure for another
		// reason does not pass
		want *regexp.Regexp
	}{
		{
			name: "tampered archive",
			// The zip is replaced by another valid zip (the binary with bytes appended): the
			// checksums and their signature are the genuine ones.
			tamper: func(t *testing.T, bad *registrytest.Release) {
				t.Helper()
				tamperZip(t, filepath.Join(bad.Dir, bad.Archives[0].Filename))
			},
			want: regexp.MustCompile(`archive has incorrect checksum`),
		},
		{
			name: "wrong checksum",
			// The registry's download document gives another archive's checksum; the archive,
			// SHA256SUMS and its signature are the genuine ones.
			tamper: func(t *testing.T, bad *registrytest.Release) {
				t.Helper()
				bad.Archives[0].SHASum = strings.Repeat("0", 64)
			},
			want: regexp.MustCompile(`checksum list has unexpected SHA-256 hash`),
		},
		{
			name: "bad signature",
			// SHA256SUMS signed by another key than the one registered for the namespace.
			tamper: func(t *testing.T, bad *registrytest.Release) {
				t.Helper()
				other := registrytest.NewGPGKey(t, "not the publisher <other@agentfence.invalid>")
				other.DetachSign(t, filepath.Join(bad.Dir, bad.SHASums), filepath.Join(bad.Dir, bad.Signature))
			},
			want: regexp.MustCompile(`authentication signature from unknown issuer`),
		},
	}
	for _, b := range broken {
		t.Run(strings.ReplaceAll(b.name, " ", "_"), func(t *testing.T) {
			bad, err := rel.Copy(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			b.tamper(t, bad)
			reg.PublishProvider(bad)
			defer reg.PublishProvider(rel)
			for _, c := range clis {
				t.Run(c.name, func(t *testing.T) {
					newUser(t, c, bins[c.name], reg).initRefused(b.want)
				})
			}
		})
	}
}

// moduleRef is a module published on the test registry.
type moduleRef struct{ name, dir string }

// publishModules publishes every module directory under examples/modules as
// agentfence/<dir>/ziti at releaseVersion, as it is in the checkout.
func publishModules(t *testing.T, reg *registrytest.Registry, root string) []moduleRef {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "examples", "modules"))
	if err != nil {
		t.Fatal(err)
	}
	var mods []moduleRef
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, "examples", "modules", e.Name())
		if err := reg.PublishModule(registrytest.Module{Namespace: "agentfence", Name: e.Name(), System: "ziti", Version: releaseVersion, Dir: dir}); err != nil {
			t.Fatal(err)
		}
		mods = append(mods, moduleRef{e.Name(), dir})
	}
	if !slices.ContainsFunc(mods, func(m moduleRef) bool { return m.name == "agent-sandbox" }) {
		t.Fatalf("examples/modules has no agent-sandbox: %v", mods)
	}
	return mods
}

// user is a working directory where a CLI runs as a user's would, configured for the test
// registry only.
type user struct {
	t   *testing.T
	cli cliUnderTest
	bin string
	reg *registrytest.Registry
	dir string
	env []string
}

func newUser(t *testing.T, c cliUnderTest, bin string, reg *registrytest.Registry) *user {
	t.Helper()
	u := &user{t: t, cli: c, bin: bin, reg: reg, dir: t.TempDir()}
	u.env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+reg.CLIConfig(t, c.host),
		"SSL_CERT_FILE="+reg.CAFile,
		"TF_PLUGIN_CACHE_DIR=", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
	)
	return u
}

func (u *user) run(args ...string) (string, int) {
	u.t.Helper()
	cmd := exec.Command(u.bin, args...) //nolint:gosec // the CLI under test
	cmd.Dir = u.dir
	cmd.Env = u.env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	code := acctest.ExitCode(u.t, u.cli.name+" "+args[0], err)
	u.t.Logf("%s %s: exit %d in %s", u.cli.name, args[0], code, time.Since(start).Round(10*time.Millisecond))
	return string(out), code
}

func (u *user) must(args ...string) string {
	u.t.Helper()
	out, code := u.run(args...)
	if code != 0 {
		u.t.Fatalf("%s %s exited %d:\n%s", u.cli.name, strings.Join(args, " "), code, out)
	}
	return out
}

func (u *user) write(config string) {
	u.t.Helper()
	if err := os.WriteFile(filepath.Join(u.dir, "main.tf"), []byte(config), 0o600); err != nil {
		u.t.Fatal(err)
	}
}

const providerBlock = `terraform {
  required_providers {
    ziti = {
      source  = "agentfence/ziti"
      version = %q
    }
  }
}

provider "ziti" {}
`

// installApplyDestroy initializes a configuration that uses the provider and a registry
// module by their registry addresses, checks what init verified and installed, applies it
// against the harness controller and destroys it.
func (u *user) installApplyDestroy(rel *registrytest.Release, modules []moduleRef) {
	t := u.t
	prefix := acctest.Name("reg-" + u.cli.name)
	agent := prefix + "-agent"
	var cfg strings.Builder
	fmt.Fprintf(&cfg, providerBlock, constraint)
	fmt.Fprintf(&cfg, `
module "sandbox" {
  source  = "agentfence/agent-sandbox/ziti"
  version = %q

  name                = %q
  agents              = [%q]
  host_roles          = [var.host_role]
  service_name_prefix = "%[2]s-"
  egress_destinations = []
}

# The harness controller's edge router hosts the services; init needs no controller.
variable "host_role" {
  type = string
}

output "agent_ids" {
  value = module.sandbox.agent_ids
}
`, constraint, prefix, agent)
	u.write(cfg.String())

	u.reg.ResetRequests()
	out := u.must("init", "-input=false", "-no-color")
	archive := rel.Archives[0]

	// The CLI says it verified the release against the registered key.
	installed := fmt.Sprintf("Installed agentfence/ziti v%s (%s, key ID %s)", rel.Version, u.cli.signedAs, rel.Key.KeyID)
	if !strings.Contains(out, installed) {
		t.Errorf("init output lacks %q:\n%s", installed, out)
	}
	if want := fmt.Sprintf("%s/agentfence/agent-sandbox/ziti %s", u.cli.host, releaseVersion); !strings.Contains(out, want) {
		t.Errorf("init output does not show the module %s downloaded:\n%s", want, out)
	}
	// It fetched the checksums and their signature, and the module through the module protocol.
	asked := u.reg.Requests()
	files := "/files/providers/agentfence/ziti/" + rel.Version + "/"
	for _, p := range []string{
		"/v1/providers/agentfence/ziti/versions",
		fmt.Sprintf("/v1/providers/agentfence/ziti/%s/download/%s/%s", rel.Version, archive.OS, archive.Arch),
		files + archive.Filename, files + rel.SHASums, files + rel.Signature,
		"/v1/modules/agentfence/agent-sandbox/ziti/versions",
		"/v1/modules/agentfence/agent-sandbox/ziti/" + releaseVersion + "/download",
		"/files/modules/agentfence/agent-sandbox/ziti/" + releaseVersion + ".tar.gz",
	} {
		if !slices.Contains(asked, p) {
			t.Errorf("the registry was not asked for %s; asked: %v", p, asked)
		}
	}

	// The lock file records the version the constraint selected, the checksum of every
	// platform from the signed SHA256SUMS (zh:) and the hash of the installed package (h1:).
	lock, err := os.ReadFile(filepath.Join(u.dir, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	h1, err := dirhash.HashZip(filepath.Join(rel.Dir, archive.Filename), dirhash.Hash1)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("provider %q", u.cli.host+"/agentfence/ziti"),
		fmt.Sprintf("version     = %q", rel.Version),
		fmt.Sprintf("constraints = %q", constraint),
		fmt.Sprintf("%q", h1),
		fmt.Sprintf("%q", "zh:"+archive.SHASum),
	} {
		if !strings.Contains(string(lock), want) {
			t.Errorf(".terraform.lock.hcl lacks %s:\n%s", want, lock)
		}
	}

	// The installed binary is the release's, its version set by the release build.
	bin := filepath.Join(u.dir, ".terraform", "providers", u.cli.host, "agentfence", "ziti", rel.Version,
		archive.OS+"_"+archive.Arch, "terraform-provider-ziti_v"+rel.Version)
	if got := runVersion(t, bin); got != "terraform-provider-ziti "+rel.Version {
		t.Errorf("%s -version printed %q, want %q", bin, got, "terraform-provider-ziti "+rel.Version)
	}

	hostRole := "-var=host_role=@" + acctest.Shared(t).RouterName
	out = u.must("apply", "-auto-approve", "-input=false", "-no-color", hostRole)
	if !strings.Contains(out, "Apply complete!") {
		t.Fatalf("apply:\n%s", out)
	}
	var ids map[string]string
	if err := json.Unmarshal([]byte(u.must("output", "-json", "agent_ids")), &ids); err != nil {
		t.Fatal(err)
	}
	if id := acctest.IDByName(t, client.Identities, agent); ids[agent] != id {
		t.Errorf("module output agent_ids = %v, want %s: %s (the controller's)", ids, agent, id)
	}
	out = u.must("destroy", "-auto-approve", "-input=false", "-no-color", hostRole)
	if !strings.Contains(out, "Destroy complete!") {
		t.Errorf("destroy:\n%s", out)
	}
	found, err := client.Identities.List(context.Background(), acctest.AdminClient(t), fmt.Sprintf("name = %q", agent))
	if err != nil || len(found) != 0 {
		t.Errorf("after destroy the controller has %d identities named %s (%v)", len(found), agent, err)
	}
}

// initRefused runs init of a configuration that asks for the provider and asserts that it
// fails saying why (want) and installs nothing.
func (u *user) initRefused(want *regexp.Regexp) {
	t := u.t
	u.write(fmt.Sprintf(providerBlock, constraint))
	out, code := u.run("init", "-input=false", "-no-color")
	if code == 0 {
		t.Fatalf("init succeeded with a broken release:\n%s", out)
	}
	// Diagnostics are wrapped to the terminal's width.
	if !want.MatchString(strings.Join(strings.Fields(out), " ")) {
		t.Errorf("init failed, but not saying %s:\n%s", want, out)
	}
	if left := installedBinaries(t, filepath.Join(u.dir, ".terraform", "providers")); len(left) > 0 {
		t.Errorf("init failed but left the provider installed: %v", left)
	}
	t.Logf("%s init refused it:\n%s", u.cli.name, lastLines(out, 6))
}

// installedBinaries are the provider executables under dir (none when it does not exist). A
// CLI may leave empty directories behind after a refused install; a binary would be usable.
func installedBinaries(t *testing.T, dir string) []string {
	var found []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), "terraform-provider-ziti") {
			found = append(found, path)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return found
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func runVersion(t *testing.T, bin string, args ...string) string {
	t.Helper()
	if len(args) == 0 {
		args = []string{"-version"}
	}
	out, err := exec.Command(bin, args...).Output() //nolint:gosec // a binary of the release under test
	if err != nil {
		t.Fatalf("%s %s: %v", bin, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}

// checkPulumiPlugin asserts that the snapshot holds the Pulumi plugin archive the way
// `pulumi plugin install` expects it (pulumi-resource-ziti-v<version>-<os>-<arch>.tar.gz, the
// binary at its root) and that the plugin reports the release's version.
func checkPulumiPlugin(t *testing.T, dist string) {
	t.Helper()
	name := fmt.Sprintf("pulumi-resource-ziti-v%s-%s-%s.tar.gz", releaseVersion, runtime.GOOS, runtime.GOARCH)
	f, err := os.Open(filepath.Join(dist, name)) //nolint:gosec // the snapshot's file
	if err != nil {
		t.Fatalf("the snapshot has no Pulumi plugin archive: %v", err)
	}
	defer func() { _ = f.Close() }()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	bin := filepath.Join(t.TempDir(), "pulumi-resource-ziti")
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		if h.Name == "pulumi-resource-ziti" {
			out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o700) //nolint:gosec // in the test's directory
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(out, tr); err != nil { //nolint:gosec // the release's own binary
				t.Fatal(err)
			}
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !slices.Contains(names, "pulumi-resource-ziti") {
		t.Fatalf("%s holds %v, want pulumi-resource-ziti at its root", name, names)
	}
	if got := runVersion(t, bin); got != releaseVersion {
		t.Errorf("pulumi-resource-ziti -version printed %q, want %q", got, releaseVersion)
	}
}

// tamperZip rewrites a zip with every file's content extended by a few bytes: still a valid
// archive, no longer the one the checksums list.
func tamperZip(t *testing.T, path string) {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, err := w.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified, ExternalAttrs: f.ExternalAttrs})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := out.Write(append(content, "tampered"...)); err != nil {
			t.Fatal(err)
		}
	}
	_ = r.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkLayout asserts that the snapshot holds what a release uploads for this platform, named
// as the registries and Pulumi expect.
func checkLayout(t *testing.T, dist string) {
	t.Helper()
	platform := runtime.GOOS + "_" + runtime.GOARCH
	prefix := "terraform-provider-ziti_" + releaseVersion + "_"
	for _, f := range []string{
		prefix + platform + ".zip", prefix + "SHA256SUMS", prefix + "SHA256SUMS.sig", prefix + "manifest.json",
		"ziti-access_" + releaseVersion + "_" + platform + ".zip",
		fmt.Sprintf("pulumi-resource-ziti-v%s-%s-%s.tar.gz", releaseVersion, runtime.GOOS, runtime.GOARCH),
	} {
		if _, err := os.Stat(filepath.Join(dist, f)); err != nil {
			t.Errorf("the snapshot lacks %s", f)
		}
	}
}
