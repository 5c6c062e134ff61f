package posturecheck

import (
	"fmt"
	"strings"

	"github.com/blang/semver"

	"github.com/agentfence/terraform-provider-ziti/internal/framework"
)

// versionRangeValidator accepts what the controller evaluates OS versions with (blang/semver
// ranges), and refuses ranges no version can be in (">=15.0.0 <14.0.0"), which the controller
// would store and then refuse every device with.
var versionRangeValidator = framework.StringCheck{Desc: "a semver range such as >=10.0.19045 or >=13.0.0 <15.0.0",
	Summary: "Invalid version range", Check: checkVersionRange}

// checkVersionRange parses r as the controller does, then checks that every alternative
// (between ||) leaves some version: its greatest lower bound is below its least upper bound.
func checkVersionRange(r string) error {
	if _, err := semver.ParseRange(r); err != nil {
		return fmt.Errorf("%q is not a semver range such as >=10.0.19045 or >=13.0.0 <15.0.0 (full major.minor.patch versions): %v", r, err)
	}
	for _, alternative := range strings.Split(r, "||") {
		var lower, upper *semver.Version
		lowerStrict, upperStrict := false, false
		for _, c := range strings.Fields(alternative) {
			op, v := splitComparator(c)
			ver, err := semver.Parse(v)
			if err != nil {
				continue // ParseRange accepted it; nothing to compare
			}
			switch op {
			case ">", ">=":
				if lower == nil || ver.GT(*lower) || (ver.EQ(*lower) && op == ">") {
					lower, lowerStrict = &ver, op == ">"
				}
			case "<", "<=":
				if upper == nil || ver.LT(*upper) || (ver.EQ(*upper) && op == "<") {
					upper, upperStrict = &ver, op == "<"
				}
			case "", "=", "==":
				if lower == nil || ver.GT(*lower) {
					lower, lowerStrict = &ver, false
				}
				if upper == nil || ver.LT(*upper) {
					upper, upperStrict = &ver, false
				}
			}
		}
		if lower != nil && upper != nil && (lower.GT(*upper) || (lower.EQ(*upper) && (lowerStrict || upperStrict))) {
			return fmt.Errorf("no version is in %q: its lower bound %s is not below its upper bound %s; swap or correct the bounds",
				strings.TrimSpace(alternative), lower, upper)
		}
	}
	return nil
}

// splitComparator splits ">=1.2.3" into ">=" and "1.2.3".
func splitComparator(c string) (op, version string) {
	i := strings.IndexFunc(c, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 {
		return c, ""
	}
	return c[:i], c[i:]
}
