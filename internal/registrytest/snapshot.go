package registrytest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// BuildSnapshot runs the release build as `make release-snapshot` does (goreleaser release
// --snapshot with the repository's .goreleaser.yml, from the checkout at root), versioned
// version and signed with key, for this machine's platform only: the configuration is the
// repository's with two changes, every build's goos/goarch narrowed to runtime.GOOS/GOARCH and
// dist set to a directory of the test's, so the archives, checksums, signature and manifest
// are named and laid out as in a release. The `before` hooks (go mod tidy) are skipped: they
// would edit the checkout under test. It returns the dist directory.
func BuildSnapshot(t testing.TB, goreleaser, root string, key *GPGKey, version string) string {
	t.Helper()
	work := t.TempDir()
	dist := filepath.Join(work, "dist")
	config := filepath.Join(work, "goreleaser.yml")
	if err := hostOnlyConfig(filepath.Join(root, ".goreleaser.yml"), config, dist); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goreleaser, "release", "--snapshot", "--clean", "--skip=before", "--config", config)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), key.Env()...)
	cmd.Env = append(cmd.Env, "RELEASE_VERSION="+version)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("goreleaser release --snapshot: %v\n%s", err, out)
	}
	t.Logf("goreleaser built the %s/%s release snapshot %s in %s", runtime.GOOS, runtime.GOARCH, version, time.Since(start).Round(time.Second))
	// A release uploads the manifest (release.extra_files), which a snapshot skips; put it
	// where the release would, as make release-snapshot does.
	if err := copyFile(filepath.Join(root, "terraform-registry-manifest.json"), filepath.Join(dist, "terraform-provider-ziti_"+version+"_manifest.json")); err != nil {
		t.Fatal(err)
	}
	return dist
}

// hostOnlyConfig writes the goreleaser configuration in to out with dist set and every build
// narrowed to this machine's platform.
func hostOnlyConfig(in, out, dist string) error {
	b, err := os.ReadFile(in) //nolint:gosec // the repository's own configuration
	if err != nil {
		return err
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	builds, _ := cfg["builds"].([]any)
	if len(builds) == 0 {
		return fmt.Errorf("%s has no builds", in)
	}
	for _, b := range builds {
		build, ok := b.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: a build is not a mapping", in)
		}
		build["goos"] = []string{runtime.GOOS}
		build["goarch"] = []string{runtime.GOARCH}
	}
	cfg["dist"] = dist
	b, err = yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o600)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from) //nolint:gosec // a file of the checkout under test
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600) //nolint:gosec // G703: a path in the test's own dist directory
}
