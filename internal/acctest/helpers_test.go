package acctest

import (
	"strings"
	"testing"

	"github.com/openziti/edge-api/rest_model"
)

func TestResourceBlock(t *testing.T) {
	got := Resource("ziti_service", "svc", `name = "llm"`, "", "tags = {\n    a = \"b\"\n  }")
	want := "\nresource \"ziti_service\" \"svc\" {\n  name = \"llm\"\n  tags = {\n    a = \"b\"\n  }\n}\n"
	if got != want {
		t.Fatalf("Resource wrote\n%s\nwant\n%s", got, want)
	}
}

func TestEntityID(t *testing.T) {
	id := "abc"
	if got, err := entityID(&rest_model.IdentityDetail{BaseEntity: rest_model.BaseEntity{ID: &id}}); err != nil || got != "abc" {
		t.Fatalf("entityID(identity) = %q, %v; want abc", got, err)
	}
	if _, err := entityID(&rest_model.IdentityDetail{}); err == nil {
		t.Fatal("entityID of a detail without id: no error")
	}
	if _, err := entityID(&struct{ Name string }{}); err == nil || !strings.Contains(err.Error(), "has no ID") {
		t.Fatalf("entityID of a struct without ID = %v; want an error", err)
	}
	if _, err := entityID("x"); err == nil {
		t.Fatal("entityID of a string: no error")
	}
}

func TestDataSourcesSteps(t *testing.T) {
	d := DataSources{Type: "ziti_service", Plural: "ziti_services", List: "services", Entity: "service", Filter: `name contains "p"`}
	steps := d.Steps("p", "# resources\n")
	if len(steps) != 2 {
		t.Fatalf("%d steps, want 2", len(steps))
	}
	for _, want := range []string{"# resources\n", `data "ziti_service" "by_name"`, "name = ziti_service.one.name", "id = ziti_service.two.id",
		`data "ziti_services" "filtered"`, `filter     = "name contains \"p\""`, "depends_on = [ziti_service.one, ziti_service.two]"} {
		if !strings.Contains(steps[0].Config, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, steps[0].Config)
		}
	}
	if len(steps[0].ConfigStateChecks) != 7 {
		t.Errorf("%d state checks, want the 7 shared ones", len(steps[0].ConfigStateChecks))
	}
	if !strings.Contains(steps[1].Config, `name = "p-missing"`) || !steps[1].ExpectError.MatchString("Expected exactly one service") {
		t.Errorf("the second step does not look up a missing name: %q, %v", steps[1].Config, steps[1].ExpectError)
	}
}
