package acctest

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Invalid is a configuration that must fail at plan time, with an error matching Error (the
// summary and detail the user reads; ErrorOn also pins the attribute Terraform quotes).
type Invalid struct {
	Name   string
	Config string
	Error  *regexp.Regexp
}

// InvalidConfigs plans each configuration in its own subtest (PlanOnly: nothing is created)
// and expects its error.
func InvalidConfigs(t *testing.T, cases []Invalid) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			Test(t, resource.TestCase{Steps: []resource.TestStep{{Config: tc.Config, PlanOnly: true, ExpectError: tc.Error}}})
		})
	}
}

// Resource writes the block resource "typ" "label" with the given lines (attributes or nested
// blocks), each indented by two spaces; empty lines are left out.
func Resource(typ, label string, lines ...string) string {
	var b strings.Builder
	b.WriteString("\nresource \"" + typ + "\" \"" + label + "\" {\n")
	for _, l := range lines {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// RenameOntoTakenName are the steps of a test that renames one entity of resource type typ
// onto the name of another, which the controller answers with 200 while it keeps the old
// name: the apply must fail on name rather than store a state that is not true.
func RenameOntoTakenName(typ string) []resource.TestStep {
	a, b := Name("a"), Name("b")
	two := func(second string) string {
		return Resource(typ, "a", fmt.Sprintf("name = %q", a)) + Resource(typ, "b", fmt.Sprintf("name = %q", second))
	}
	return []resource.TestStep{
		{Config: two(b)},
		{Config: two(a), ExpectError: regexp.MustCompile(`(?s)did not apply the name.*still named`)},
	}
}
