package access

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-openapi/strfmt"
	"github.com/openziti/edge-api/rest_model"
)

// Every kind the code reports is in the documented table exactly once, with a valid severity:
// the table is where the docs and the severities come from.
func TestFindingKindsTable(t *testing.T) {
	src, err := os.ReadFile("network_audit.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := regexp.MustCompile(`(?m)^\s+kind\w+\s+= "([a-z-]+)"$`).FindAllStringSubmatch(string(src), -1)
	if len(declared) == 0 {
		t.Fatal("no kind constants found")
	}
	seen := map[string]int{}
	for _, k := range findingKinds {
		seen[k.Kind]++
		if !slices.Contains(severities, k.Severity) {
			t.Errorf("kind %s has severity %q, not one of %v", k.Kind, k.Severity, severities)
		}
		if k.About == "" {
			t.Errorf("kind %s has no description", k.Kind)
		}
	}
	for _, d := range declared {
		if seen[d[1]] != 1 {
			t.Errorf("kind %s is in the table %d times, want once", d[1], seen[d[1]])
		}
	}
	if len(findingKinds) != len(declared) {
		t.Errorf("%d kinds in the table, %d declared", len(findingKinds), len(declared))
	}
	table := kindsTable()
	for _, k := range findingKinds {
		if !strings.Contains(table, "| `"+k.Kind+"` | `"+k.Severity+"` |") {
			t.Errorf("the documentation table lacks %s", k.Kind)
		}
	}
}

func TestSummarizeSortsFiltersAndCounts(t *testing.T) {
	in := []finding{
		{Severity: severityInfo, Kind: kindDefaultAdmin, EntityName: "Default Admin"},
		{Severity: severityLow, Kind: kindSelectsNoIdentities, EntityName: "b"},
		{Severity: severityHigh, Kind: kindDialAllServices, EntityName: "z"},
		{Severity: severityLow, Kind: kindSelectsNoIdentities, EntityName: "a"},
		{Severity: severityHigh, Kind: kindDialAllIdentities, EntityName: "y"},
		{Severity: severityMedium, Kind: kindAdminIdentity, EntityName: "ops"},
	}
	got, counts := summarize(in, true)
	var order []string
	for _, f := range got {
		order = append(order, f.Kind+"/"+f.EntityName)
	}
	want := []string{"dial-policy-all-identities/y", "dial-policy-all-services/z", "admin-identity/ops",
		"policy-selects-no-identities/a", "policy-selects-no-identities/b", "default-admin/Default Admin"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if counts[severityHigh] != 2 || counts[severityMedium] != 1 || counts[severityLow] != 2 || counts[severityInfo] != 1 {
		t.Errorf("counts %v", counts)
	}

	got, counts = summarize(in, false)
	if len(got) != 5 || counts[severityInfo] != 0 || len(counts) != 4 {
		t.Errorf("without info: %d findings, counts %v", len(got), counts)
	}
	if _, counts = summarize(nil, true); len(counts) != 4 || counts[severityHigh] != 0 {
		t.Errorf("no findings: counts %v, want every severity at 0", counts)
	}
}

func TestExpiredEnrollment(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	past, future := strfmt.DateTime(now.Add(-time.Minute)), strfmt.DateTime(now.Add(time.Hour))
	cases := map[string]struct {
		e    *rest_model.IdentityEnrollments
		want bool
	}{
		"enrolled (none pending)": {nil, false},
		"empty":                   {&rest_model.IdentityEnrollments{}, false},
		"ott valid":               {&rest_model.IdentityEnrollments{Ott: &rest_model.IdentityEnrollmentsOtt{ExpiresAt: future}}, false},
		"ott expired":             {&rest_model.IdentityEnrollments{Ott: &rest_model.IdentityEnrollmentsOtt{ExpiresAt: past}}, true},
		"ottca expired":           {&rest_model.IdentityEnrollments{Ottca: &rest_model.IdentityEnrollmentsOttca{ExpiresAt: past}}, true},
		"updb expired":            {&rest_model.IdentityEnrollments{Updb: &rest_model.IdentityEnrollmentsUpdb{ExpiresAt: past}}, true},
	}
	for name, tc := range cases {
		if _, got := expiredEnrollment(tc.e, now); got != tc.want {
			t.Errorf("%s: expired = %v, want %v", name, got, tc.want)
		}
	}
}
