package acctest

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// RunTofu runs the OpenTofu binary in dir as a user runs it, with cliConfig as its CLI
// configuration (e.g. DevOverridesConfig), and returns its combined output and exit code.
func RunTofu(t testing.TB, dir, cliConfig string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(TofuBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1")
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("tofu %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// MustTofu is RunTofu, failing the test on a non-zero exit.
func MustTofu(t testing.TB, dir, cliConfig string, args ...string) string {
	t.Helper()
	out, code := RunTofu(t, dir, cliConfig, args...)
	if code != 0 {
		t.Fatalf("tofu %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}
