package acctest

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// DataSources is the test every entity's derived data sources share. The test's resources
// declare two entities of Type, "one" named <prefix>-one and "two" named <prefix>-two; the
// singular data source reads one by name (data.<Type>.by_name) and two by id
// (data.<Type>.by_id), the plural one lists both by Filter (data.<Plural>.filtered); a name
// that matches nothing fails the read.
type DataSources struct {
	Type   string // the resource and singular data source type, e.g. "ziti_identity"
	Plural string // the plural data source type, e.g. "ziti_identities"
	List   string // the plural's list attribute, e.g. "identities"
	Entity string // the entity as the not-found error names it: "Expected exactly one identity"
	Filter string // the plural's filter: it must match the two entities and nothing else
}

// Steps are the configuration (resources and the data sources), checked with the shared
// checks and checks, then the same with a singular data source whose name matches nothing.
func (d DataSources) Steps(prefix, resources string, checks ...statecheck.StateCheck) []resource.TestStep {
	config := resources + fmt.Sprintf(`
data %[1]q "by_name" {
  name = %[1]s.one.name
}
data %[1]q "by_id" {
  id = %[1]s.two.id
}
data %[2]q "filtered" {
  filter     = %[3]q
  depends_on = [%[1]s.one, %[1]s.two]
}
`, d.Type, d.Plural, d.Filter)
	named := func(suffix string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(prefix + suffix)})
	}
	byName, byID, filtered := "data."+d.Type+".by_name", "data."+d.Type+".by_id", "data."+d.Plural+".filtered"
	shared := []statecheck.StateCheck{
		SameValue(byName, "id", d.Type+".one", "id"),
		Value(byName, "name", knownvalue.StringExact(prefix+"-one")),
		SameValue(byID, "id", d.Type+".two", "id"),
		Value(byID, "name", knownvalue.StringExact(prefix+"-two")),
		Value(filtered, d.List, knownvalue.ListExact([]knownvalue.Check{named("-one"), named("-two")})),
		statecheck.CompareValuePairs(filtered, tfjsonpath.New("ids").AtSliceIndex(0), d.Type+".one", tfjsonpath.New("id"), compare.ValuesSame()),
		statecheck.CompareValuePairs(filtered, tfjsonpath.New("ids").AtSliceIndex(1), d.Type+".two", tfjsonpath.New("id"), compare.ValuesSame()),
	}
	missing := fmt.Sprintf("\ndata %q \"none\" {\n  name = %q\n}\n", d.Type, prefix+"-missing")
	return []resource.TestStep{
		{Config: config, ConfigStateChecks: append(shared, checks...)},
		{Config: config + missing, ExpectError: regexp.MustCompile(`Expected exactly one ` + d.Entity)},
	}
}
