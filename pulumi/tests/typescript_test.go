package tests

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// tsProject is the TypeScript test project: its package-lock.json pins @pulumi/pulumi,
// typescript and @types/node; node_modules and dist are not committed.
const tsProject = "typescript"

// TestTypeScriptSDK compiles the generated Node.js SDK with `tsc --strict` together with the
// agent sandbox program and its mock unit tests (typescript/sandbox.test.ts), then runs them
// with node's test runner. A resource, input or output the program uses that disappears from
// the SDK fails the compilation; a changed token, input name or secret-ness fails the tests.
func TestTypeScriptSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("needs node and npm (and the npm registry unless node_modules is current)")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not on PATH: the TypeScript SDK tests need Node.js 20 or later", tool)
		}
	}
	npmInstall(t)

	dist := filepath.Join(tsProject, "dist")
	if err := os.RemoveAll(dist); err != nil {
		t.Fatal(err)
	}
	runIn(t, tsProject, filepath.Join("node_modules", ".bin", "tsc"), "--strict", "-p", "tsconfig.json")
	// The SDK reads its version from the package.json beside it, as in the published package
	// (whose build copies package.json next to the compiled files).
	pkgJSON, err := os.ReadFile(filepath.Join("..", "sdk", "nodejs", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "sdk", "nodejs", "package.json"), pkgJSON, 0o644); err != nil { //nolint:gosec // a fixed path
		t.Fatal(err)
	}
	out := runIn(t, tsProject, "node", "--test", filepath.Join("dist", "tests", "typescript", "sandbox.test.js"))
	// All four tests ran and passed (a test that is skipped or never registered also exits 0).
	if pass := tapCount(out, "pass"); pass != 4 || tapCount(out, "fail") != 0 {
		t.Errorf("node --test: %d passed, want 4:\n%s", pass, out)
	}
}

// npmInstall runs `npm ci` unless node_modules was installed from the same package.json and
// package-lock.json (a stamp with their hash): the install takes ~20 s and the registry.
func npmInstall(t *testing.T) {
	t.Helper()
	h := sha256.New()
	for _, name := range []string{"package.json", "package-lock.json"} {
		b, err := os.ReadFile(filepath.Join(tsProject, name))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(b)
	}
	want := []byte(hex.EncodeToString(h.Sum(nil)))
	stamp := filepath.Join(tsProject, "node_modules", ".installed-from.sha256")
	if got, err := os.ReadFile(stamp); err == nil && bytes.Equal(got, want) {
		return
	}
	start := time.Now()
	// No install scripts: the packages need none to compile and run with mocks.
	runIn(t, tsProject, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	t.Logf("npm ci: %s", time.Since(start).Round(time.Second))
	if err := os.WriteFile(stamp, want, 0o644); err != nil {
		t.Fatal(err)
	}
}

// runIn runs a command in dir and returns its combined output; it fails the test on a
// non-zero exit.
func runIn(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s %v: %s", filepath.Base(name), args, time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatalf("%s %v in pulumi/tests/%s: %v\n%s", name, args, dir, err, out)
	}
	return string(out)
}

// tapCount reads `# pass N` / `# fail N` from node's TAP summary; -1 when absent.
func tapCount(tap, what string) int {
	m := regexp.MustCompile(`(?m)^# ` + what + ` (\d+)$`).FindStringSubmatch(tap)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
