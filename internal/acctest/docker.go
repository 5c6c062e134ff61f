package acctest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// imageRepository names the controller images the harness builds. No registry is involved:
// the image is built on this machine, FROM scratch, around the pinned bin/ziti and the C
// library it links, and tagged by the binary's version and content hash so that a rebuilt
// binary gets a new image and an unchanged one reuses the old.
const imageRepository = "agentfence/ziti-acc"

// startDocker runs the quickstart (controller and edge router) in a container of the image
// ensureImage builds. The container shares the host's network namespace and listens on free
// loopback ports, like the process mode: the data-plane tests' echo servers listen on the
// host's 127.0.0.1, and a host.v1 config that forwards there must reach them from the router
// in the container, which a bridge network's own loopback would not.
func startDocker(ctx context.Context) (*Controller, error) {
	image, err := ensureImage(ctx)
	if err != nil {
		return nil, err
	}
	ports, dir, err := quickstartWorkspace()
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
	args := append([]string{"run", "-d", "--rm", "--name", name, "--network", "host", image},
		quickstartArgs(ports[0], ports[1], "/tmp/qs", c.Password)...)
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
		out, _ := exec.Command("docker", "logs", name).CombinedOutput()
		return logEnd(string(out))
	}
	return c, nil
}

// ensureImage builds the controller image unless an image of this binary exists, and
// returns its tag.
func ensureImage(ctx context.Context) (string, error) {
	bin, err := zitiBinary()
	if err != nil {
		return "", err
	}
	if bin, err = filepath.EvalSymlinks(bin); err != nil {
		return "", err
	}
	sum, err := fileHash(bin)
	if err != nil {
		return "", err
	}
	tag := imageRepository + ":" + versionOf(bin) + "-" + sum[:12]
	if exec.CommandContext(ctx, "docker", "image", "inspect", tag).Run() == nil {
		return tag, nil
	}
	context, err := os.MkdirTemp("", "ziti-image-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(context)
	rootfs := filepath.Join(context, "rootfs")
	files, err := linkedFiles(bin)
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if err := copyFile(f, filepath.Join(rootfs, f)); err != nil {
			return "", err
		}
	}
	if err := copyFile(bin, filepath.Join(rootfs, "usr", "local", "bin", "ziti")); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(rootfs, "tmp"), 0o750); err != nil {
		return "", err
	}
	dockerfile := "FROM scratch\nCOPY rootfs/ /\nENV HOME=/tmp\nENTRYPOINT [\"/usr/local/bin/ziti\"]\n"
	if err := os.WriteFile(filepath.Join(context, "Dockerfile"), []byte(dockerfile), 0o600); err != nil {
		return "", err
	}
	if out, err := exec.CommandContext(ctx, "docker", "build", "-q", "-t", tag, context).CombinedOutput(); err != nil {
		return "", fmt.Errorf("docker build %s: %v: %s", tag, err, strings.TrimSpace(string(out)))
	}
	return tag, nil
}

// linkedFiles are the shared libraries and loader a dynamically linked binary needs, as
// ldd lists them (none for a static binary).
func linkedFiles(bin string) ([]string, error) {
	out, err := exec.Command("ldd", bin).CombinedOutput()
	if err != nil {
		if bytes.Contains(out, []byte("not a dynamic executable")) {
			return nil, nil
		}
		return nil, fmt.Errorf("ldd %s: %v: %s", bin, err, out)
	}
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
		for _, field := range strings.Fields(sc.Text()) {
			if strings.HasPrefix(field, "/") {
				files = append(files, field)
				break
			}
		}
	}
	return files, sc.Err()
}

// versionOf is the tool version in a bin/<tool>@<version> name ("dev" for another name).
func versionOf(bin string) string {
	if _, v, ok := strings.Cut(filepath.Base(bin), "@"); ok {
		return v
	}
	return "dev"
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755) //nolint:gosec // G306: the image's executables and libraries must be executable
}
