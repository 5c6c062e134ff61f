package modules_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every module has the layout the module registries expect (one module per directory, ready
// to become a terraform-ziti-<name> repository: see CONTRIBUTING.md), its README shows the
// registry address and documents exactly the variables and outputs the module declares, and
// it has tests for `tofu test`. No controller, no tofu: this runs with the unit tests.
func TestModules_layoutAndReadme(t *testing.T) {
	for _, name := range moduleNames(t) {
		t.Run(name, func(t *testing.T) {
			dir := moduleSource(t, name)
			for _, f := range []string{"README.md", "main.tf", "variables.tf", "outputs.tf", "versions.tf", "examples/basic/main.tf"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("module %s has no %s", name, f)
				}
			}
			if tests, _ := filepath.Glob(filepath.Join(dir, "tests", "*.tftest.hcl")); len(tests) == 0 {
				t.Errorf("module %s has no tests/*.tftest.hcl", name)
			}
			versions := readText(t, filepath.Join(dir, "versions.tf"))
			for _, want := range []string{"required_version", `source = "agentfence/ziti"`} {
				if !strings.Contains(versions, want) {
					t.Errorf("%s/versions.tf does not contain %s", name, want)
				}
			}
			readme := readText(t, filepath.Join(dir, "README.md"))
			if want := `source  = "agentfence/` + name + `/ziti"`; !strings.Contains(readme, want) {
				t.Errorf("%s/README.md does not show the registry address (%s)", name, want)
			}
			inputs := blockNames(t, filepath.Join(dir, "variables.tf"), "variable")
			if got := tableNames(readme, "## Inputs"); !same(sorted(got...), sorted(inputs...)) {
				t.Errorf("%s/README.md lists the inputs %v, the module declares %v", name, got, inputs)
			}
			outputs := blockNames(t, filepath.Join(dir, "outputs.tf"), "output")
			rows := tableRows(readme, "## Outputs")
			var got []string
			for _, r := range rows {
				got = append(got, r.name)
			}
			if !same(sorted(got...), sorted(outputs...)) {
				t.Errorf("%s/README.md lists the outputs %v, the module declares %v", name, got, outputs)
			}
			sensitive := sensitiveOutputs(t, filepath.Join(dir, "outputs.tf"))
			for _, r := range rows {
				if marked := strings.Contains(r.text, "Sensitive"); marked != sensitive[r.name] {
					t.Errorf("%s/README.md: output %s says Sensitive: %v, the module declares sensitive = %v", name, r.name, marked, sensitive[r.name])
				}
			}
		})
	}
}

type tableRow struct{ name, text string }

var tableRowName = regexp.MustCompile("^\\| `([a-z0-9_]+)` \\|")

// tableRows are the rows of the Markdown table in the section that starts with heading, by the
// name in their first column.
func tableRows(readme, heading string) []tableRow {
	_, section, found := strings.Cut(readme, "\n"+heading+"\n")
	if !found {
		return nil
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var rows []tableRow
	for _, line := range strings.Split(section, "\n") {
		if m := tableRowName.FindStringSubmatch(line); m != nil {
			rows = append(rows, tableRow{name: m[1], text: line})
		}
	}
	return rows
}

func tableNames(readme, heading string) []string {
	var names []string
	for _, r := range tableRows(readme, heading) {
		names = append(names, r.name)
	}
	return names
}

// sensitiveOutputs are the outputs of an outputs.tf that say sensitive = true.
func sensitiveOutputs(t *testing.T, path string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, block := range regexp.MustCompile(`(?m)^output `).Split(readText(t, path), -1) {
		if m := regexp.MustCompile(`^"([a-z0-9_]+)"`).FindStringSubmatch(block); m != nil {
			out[m[1]] = regexp.MustCompile(`(?m)^\s*sensitive\s*=\s*true`).MatchString(block)
		}
	}
	return out
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
