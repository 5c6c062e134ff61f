package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/openziti/sdk-golang/ziti"

	"github.com/agentfence/terraform-provider-ziti/internal/agentnet"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "upstreams":
		err = upstreams(args)
	case "enroll":
		err = enrollCmd(args)
	case "probe":
		err = probe(args)
	case "hold":
		err = hold(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "demo-agent %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: demo-agent upstreams|enroll|probe|hold [flags] [args] (see cmd/demo-agent/main.go)")
	os.Exit(2)
}

// upstreams stands in for the services behind the overlay (LLM proxy, gateway, tracing
// collector) and for things agents must not reach (an admin API).
func upstreams(args []string) error {
	fs := flag.NewFlagSet("upstreams", flag.ExitOnError)
	portsFile := fs.String("ports-file", "", "write NAME=PORT lines here once every server listens")
	_ = fs.Parse(args)
	if fs.NArg() == 0 || *portsFile == "" {
		return errors.New("need -ports-file and at least one NAME")
	}
	var lines strings.Builder
	for _, name := range fs.Args() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr, ok := ln.Addr().(*net.TCPAddr)
		if !ok {
			return fmt.Errorf("listener address %v is not TCP", ln.Addr())
		}
		fmt.Fprintf(&lines, "%s=%d\n", name, addr.Port)
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go agentnet.Echo(c, name+": ")
			}
		}()
	}
	// Written whole, then renamed: the reader never sees half a file.
	if err := os.WriteFile(*portsFile+".tmp", []byte(lines.String()), 0o600); err != nil {
		return err
	}
	if err := os.Rename(*portsFile+".tmp", *portsFile); err != nil {
		return err
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return nil
}

// enrollCmd is what the agent pod's sidecar does with the token handed to it as a secret. The
// token itself is never printed: whoever holds it can become the agent.
func enrollCmd(args []string) error {
	fs := flag.NewFlagSet("enroll", flag.ExitOnError)
	jwtFile := fs.String("jwt-file", "", "file holding the enrollment token")
	out := fs.String("out", "", "identity file to write (certificate, key, CA)")
	_ = fs.Parse(args)
	if *jwtFile == "" || *out == "" {
		return errors.New("need -jwt-file and -out")
	}
	b, err := os.ReadFile(*jwtFile)
	if err != nil {
		return err
	}
	jwt := strings.TrimSpace(string(b))
	subject, expires, err := agentnet.TokenExpiry(jwt)
	if err != nil {
		return err
	}
	fmt.Printf("enrollment token for identity %s, valid until %s (%s from now)\n",
		subject, expires.Local().Format(time.RFC3339), time.Until(expires).Round(time.Second))
	cfg, err := agentnet.EnrollJWT(jwt)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := writeJSON(f, cfg); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("enrolled: the agent's key never left it; its certificate and the network's CA are in %s\n", *out)
	return nil
}

// target is where a dial goes: a service by name, or an address the agent's traffic goes to.
type target struct {
	service string // dial by name when set
	addr    string // otherwise dial host:port through the intercept configs
}

func (t target) String() string {
	if t.service != "" {
		return "service " + t.service
	}
	return t.addr
}

func parseTarget(s string) (target, error) {
	if name, ok := strings.CutPrefix(s, "service:"); ok {
		if name == "" {
			return target{}, fmt.Errorf("%q: empty service name", s)
		}
		return target{service: name}, nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return target{}, fmt.Errorf("%q is neither service:NAME nor HOST:PORT", s)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return target{}, fmt.Errorf("%q: port must be 1 to 65535", s)
	}
	return target{addr: s}, nil
}

// probeSpec is one dial of a probe and what it is expected to do.
type probeSpec struct {
	label  string
	target target
	expect bool // true: expected to work; false: expected refused
}

func parseProbeSpec(s string) (probeSpec, error) {
	var p probeSpec
	switch {
	case strings.HasPrefix(s, "+"):
		p.expect = true
	case strings.HasPrefix(s, "-"):
	default:
		return p, fmt.Errorf("%q: start with + (expected to work) or - (expected refused)", s)
	}
	label, t, ok := strings.Cut(s[1:], "=")
	if !ok || label == "" {
		return p, fmt.Errorf("%q: want [+|-]LABEL=TARGET", s)
	}
	p.label = label
	var err error
	p.target, err = parseTarget(t)
	return p, err
}

// reason is the first line of an SDK error, for a one-line verdict.
func reason(err error) string {
	s := strings.TrimSpace(err.Error())
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	const limit = 110
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return s
}

func probe(args []string) error {
	fs := flag.NewFlagSet("probe", flag.ExitOnError)
	identity := fs.String("identity", "", "identity file written by enroll")
	_ = fs.Parse(args)
	specs := make([]probeSpec, 0, fs.NArg())
	for _, a := range fs.Args() {
		p, err := parseProbeSpec(a)
		if err != nil {
			return err
		}
		specs = append(specs, p)
	}
	if *identity == "" || len(specs) == 0 {
		return errors.New("need -identity and at least one [+|-]LABEL=TARGET")
	}
	ctx, err := open(*identity)
	if err != nil {
		return err
	}
	defer ctx.Close()
	width := 0
	for _, p := range specs {
		width = max(width, len(p.label)+len(p.target.String())+3)
	}
	unexpected := 0
	for _, p := range specs {
		what := fmt.Sprintf("%s (%s)", p.label, p.target)
		reply, err := dialAndExchange(ctx, p.target, "hello from the agent")
		verdict := fmt.Sprintf("ALLOWED  %-*s  answered %q", width, what, reply)
		if err != nil {
			verdict = fmt.Sprintf("REFUSED  %-*s  %s", width, what, reason(err))
		}
		if (err == nil) != p.expect {
			unexpected++
			verdict += "   <-- UNEXPECTED"
		}
		fmt.Println("    " + verdict)
	}
	if unexpected > 0 {
		return fmt.Errorf("%d dial(s) did not do what the policies promise", unexpected)
	}
	return nil
}

func dialAndExchange(ctx ziti.Context, t target, msg string) (string, error) {
	conn, err := dial(ctx, t)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	reply, err := agentnet.Exchange(conn, msg)
	if err != nil {
		return "", fmt.Errorf("connected, but no answer: %w", err)
	}
	return reply, nil
}

func hold(args []string) error {
	fs := flag.NewFlagSet("hold", flag.ExitOnError)
	identity := fs.String("identity", "", "identity file written by enroll")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up when the connection is still open after this long")
	readyFile := fs.String("ready-file", "", "created once the connection is open and has answered")
	cutFile := fs.String("cut-file", "", "receives the Unix time (seconds) at which the connection was cut")
	_ = fs.Parse(args)
	if *identity == "" || fs.NArg() != 1 {
		return errors.New("need -identity and one TARGET")
	}
	t, err := parseTarget(fs.Arg(0))
	if err != nil {
		return err
	}
	ctx, err := open(*identity)
	if err != nil {
		return err
	}
	defer ctx.Close()
	conn, err := dial(ctx, t)
	if err != nil {
		return fmt.Errorf("dial %s: %w", t, err)
	}
	defer conn.Close()
	reply, err := agentnet.Exchange(conn, "a long-running request")
	if err != nil {
		return fmt.Errorf("exchange over %s: %w", t, err)
	}
	opened := time.Now()
	fmt.Printf("connection to %s open, answered %q; holding it\n", t, reply)
	if *readyFile != "" {
		if err := os.WriteFile(*readyFile, nil, 0o600); err != nil {
			return err
		}
	}
	select {
	case cut := <-agentnet.WatchClosed(conn):
		fmt.Printf("the overlay closed the connection to %s, %s after it opened\n", t, cut.Sub(opened).Round(10*time.Millisecond))
		if *cutFile != "" {
			at := strconv.FormatFloat(float64(cut.UnixNano())/1e9, 'f', 3, 64)
			return os.WriteFile(*cutFile, []byte(at+"\n"), 0o600)
		}
		return nil
	case <-time.After(*timeout):
		return fmt.Errorf("the connection to %s is still open after %s", t, *timeout)
	}
}

// open opens an SDK context for an enrolled identity, asking for the intercept configs so
// that addresses can be dialed the way a tunneler would.
func open(identityFile string) (ziti.Context, error) {
	cfg, err := ziti.NewConfigFromFile(identityFile)
	if err != nil {
		return nil, err
	}
	cfg.ConfigTypes = append(cfg.ConfigTypes, ziti.InterceptV1)
	return ziti.NewContext(cfg)
}

// dial dials a target after refreshing the service list, so a grant made or taken away a
// moment ago is seen.
func dial(ctx ziti.Context, t target) (net.Conn, error) {
	_ = ctx.RefreshServices()
	if t.service != "" {
		return ctx.Dial(t.service)
	}
	return ctx.DialAddr("tcp", t.addr)
}

func writeJSON(w io.Writer, cfg *ziti.Config) error {
	return json.NewEncoder(w).Encode(cfg)
}
