package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// processMember is a cluster member run as a `ziti` process on loopback, with its home in
// dir/home and its log in dir/member.log.
type processMember struct {
	bin  string
	args []string
	dir  string
	proc *proc
}

func newProcessMember(bin, dir string, args []string) (*processMember, error) {
	if err := os.MkdirAll(filepath.Join(dir, "home"), 0o700); err != nil {
		return nil, err
	}
	return &processMember{bin: bin, dir: dir, args: append(args, "--home", filepath.Join(dir, "home"))}, nil
}

func (p *processMember) installRootCA(dir string) error {
	return copyTree(dir, filepath.Join(p.dir, "home", "pki", "root-ca"))
}

func (p *processMember) exportRootCA(dir string) error {
	return copyTree(filepath.Join(p.dir, "home", "pki", "root-ca"), dir)
}

// copyTree copies directory from to to (which must not exist), with cp -r.
func copyTree(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-r", from, to).CombinedOutput(); err != nil {
		return fmt.Errorf("cp -r %s %s: %v: %s", from, to, err, out)
	}
	return nil
}

func (p *processMember) start() error {
	pr, err := spawn(p.bin, p.args, p.dir, filepath.Join(p.dir, "member.log"))
	if err != nil {
		return err
	}
	p.proc = pr
	return nil
}

func (p *processMember) running() bool {
	if p.proc == nil {
		return false
	}
	select {
	case <-p.proc.exited:
		return false
	default:
		return true
	}
}

func (p *processMember) kill() { p.proc.kill() }
func (p *processMember) stop() { p.proc.stop() }

func (p *processMember) freeze() { _ = syscall.Kill(-p.proc.cmd.Process.Pid, syscall.SIGSTOP) }
func (p *processMember) thaw()   { _ = syscall.Kill(-p.proc.cmd.Process.Pid, syscall.SIGCONT) }

// Processes on loopback share one network: the nearest thing to cutting one off is to stop
// it, and to reconnect it, to start it again.
func (p *processMember) cutOff() { p.stop() }

func (p *processMember) reconnect(t testing.TB) {
	t.Helper()
	if err := p.start(); err != nil {
		t.Fatal(err)
	}
}

func (p *processMember) logTail() string {
	if p.proc == nil {
		return ""
	}
	return p.proc.logTail()
}

func (p *processMember) remove() {
	if p.running() {
		p.thaw()
		p.stop()
	}
}
