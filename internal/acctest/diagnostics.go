package acctest

import (
	"regexp"
	"strings"
)

// ErrorOn matches a Terraform error shown on attribute attr (the CLI prints the offending
// line, "attr = ...", before the detail) whose text matches pattern. Spaces in pattern match
// any whitespace, since the CLI wraps long details.
func ErrorOn(attr, pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)\b` + regexp.QuoteMeta(attr) + `\s+=.*` + strings.ReplaceAll(pattern, " ", `\s+`))
}
