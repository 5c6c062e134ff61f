package registrytest_test

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/registrytest"
)

// fakeRelease writes the files of a release of agentfence/ziti 1.2.3 for linux/amd64 and
// darwin/arm64 (content is not a provider: the protocol tests do not run it).
func fakeRelease(t *testing.T, manifest bool) string {
	t.Helper()
	dir := t.TempDir()
	var sums strings.Builder
	for _, p := range []string{"linux_amd64", "darwin_arm64"} {
		name := "terraform-provider-ziti_1.2.3_" + p + ".zip"
		content := []byte("zip of " + p)
		write(t, filepath.Join(dir, name), content)
		sum := sha256.Sum256(content)
		sums.WriteString(hex.EncodeToString(sum[:]) + "  " + name + "\n")
	}
	if manifest {
		write(t, filepath.Join(dir, "terraform-provider-ziti_1.2.3_manifest.json"), []byte(`{"version": 1, "metadata": {"protocol_versions": ["6.0"]}}`))
		sums.WriteString(strings.Repeat("a", 64) + "  terraform-provider-ziti_1.2.3_manifest.json\n")
	}
	write(t, filepath.Join(dir, "terraform-provider-ziti_1.2.3_SHA256SUMS"), []byte(sums.String()))
	write(t, filepath.Join(dir, "terraform-provider-ziti_1.2.3_SHA256SUMS.sig"), []byte("signature"))
	return dir
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// httpsClient trusts the registry's test CA only, as the CLIs do with SSL_CERT_FILE.
func httpsClient(t *testing.T, reg *registrytest.Registry) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(reg.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in the registry's CA file")
	}
	return &http.Client{
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
		// X-Terraform-Get answers are read, not followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// reply is what a GET answered: its status and headers (the body is read and closed).
type reply struct {
	StatusCode int
	Header     http.Header
}

func get(t *testing.T, c *http.Client, url string) (reply, []byte) {
	t.Helper()
	resp, err := c.Get(url) //nolint:noctx // a test against a local server
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{StatusCode: resp.StatusCode, Header: resp.Header}, body
}

func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	resp, body := get(t, c, url)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
}

func TestLoadRelease(t *testing.T) {
	key := registrytest.SigningKey{KeyID: "0123456789ABCDEF", ASCIIArmor: "armor"}
	rel, err := registrytest.LoadRelease(fakeRelease(t, true), "agentfence", "ziti", key)
	if err != nil {
		t.Fatal(err)
	}
	if rel.Version != "1.2.3" || rel.SHASums != "terraform-provider-ziti_1.2.3_SHA256SUMS" || rel.Signature != rel.SHASums+".sig" {
		t.Errorf("release %+v", rel)
	}
	if len(rel.Archives) != 2 || rel.Archives[0].OS != "linux" || rel.Archives[1].Arch != "arm64" {
		t.Errorf("archives %+v: want the two zips, not the manifest", rel.Archives)
	}
	if !slices.Equal(rel.Protocols, []string{"6.0"}) {
		t.Errorf("protocols %v, want the manifest's [6.0]", rel.Protocols)
	}

	// Without a manifest the registry assumes protocol 5, as the public registry does: a
	// protocol 6 provider released without one does not install.
	rel, err = registrytest.LoadRelease(fakeRelease(t, false), "agentfence", "ziti", key)
	if err != nil || !slices.Equal(rel.Protocols, []string{"5.0"}) {
		t.Errorf("without a manifest: protocols %v, %v; want [5.0]", rel.Protocols, err)
	}

	unsigned := fakeRelease(t, true)
	if err := os.Remove(filepath.Join(unsigned, "terraform-provider-ziti_1.2.3_SHA256SUMS.sig")); err != nil {
		t.Fatal(err)
	}
	if _, err := registrytest.LoadRelease(unsigned, "agentfence", "ziti", key); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Errorf("an unsigned release loaded: %v", err)
	}
	if _, err := registrytest.LoadRelease(t.TempDir(), "agentfence", "ziti", key); err == nil {
		t.Error("an empty directory loaded as a release")
	}
}

// The provider registry protocol, service discovery, and the module registry protocol as the
// CLIs use them.
func TestRegistryProtocols(t *testing.T) {
	reg := registrytest.New(t)
	c := httpsClient(t, reg)
	key := registrytest.SigningKey{KeyID: "0123456789ABCDEF", ASCIIArmor: "-----BEGIN PGP PUBLIC KEY BLOCK-----"}
	rel, err := registrytest.LoadRelease(fakeRelease(t, true), "agentfence", "ziti", key)
	if err != nil {
		t.Fatal(err)
	}
	reg.PublishProvider(rel)
	modDir := t.TempDir()
	write(t, filepath.Join(modDir, "main.tf"), []byte("# module\n"))
	write(t, filepath.Join(modDir, "examples", "basic", "main.tf"), []byte("# example\n"))
	write(t, filepath.Join(modDir, ".terraform", "modules", "modules.json"), []byte("{}"))
	write(t, filepath.Join(modDir, "terraform.tfstate"), []byte("{}"))
	if err := reg.PublishModule(registrytest.Module{Namespace: "agentfence", Name: "agent-sandbox", System: "ziti", Version: "1.2.3", Dir: modDir}); err != nil {
		t.Fatal(err)
	}

	var discovery map[string]string
	getJSON(t, c, reg.URL+"/.well-known/terraform.json", &discovery)
	if discovery["providers.v1"] != "/v1/providers/" || discovery["modules.v1"] != "/v1/modules/" {
		t.Errorf("discovery %v", discovery)
	}

	var versions struct {
		Versions []struct {
			Version   string
			Protocols []string
			Platforms []struct{ OS, Arch string }
		}
	}
	getJSON(t, c, reg.URL+"/v1/providers/agentfence/ziti/versions", &versions)
	if len(versions.Versions) != 1 || versions.Versions[0].Version != "1.2.3" || !slices.Equal(versions.Versions[0].Protocols, []string{"6.0"}) ||
		len(versions.Versions[0].Platforms) != 2 || versions.Versions[0].Platforms[1].OS != "darwin" {
		t.Errorf("versions %+v", versions)
	}

	var download struct {
		Protocols           []string
		OS, Arch, Filename  string
		DownloadURL         string `json:"download_url"`
		SHASumsURL          string `json:"shasums_url"`
		SHASumsSignatureURL string `json:"shasums_signature_url"`
		SHASum              string
		SigningKeys         struct {
			GPGPublicKeys []struct {
				KeyID      string `json:"key_id"`
				ASCIIArmor string `json:"ascii_armor"`
			} `json:"gpg_public_keys"`
		} `json:"signing_keys"`
	}
	getJSON(t, c, reg.URL+"/v1/providers/agentfence/ziti/1.2.3/download/linux/amd64", &download)
	if download.Filename != "terraform-provider-ziti_1.2.3_linux_amd64.zip" || download.SHASum != rel.Archives[0].SHASum ||
		len(download.SigningKeys.GPGPublicKeys) != 1 || download.SigningKeys.GPGPublicKeys[0] != struct {
		KeyID      string `json:"key_id"`
		ASCIIArmor string `json:"ascii_armor"`
	}{key.KeyID, key.ASCIIArmor} {
		t.Errorf("download %+v", download)
	}
	for url, want := range map[string]string{download.DownloadURL: "zip of linux_amd64", download.SHASumsSignatureURL: "signature"} {
		if resp, body := get(t, c, url); resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("GET %s: HTTP %d %q, want %q", url, resp.StatusCode, body, want)
		}
	}
	if resp, body := get(t, c, download.SHASumsURL); resp.StatusCode != http.StatusOK || !strings.Contains(string(body), rel.Archives[0].SHASum+"  "+download.Filename) {
		t.Errorf("GET %s: HTTP %d %s", download.SHASumsURL, resp.StatusCode, body)
	}
	for _, p := range []string{
		"/v1/providers/agentfence/ziti/1.2.4/download/linux/amd64", "/v1/providers/agentfence/ziti/1.2.3/download/windows/amd64",
		"/v1/providers/agentfence/other/versions", "/files/providers/agentfence/ziti/1.2.3/..%2f..%2fetc%2fpasswd",
		"/v1/modules/agentfence/agent-sandbox/ziti/9.9.9/download", "/v1/modules/agentfence/other/ziti/versions",
	} {
		if resp, _ := get(t, c, reg.URL+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: HTTP %d, want 404", p, resp.StatusCode)
		}
	}

	var modVersions struct {
		Modules []struct{ Versions []struct{ Version string } }
	}
	getJSON(t, c, reg.URL+"/v1/modules/agentfence/agent-sandbox/ziti/versions", &modVersions)
	if len(modVersions.Modules) != 1 || len(modVersions.Modules[0].Versions) != 1 || modVersions.Modules[0].Versions[0].Version != "1.2.3" {
		t.Errorf("module versions %+v", modVersions)
	}
	resp, _ := get(t, c, reg.URL+"/v1/modules/agentfence/agent-sandbox/ziti/1.2.3/download")
	location := resp.Header.Get("X-Terraform-Get")
	if resp.StatusCode != http.StatusNoContent || !strings.HasSuffix(location, ".tar.gz") {
		t.Fatalf("module download: HTTP %d, X-Terraform-Get %q", resp.StatusCode, location)
	}
	resp, body := get(t, c, location)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d", location, resp.StatusCode)
	}
	if got := tarNames(t, body); !slices.Equal(got, []string{"examples/basic/main.tf", "main.tf"}) {
		t.Errorf("module tarball holds %v, want the module's files without .terraform and state", got)
	}

	if asked := reg.Requests(); !slices.Contains(asked, "/v1/providers/agentfence/ziti/versions") {
		t.Errorf("requests %v", asked)
	}
}

func tarNames(t *testing.T, archive []byte) []string {
	t.Helper()
	gz, err := gzip.NewReader(strings.NewReader(string(archive)))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
	slices.Sort(names)
	return names
}

// The CLI configuration points each host's service discovery at the registry and installs
// providers directly, with no dev_overrides.
func TestCLIConfig(t *testing.T) {
	reg := registrytest.New(t)
	b, err := os.ReadFile(reg.CLIConfig(t, "registry.terraform.io", "registry.opentofu.org"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for _, want := range []string{
		`host "registry.terraform.io"`, `host "registry.opentofu.org"`,
		`"providers.v1" = "` + reg.URL + `/v1/providers/"`, `"modules.v1"   = "` + reg.URL + `/v1/modules/"`, "direct {}",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("CLI config lacks %s:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, "dev_overrides") {
		t.Errorf("CLI config has dev_overrides:\n%s", cfg)
	}
}
