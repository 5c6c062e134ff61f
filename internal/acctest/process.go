package acctest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// startProcess runs `ziti edge quickstart` (controller + one edge router in one process).
func startProcess(_ context.Context) (*Controller, error) {
	bin, err := zitiBinary()
	if err != nil {
		return nil, err
	}
	ports, dir, err := quickstartWorkspace()
	if err != nil {
		return nil, err
	}
	home := filepath.Join(dir, "home")
	c := &Controller{
		URL:        fmt.Sprintf("https://127.0.0.1:%d", ports[0]),
		Username:   "admin",
		Password:   randomPassword(),
		CAFile:     filepath.Join(home, "pki", "root-ca", "certs", "root-ca.cert"),
		RouterName: "router-quickstart",
		RouterPort: ports[1],
	}
	p, err := spawn(bin, quickstartArgs(ports[0], ports[1], home, c.Password), dir, filepath.Join(dir, "quickstart.log"))
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	c.stop = func() {
		p.stop()
		if os.Getenv("ZITI_TEST_KEEP_HOME") == "" {
			_ = os.RemoveAll(dir)
		}
	}
	// A controller that dies during start-up should fail fast with its log, not time out.
	go func() {
		<-p.exited
		c.exitedEarly.Store(true)
	}()
	c.logTail = p.logTail
	return c, nil
}

// proc is one ziti process the harness started.
type proc struct {
	cmd     *exec.Cmd
	exited  chan struct{}
	logFile *os.File
	logPath string
}

// spawn starts bin with args in dir, logging to logPath.
func spawn(bin string, args []string, dir, logPath string) (*proc, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Dir = dir
	// The quickstart logs its CLI in and caches the controller's CA under the user's config
	// directory (~/.config/ziti, keyed by host): give each process its own, so that
	// controllers started side by side do not overwrite each other's CA (the router then fails
	// to enroll) and a developer's own ziti CLI login is left alone.
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "HOME="+dir)
	// Own process group, and the kernel sends SIGTERM to the controller if the test binary dies
	// without running its cleanup (kill -9, a crash).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	// Pdeathsig fires when the OS thread that started the child exits, not the process, and
	// the Go runtime may retire threads: start the child from a goroutine locked to its
	// thread that lives exactly as long as the child.
	started := make(chan error, 1)
	p := &proc{cmd: cmd, exited: make(chan struct{}), logFile: logFile, logPath: logPath}
	go func() {
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		_ = cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	return p, nil
}

// stop ends the process group gracefully, then by force.
func (p *proc) stop() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.exited
	}
	_ = p.logFile.Close()
}

// kill ends the process group at once, as a crash or a power cut would.
func (p *proc) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.exited
	_ = p.logFile.Close()
}

func (p *proc) logTail() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return ""
	}
	return logEnd(string(b))
}

// logEnd is the part of a controller's log that says why it stopped: from a Go crash
// ("panic:", "fatal error:") the lines that name it and the goroutine that crashed, which a
// stack dump would push out of any tail; otherwise the last 30 lines.
func logEnd(log string) string {
	all := strings.Split(strings.TrimRight(log, "\n"), "\n")
	for i, line := range all {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			start, end := max(0, i-3), min(len(all), i+20)
			return strings.Join(all[start:end], "\n")
		}
	}
	if len(all) > 30 {
		all = all[len(all)-30:]
	}
	return strings.Join(all, "\n")
}
