package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dockerNetwork is a cluster's private network: its members reach each other by name on it,
// and nothing else is attached to it.
type dockerNetwork struct{ name string }

func newDockerNetwork(suffix string) (*dockerNetwork, error) {
	n := &dockerNetwork{name: "ziti-acc-net-" + suffix}
	if out, err := docker("network", "create", "--label", "agentfence.acc=cluster", n.name); err != nil {
		return nil, fmt.Errorf("docker network create: %v: %s", err, out)
	}
	return n, nil
}

func (n *dockerNetwork) remove() { _, _ = docker("network", "rm", n.name) }

// docker runs the docker CLI and returns what it printed.
func docker(args ...string) (string, error) {
	out, err := exec.Command("docker", args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// containerMember is a cluster member run in a container of the harness image on the
// cluster's network, known there by its member id, with its API port published on
// 127.0.0.1 under the same number (the port it advertises). The container is created once
// and started, stopped and restarted as a whole, so its home (/tmp/home) survives a stop.
type containerMember struct {
	name    string
	alias   string
	network *dockerNetwork
}

const containerHome = "/tmp/home"

func newContainerMember(n *dockerNetwork, image string, m *Member, args []string) (*containerMember, error) {
	c := &containerMember{name: n.name + "-" + m.ID, alias: m.ID, network: n}
	port := strconv.Itoa(m.Port)
	create := append([]string{"create", "--name", c.name, "--label", "agentfence.acc=cluster",
		"--network", n.name, "--network-alias", c.alias, "--hostname", c.alias,
		"--publish", "127.0.0.1:" + port + ":" + port, image}, args...)
	create = append(create, "--home", containerHome)
	if out, err := docker(create...); err != nil {
		return nil, fmt.Errorf("docker create %s: %v: %s", c.name, err, out)
	}
	return c, nil
}

// installRootCA copies dir into the created container as its home's pki/root-ca: docker cp
// creates only the last element of a path, so the tree home/pki/root-ca is built on the
// host and copied whole.
func (c *containerMember) installRootCA(dir string) error {
	stage, err := os.MkdirTemp("", "ziti-root-ca-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := copyTree(dir, filepath.Join(stage, "home", "pki", "root-ca")); err != nil {
		return err
	}
	if out, err := docker("cp", filepath.Join(stage, "home"), c.name+":"+filepath.Dir(containerHome)); err != nil {
		return fmt.Errorf("docker cp into %s: %v: %s", c.name, err, out)
	}
	return nil
}

func (c *containerMember) exportRootCA(dir string) error {
	if out, err := docker("cp", c.name+":"+containerHome+"/pki/root-ca", dir); err != nil {
		return fmt.Errorf("docker cp from %s: %v: %s", c.name, err, out)
	}
	return nil
}

func (c *containerMember) start() error {
	if out, err := docker("start", c.name); err != nil {
		return fmt.Errorf("docker start %s: %v: %s", c.name, err, out)
	}
	return nil
}

func (c *containerMember) running() bool {
	out, err := docker("inspect", "--format", "{{.State.Running}}", c.name)
	return err == nil && out == "true"
}

func (c *containerMember) kill()   { _, _ = docker("kill", c.name) }
func (c *containerMember) stop()   { _, _ = docker("stop", "--time", "15", c.name) }
func (c *containerMember) freeze() { _, _ = docker("pause", c.name) }
func (c *containerMember) thaw()   { _, _ = docker("unpause", c.name) }

// cutOff disconnects the container from the cluster's network: the other members lose it,
// and so does the provider (its published port goes with the network).
func (c *containerMember) cutOff() { _, _ = docker("network", "disconnect", c.network.name, c.name) }

func (c *containerMember) reconnect(t testing.TB) {
	t.Helper()
	if out, err := docker("network", "connect", "--alias", c.alias, c.network.name, c.name); err != nil {
		t.Fatalf("docker network connect %s: %v: %s", c.name, err, out)
	}
}

func (c *containerMember) logTail() string {
	out, _ := docker("logs", c.name)
	return logEnd(out)
}

func (c *containerMember) remove() { _, _ = docker("rm", "--force", "--volumes", c.name) }
