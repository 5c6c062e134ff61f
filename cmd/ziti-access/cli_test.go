package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Bad input is refused before the controller is asked, with what to do, and exit status 2.
func TestRun_badInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plan := `{"format_version":"1.2","resource_changes":[{"address":"ziti_identity.a","mode":"managed","type":"ziti_identity","change":{"actions":["create"],"after":{"name":"a"}}}]}`
	truncated := file("truncated.json", plan[:60])
	otherProvider := file("aws.json", `{"format_version":"1.2","resource_changes":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","change":{"actions":["create"]}}]}`)
	badRules := file("rules.yaml", "deny:\n  - from: [\"#a\"]\n    too: [\"#b\"]\n")
	cases := map[string]struct {
		args []string
		want string
	}{
		"no command":       {nil, "Usage:"},
		"unknown command":  {[]string{"plan"}, `unknown command "plan"`},
		"no plan":          {[]string{"diff"}, "diff takes one PLAN_JSON file"},
		"bad format":       {[]string{"diff", "--format", "html", truncated}, `unknown --format "html"`},
		"missing file":     {[]string{"diff", filepath.Join(dir, "nope.json")}, "no such file"},
		"truncated plan":   {[]string{"diff", truncated}, "the file is truncated"},
		"another provider": {[]string{"diff", otherProvider}, "plans no ziti_* resource"},
		"check, no rules":  {[]string{"check", truncated}, "needs --rules FILE"},
		"unknown rule key": {[]string{"check", "--rules", badRules}, "field too not found"},
	}
	for name, c := range cases {
		stdout, stderr, code := tool(t, c.args...)
		if code != exitError || !strings.Contains(stderr, c.want) || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and %q", name, code, stdout, stderr, exitError, c.want)
		}
	}
}
