package acctest

import "github.com/hashicorp/terraform-plugin-testing/knownvalue"

// StringSet checks that a set attribute holds exactly these strings, in any order.
func StringSet(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}
