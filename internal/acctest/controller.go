package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
)

// Controller is a running controller the tests may use.
type Controller struct {
	URL        string // https://127.0.0.1:port
	Username   string
	Password   string
	CAFile     string
	CAPEM      []byte
	RouterName string // the quickstart's edge router (empty for an external controller)
	RouterPort int

	StartedIn time.Duration
	Mode      string

	stop        func()
	fetchCA     func()        // docker: copy the CA out of the container
	logTail     func() string // the controller's last log lines, for start-up failures
	exitedEarly atomic.Bool
}

// Start brings a controller up according to ZITI_TEST_CONTROLLER.
func Start(ctx context.Context) (*Controller, error) {
	mode := os.Getenv("ZITI_TEST_CONTROLLER")
	if mode == "" {
		mode = "process"
	}
	start := time.Now()
	var (
		c   *Controller
		err error
	)
	switch mode {
	case "process":
		c, err = startProcess(ctx)
	case "docker":
		c, err = startDocker(ctx)
	case "external":
		c, err = external()
	default:
		err = fmt.Errorf("ZITI_TEST_CONTROLLER=%q: use process, docker or external", mode)
	}
	if err != nil {
		return nil, err
	}
	c.Mode = mode
	if err := c.waitReady(ctx, 90*time.Second); err != nil {
		c.Stop()
		return nil, err
	}
	c.StartedIn = time.Since(start)
	return c, nil
}

// Stop ends the controller and deletes its data. Safe to call twice.
func (c *Controller) Stop() {
	if c != nil && c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// NewClient opens an admin API session to the controller.
func (c *Controller) NewClient(ctx context.Context) (*client.Client, error) {
	return client.New(ctx, client.Config{Endpoint: c.URL, Username: c.Username, Password: c.Password, CAPEM: c.CAPEM})
}

// waitReady polls until the management API authenticates the admin.
func (c *Controller) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		if c.exitedEarly.Load() {
			return fmt.Errorf("the controller exited during start-up; its log ends:\n%s", c.logTail())
		}
		if len(c.CAPEM) == 0 && c.fetchCA != nil {
			c.fetchCA()
		}
		if len(c.CAPEM) == 0 && c.CAFile != "" {
			c.CAPEM, _ = os.ReadFile(c.CAFile)
		}
		if len(c.CAPEM) > 0 {
			cl, err := c.NewClient(ctx)
			if err == nil {
				cl.Close(ctx)
				return nil
			}
			last = err
		} else {
			last = fmt.Errorf("CA file %s not written yet", c.CAFile)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	logs := ""
	if c.logTail != nil {
		logs = "; its log ends:\n" + c.logTail()
	}
	return fmt.Errorf("controller at %s not ready after %s: %v%s", c.URL, limit, last, logs)
}

func external() (*Controller, error) {
	c := &Controller{
		URL:      os.Getenv("ZITI_API_URL"),
		Username: os.Getenv("ZITI_USERNAME"),
		Password: os.Getenv("ZITI_PASSWORD"),
		CAFile:   os.Getenv("ZITI_CA_FILE"),
	}
	if c.URL == "" || c.Username == "" || c.Password == "" || c.CAFile == "" {
		return nil, errors.New("ZITI_TEST_CONTROLLER=external needs ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD and ZITI_CA_FILE")
	}
	c.RouterName = os.Getenv("ZITI_TEST_ROUTER")
	return c, nil
}

func randomPassword() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return "Tf" + hex.EncodeToString(b)
}

// quickstartWorkspace is what a single quickstart (process or container) starts from: its two
// free loopback ports (controller, router) and a fresh home directory.
func quickstartWorkspace() (ports []int, dir string, err error) {
	if ports, err = freePorts(2); err != nil {
		return nil, "", err
	}
	dir, err = os.MkdirTemp("", "ziti-acc-")
	return ports, dir, err
}

// freePorts asks the kernel for n distinct free TCP ports on loopback.
func freePorts(n int) ([]int, error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		addr, ok := l.Addr().(*net.TCPAddr)
		if !ok {
			return nil, fmt.Errorf("listener address %v is not TCP", l.Addr())
		}
		ports = append(ports, addr.Port)
	}
	return ports, nil
}

// zitiBinary finds the controller binary: ZITI_BIN, else bin/ziti at the module root.
func zitiBinary() (string, error) { return toolPath("ZITI_BIN", "ziti") }

// toolPath finds a tool `make tools` builds: the path in the environment variable env, else
// bin/<name> at the module root.
func toolPath(env, name string) (string, error) {
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "bin", name)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("no %s binary at %s: run `make tools` (or set %s)", name, p, env)
	}
	return p, nil
}

// ModuleRoot is the directory of the provider's go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(b), "module github.com/agentfence/terraform-provider-ziti\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the provider's go.mod above the working directory")
		}
		dir = parent
	}
}

func quickstartArgs(ctrlPort, routerPort int, home, password string) []string {
	return []string{"edge", "quickstart",
		"--ctrl-address", "127.0.0.1", "--router-address", "127.0.0.1",
		"--ctrl-port", strconv.Itoa(ctrlPort), "--router-port", strconv.Itoa(routerPort),
		"--home", home, "-u", "admin", "-p", password}
}
