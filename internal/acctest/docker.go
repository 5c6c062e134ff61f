package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// dockerImage is the official controller image; its ziti binary runs the same quickstart as
// the process mode. Override with ZITI_TEST_IMAGE.
const dockerImage = "openziti/ziti-controller:1.7.2"

// startDocker runs the quickstart in a container through the docker CLI. It needs a container
// engine and access to the image registry, neither of which the project's CI machines have.
func startDocker(ctx context.Context) (*Controller, error) {
	image := os.Getenv("ZITI_TEST_IMAGE")
	if image == "" {
		image = dockerImage
	}
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ziti-acc-")
	if err != nil {
		return nil, err
	}
	c := &Controller{
		URL:        fmt.Sprintf("https://127.0.0.1:%d", ports[0]),
		Username:   "admin",
		Password:   randomPassword(),
		CAFile:     filepath.Join(dir, "root-ca.cert"),
		RouterName: "router-quickstart",
		RouterPort: ports[1],
	}
	name := "ziti-acc-" + filepath.Base(dir)
	args := append([]string{"run", "-d", "--rm", "--name", name, "--entrypoint", "ziti",
		"-p", fmt.Sprintf("127.0.0.1:%d:%d", ports[0], ports[0]),
		"-p", fmt.Sprintf("127.0.0.1:%d:%d", ports[1], ports[1]),
		image}, quickstartArgs(ports[0], ports[1], "/tmp/qs", c.Password)...)
	if out, err := exec.CommandContext(ctx, "docker", args...).CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("docker run %s: %v: %s", image, err, strings.TrimSpace(string(out)))
	}
	c.stop = func() {
		_ = exec.Command("docker", "rm", "-f", name).Run()
		_ = os.RemoveAll(dir)
	}
	// The CA appears in the container once the quickstart has written its PKI; waitReady
	// retries until this copy succeeds.
	c.fetchCA = func() {
		_ = exec.Command("docker", "cp", name+":/tmp/qs/pki/root-ca/certs/root-ca.cert", c.CAFile).Run()
	}
	c.logTail = func() string {
		out, _ := exec.Command("docker", "logs", "--tail", "30", name).CombinedOutput()
		return string(out)
	}
	return c, nil
}
