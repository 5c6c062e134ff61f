package acctest

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TofuCommand is the OpenTofu binary set up to run in dir as a user runs it, with the
// provider binary under test through the dev_overrides CLI configuration cliConfig
// (DevOverridesConfig). It is not started: a test that acts while it runs starts it itself.
func TofuCommand(t testing.TB, dir, cliConfig string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(TofuBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1")
	return cmd
}

// RunTofu runs OpenTofu (TofuCommand) and returns its combined output and exit code.
func RunTofu(t testing.TB, dir, cliConfig string, args ...string) (string, int) {
	t.Helper()
	out, err := TofuCommand(t, dir, cliConfig, args...).CombinedOutput()
	return string(out), ExitCode(t, "tofu "+strings.Join(args, " "), err)
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

// ExitCode is the exit code a finished command's error stands for (0 for nil); an error
// that is not an exit (the binary could not start) fails the test.
func ExitCode(t testing.TB, what string, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("%s: %v", what, err)
	}
	return ee.ExitCode()
}
