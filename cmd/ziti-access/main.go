package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/agentfence/terraform-provider-ziti/internal/client"
	"github.com/agentfence/terraform-provider-ziti/internal/provider"
	"github.com/agentfence/terraform-provider-ziti/internal/reach"
)

// version is set by the release build (-X main.version).
var version = "dev"

// Exit codes: violations are not usage errors, so a pipeline can tell them apart.
const (
	exitOK         = 0
	exitViolations = 1
	exitError      = 2
)

const usage = `ziti-access: review access on an OpenZiti network before apply.

Usage:
  ziti-access diff  [--format text|markdown|json] PLAN_JSON
  ziti-access check [--format text|markdown|json] --rules RULES.yaml [PLAN_JSON]
  ziti-access version

PLAN_JSON is the JSON of a saved plan: tofu plan -out plan.out && tofu show -json plan.out > plan.json
(terraform works the same). Without PLAN_JSON, check evaluates the live network.
The controller is read with the provider's environment: ZITI_API_URL, ZITI_USERNAME/ZITI_PASSWORD
(or ZITI_IDENTITY_FILE, ZITI_CERT_PEM/ZITI_KEY_PEM, ZITI_EXT_JWT), ZITI_CA_FILE, ...

Exit status: 0 fine, 1 rules broken (check), 2 bad input or the controller cannot be read.
`

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	fs := flag.NewFlagSet("ziti-access "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: "+strings.Join(reach.Formats, ", "))
	rulesFile := fs.String("rules", "", "rules file (YAML) for check")
	switch args[0] {
	case "version":
		fmt.Fprintln(stdout, "ziti-access", version)
		return exitOK
	case "diff", "check":
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return exitError
	}
	if err := fs.Parse(interleaved(args[1:])); err != nil {
		return exitError
	}
	if !validFormat(*format) {
		fmt.Fprintf(stderr, "ziti-access: unknown --format %q: use one of %s\n", *format, strings.Join(reach.Formats, ", "))
		return exitError
	}
	var err error
	code := exitOK
	switch args[0] {
	case "diff":
		if fs.NArg() != 1 {
			fmt.Fprintf(stderr, "ziti-access diff takes one PLAN_JSON file\n\n%s", usage)
			return exitError
		}
		err = diff(ctx, fs.Arg(0), *format, stdout)
	case "check":
		if *rulesFile == "" || fs.NArg() > 1 {
			fmt.Fprintf(stderr, "ziti-access check needs --rules FILE and at most one PLAN_JSON\n\n%s", usage)
			return exitError
		}
		code, err = check(ctx, fs.Arg(0), *rulesFile, *format, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "ziti-access:", err)
		return exitError
	}
	return code
}

// interleaved moves flags before positional arguments, so `diff plan.json --format json`
// works like `diff --format json plan.json`.
func interleaved(args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}

func validFormat(f string) bool {
	for _, x := range reach.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// networks reads the live network and, with a plan, the network after it.
func networks(ctx context.Context, planFile string) (before, after *reach.Network, err error) {
	var plan *reach.Plan
	if planFile != "" {
		data, err := os.ReadFile(planFile) //nolint:gosec // the user names the file to read on the command line
		if err != nil {
			return nil, nil, err
		}
		if plan, err = reach.ParsePlan(planFile, data); err != nil {
			return nil, nil, err
		}
	}
	cfg, err := provider.ClientConfigFromEnvironment()
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	c, err := client.New(ctx, cfg)
	if err != nil {
		var ce *client.ConfigError
		if errors.As(err, &ce) {
			return nil, nil, fmt.Errorf("%w (the ZITI_* environment, as for the provider)", err)
		}
		return nil, nil, fmt.Errorf("cannot log in to the controller: %w", err)
	}
	defer c.Close(context.Background())
	if before, err = reach.Load(ctx, c); err != nil {
		return nil, nil, fmt.Errorf("reading the network from the controller: %w", err)
	}
	if plan == nil {
		return before, before, nil
	}
	after, err = reach.Apply(before, plan)
	return before, after, err
}

func diff(ctx context.Context, planFile, format string, out io.Writer) error {
	before, after, err := networks(ctx, planFile)
	if err != nil {
		return err
	}
	d := reach.Compare(before, reach.Evaluate(before), after, reach.Evaluate(after))
	return reach.WriteDiff(out, d, format)
}

func check(ctx context.Context, planFile, rulesFile, format string, out io.Writer) (int, error) {
	data, err := os.ReadFile(rulesFile) //nolint:gosec // the user names the file to read on the command line
	if err != nil {
		return exitError, err
	}
	rules, err := reach.ParseRules(rulesFile, data)
	if err != nil {
		return exitError, err
	}
	_, after, err := networks(ctx, planFile)
	if err != nil {
		return exitError, err
	}
	violations, err := reach.Check(after, reach.Evaluate(after), rules)
	if err != nil {
		return exitError, err
	}
	if err := reach.WriteViolations(out, violations, len(rules.Deny)+len(rules.Require), format); err != nil {
		return exitError, err
	}
	if len(violations) > 0 {
		return exitViolations, nil
	}
	return exitOK, nil
}
