package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/semver"
)

// CHANGELOG.md keeps a section per release: [Unreleased] first, then `## [X.Y.Z] - YYYY-MM-DD`
// newest first, each with a link reference at the bottom.
func TestChangelogHasPerReleaseSections(t *testing.T) {
	b, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	heading := regexp.MustCompile(`(?m)^## (.*)$`)
	release := regexp.MustCompile(`^\[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - \d{4}-\d{2}-\d{2}$`)
	var sections []string
	for _, m := range heading.FindAllStringSubmatch(text, -1) {
		sections = append(sections, m[1])
	}
	if len(sections) < 2 || sections[0] != "[Unreleased]" {
		t.Fatalf("sections %q: want [Unreleased] first, then the releases", sections)
	}
	var previous string
	for _, s := range sections[1:] {
		m := release.FindStringSubmatch(s)
		if m == nil {
			t.Errorf("section %q is not `[X.Y.Z] - YYYY-MM-DD`", s)
			continue
		}
		if previous != "" && semver.Compare("v"+m[1], "v"+previous) >= 0 {
			t.Errorf("release %s is listed after %s: newest first", m[1], previous)
		}
		previous = m[1]
		if !strings.Contains(text, "\n["+m[1]+"]: ") {
			t.Errorf("release %s has no link reference", m[1])
		}
	}
	if !strings.Contains(text, "\n[Unreleased]: ") {
		t.Error("[Unreleased] has no link reference")
	}
}
