package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/agentfence/terraform-provider-ziti/internal/acctest"
)

func privateLinkConfig(t *testing.T, name, agent, router, ports string) string {
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

module "link" {
  source         = %q
  name           = %q
  agent_name     = %q
  address        = "%[2]s.internal"
  ports          = %[5]s
  target_address = "127.0.0.1"
  host_roles     = ["@%[4]s"]
}
`, filepath.Join(root, "examples", "modules", "private-link"), name, agent, router, ports)
}

// The private-link registry module (a ziti_private_resource, a composite): a plan creating it
// from nothing (every id unknown) shows the agent's Dial and the connector's Bind through the
// policies the resource will own; widening its ports shows as a change of what is reachable.
func TestAccModules_privateLinkDiffs(t *testing.T) {
	name := acctest.Name("pl")
	agent, router := name+"-agent", acctest.Shared(t).RouterName
	w := newWorkspace(t)

	plan := w.plan(privateLinkConfig(t, name, agent, router, "[5432]"))
	out, errOut, code := tool(t, "diff", plan)
	if code != 0 {
		t.Fatalf("diff exited %d: %s", code, errOut)
	}
	target := fmt.Sprintf("%s (%s.internal tcp/5432)", name, name)
	assertLines(t, "diff creating a private link", out,
		fmt.Sprintf("+ %s -> %s (bind, via %s-bind)", router, target, name),
		fmt.Sprintf("+ %s -> %s (dial, via %s-dial)", agent, target, name),
		"2 gained, 0 lost, 0 changed, 0 unknown until apply.")
	w.apply()

	plan = w.plan(privateLinkConfig(t, name, agent, router, "[5432, 6432]"))
	out, errOut, code = tool(t, "diff", plan)
	if code != 0 {
		t.Fatalf("diff exited %d: %s", code, errOut)
	}
	wider := fmt.Sprintf("%s (%s.internal tcp/5432,6432)", name, name)
	assertLines(t, "diff adding a port", out,
		fmt.Sprintf("~ %s -> %s (bind, via %s-bind): was %s", router, wider, name, target),
		fmt.Sprintf("~ %s -> %s (dial, via %s-dial): was %s", agent, wider, name, target),
		"0 gained, 0 lost, 2 changed, 0 unknown until apply.")
	w.apply()
}
