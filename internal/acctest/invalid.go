package acctest

import (
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

// Resource writes a resource block of type typ named "x" with the given lines (attributes or
// nested blocks), each indented by two spaces; empty lines are left out.
func Resource(typ string, lines ...string) string {
	var b strings.Builder
	b.WriteString(`resource "` + typ + `" "x" {` + "\n")
	for _, l := range lines {
		if l != "" {
			b.WriteString("  " + l + "\n")
		}
	}
	b.WriteString("}\n")
	return b.String()
}
