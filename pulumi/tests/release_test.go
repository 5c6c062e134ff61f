package tests

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

// releaseVersion is the version the plugin is built with (providerPluginDir) and the release
// test installs.
const releaseVersion = "0.99.0"

// releaseArchive writes the plugin archive the release publishes for this platform (the
// `pulumi-resource-ziti` archives of .goreleaser.yml): pulumi-resource-ziti-v<version>-<os>-<arch>.tar.gz
// with the binary, built with the version set as the release sets it, at the archive's root.
func releaseArchive(t *testing.T, dir string) string {
	t.Helper()
	content, err := os.ReadFile(filepath.Join(providerPluginDir(t), "pulumi-resource-ziti")) //nolint:gosec // the binary the tests built
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("pulumi-resource-ziti-v%s-%s-%s.tar.gz", releaseVersion, runtime.GOOS, runtime.GOARCH)
	path := filepath.Join(dir, name)
	f, err := os.Create(path) //nolint:gosec // in the test's temporary directory
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "pulumi-resource-ziti", Mode: 0o755, Size: int64(len(content)), ModTime: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(content); err != nil {
		t.Fatal(err)
	}
	for _, c := range []interface{ Close() error }{tw, gz, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestReleaseArchiveInstallsAndRuns installs the release archive of this platform the two
// ways Pulumi users do: `pulumi plugin install resource ziti <version> --server <url>` (from a
// local server standing in for the GitHub release: the archive's name must be the one Pulumi
// asks for) and `--file <archive>`, then runs the YAML agent sandbox with the installed plugin
// only (not on PATH; ambient plugins ignored): up, the outputs, destroy.
func TestReleaseArchiveInstallsAndRuns(t *testing.T) {
	c := acctest.Shared(t)
	acctest.WaitRouterOnline(t)
	archive := releaseArchive(t, t.TempDir())

	// --server: Pulumi derives the archive's name from the plugin's kind, name, version and
	// the platform, and downloads <server>/<name>.
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path)
		mu.Unlock()
		if r.URL.Path != "/"+filepath.Base(archive) {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, archive)
	}))
	defer srv.Close()
	fromServer := newPulumiCLI(t, c, "")
	fromServer.run("plugin", "install", "resource", "ziti", releaseVersion, "--server", srv.URL)
	mu.Lock()
	t.Logf("pulumi plugin install --server asked for %v", asked)
	mu.Unlock()
	assertInstalled(t, fromServer)

	// --file, then the program with the plugin from the cache.
	cli := newPulumiCLI(t, c, "")
	cli.run("plugin", "install", "resource", "ziti", releaseVersion, "--file", archive)
	assertInstalled(t, cli)
	cli.initSandboxStack()
	up := cli.run("up", "--yes", "--skip-preview")
	if !strings.Contains(up, "+ 7 created") {
		t.Errorf("pulumi up with the installed plugin:\n%s", up)
	}
	var outputs map[string]any
	if err := json.Unmarshal([]byte(cli.run("stack", "output", "--json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if id, _ := outputs["agentId"].(string); id == "" || outputs["agentEnrollmentJwt"] != "[secret]" {
		t.Errorf("outputs with the installed plugin: %v", outputs)
	}
	destroy := cli.destroy()
	if !strings.Contains(destroy, "- 7 deleted") {
		t.Errorf("pulumi destroy with the installed plugin:\n%s", destroy)
	}
}

// assertInstalled checks that the plugin cache holds resource plugin ziti at releaseVersion,
// and nothing else named ziti.
func assertInstalled(t *testing.T, cli *pulumiCLI) {
	t.Helper()
	var plugins []struct {
		Name, Kind, Version string
	}
	if err := json.Unmarshal([]byte(cli.run("plugin", "ls", "--json")), &plugins); err != nil {
		t.Fatal(err)
	}
	var ziti []string
	for _, p := range plugins {
		if p.Name == "ziti" {
			ziti = append(ziti, p.Kind+" "+p.Version)
		}
	}
	if len(ziti) != 1 || ziti[0] != "resource "+releaseVersion {
		t.Errorf("installed ziti plugins: %v, want [resource %s]", ziti, releaseVersion)
	}
}
