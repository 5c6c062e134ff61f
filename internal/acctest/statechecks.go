package acctest

import (
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Value checks the top-level attribute attr of addr (a resource or data.<type>.<name>) in
// the state after apply. Nested paths use statecheck.ExpectKnownValue with tfjsonpath.
func Value(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// SameValue checks that attr of addr holds the same value as otherAttr of other.
func SameValue(addr, attr, other, otherAttr string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(addr, tfjsonpath.New(attr), other, tfjsonpath.New(otherAttr), compare.ValuesSame())
}

// ExpectEmptyPlan: the plan before apply changes nothing.
func ExpectEmptyPlan() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
}

// ExpectCreate: the plan before apply creates addr.
func ExpectCreate(addr string) resource.ConfigPlanChecks {
	return expectAction(addr, plancheck.ResourceActionCreate)
}

// ExpectUpdate: the plan before apply updates addr in place.
func ExpectUpdate(addr string) resource.ConfigPlanChecks {
	return expectAction(addr, plancheck.ResourceActionUpdate)
}

// ExpectReplace: the plan before apply replaces addr (destroy, then create).
func ExpectReplace(addr string) resource.ConfigPlanChecks {
	return expectAction(addr, plancheck.ResourceActionReplace)
}

func expectAction(addr string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}}
}
