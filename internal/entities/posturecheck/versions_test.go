package posturecheck

import (
	"strings"
	"testing"
)

func TestCheckVersionRange(t *testing.T) {
	for r, want := range map[string]string{
		">=10.0.19045":                "",
		">=13.0.0 <15.0.0":            "",
		"<11.0.0 || >=12.0.0":         "",
		"=14.2.1":                     "",
		">=15.0.0 <14.0.0":            "no version is in",
		">14.0.0 <=14.0.0":            "no version is in",
		">=14.0.0 <14.0.0":            "no version is in",
		"<12.0.0 || >=15.0.0 <14.0.0": "no version is in",
		"ten":                         "is not a semver range",
		">=10":                        "is not a semver range",
	} {
		err := checkVersionRange(r)
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("%q: got %v, want %q", r, err, want)
		}
	}
}
