package reach

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats of the reports.
var Formats = []string{"text", "markdown", "json"}

var signs = map[string]string{Added: "+", Removed: "-", Changed: "~", Unknown: "?"}

// String is the line of a change as the text and Markdown reports print it:
// "+ research-agent-0 -> orders-db.ziti tcp/5432 (dial, via orders-db-dial)".
func (c Change) String() string {
	l := c.Line
	details := []string{l.Type}
	switch c.Kind {
	case Removed:
	case Unknown:
		details = append(details, "unknown until apply: may be granted via "+strings.Join(l.MaybeVia, ", "))
	default:
		details = append(details, "via "+strings.Join(l.Via, ", "))
	}
	if c.Kind != Removed {
		if len(l.PostureChecks) > 0 {
			details = append(details, "if posture checks pass: "+strings.Join(l.PostureChecks, ", "))
		}
		switch l.CommonRouter {
		case "no":
			details = append(details, "granted but no common edge router")
		case "unknown":
			details = append(details, "common edge router unknown until apply")
		}
	}
	s := fmt.Sprintf("%s %s -> %s (%s)", signs[c.Kind], l.Identity, l.Target, strings.Join(details, ", "))
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

// String is the line of a broadened policy.
func (b Broadened) String() string {
	what := "identities"
	if b.Roles == "service_roles" {
		what = "services"
	}
	return fmt.Sprintf("! %s policy %s now grants %s to #all %s", b.Type, b.Policy, b.Type, what)
}

// Summary counts the changes: "2 gained, 1 lost, 0 changed, 0 unknown".
func (d Diff) Summary() string {
	counts := map[string]int{}
	for _, c := range d.Changes {
		counts[c.Kind]++
	}
	s := fmt.Sprintf("%d gained, %d lost, %d changed, %d unknown until apply", counts[Added], counts[Removed], counts[Changed], counts[Unknown])
	if len(d.Broadened) > 0 {
		s += fmt.Sprintf(", %d policies newly grant #all", len(d.Broadened))
	}
	if len(d.Unresolved) > 0 {
		s += fmt.Sprintf(", %d references resolve to nothing", len(d.Unresolved))
	}
	return s
}

// WriteDiff prints d in format (text, markdown or json).
func WriteDiff(w io.Writer, d Diff, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Diff
			Summary string `json:"summary"`
		}{d, d.Summary()})
	case "markdown":
		var b strings.Builder
		b.WriteString("### Access changes (ziti-access)\n\n")
		if d.empty() {
			b.WriteString("No change in who can reach what.\n")
		} else {
			b.WriteString(d.Summary() + ".\n\n```diff\n")
			for _, l := range d.lines() {
				b.WriteString(l + "\n")
			}
			b.WriteString("```\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	case "text":
		var b strings.Builder
		for _, l := range d.lines() {
			b.WriteString(l + "\n")
		}
		if d.empty() {
			b.WriteString("No change in who can reach what.\n")
		} else {
			b.WriteString(d.Summary() + ".\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

func (d Diff) lines() []string {
	var out []string
	for _, c := range d.Changes {
		out = append(out, c.String())
	}
	for _, b := range d.Broadened {
		out = append(out, b.String())
	}
	for _, u := range d.Unresolved {
		out = append(out, "? "+u)
	}
	return out
}

// WriteViolations prints the result of a check in format.
func WriteViolations(w io.Writer, vs []Violation, rules int, format string) error {
	summary := fmt.Sprintf("%d rules checked, %d violations", rules, len(vs))
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if vs == nil {
			vs = []Violation{}
		}
		return enc.Encode(struct {
			Violations []Violation `json:"violations"`
			Summary    string      `json:"summary"`
		}{vs, summary})
	case "markdown":
		var b strings.Builder
		b.WriteString("### Access rules (ziti-access)\n\n" + summary + ".\n")
		for _, v := range vs {
			b.WriteString("- **" + v.Kind + "** `" + v.Rule + "`: `" + v.Access + "`\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String() + "\n")
	}
	b.WriteString(summary + ".\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func (d Diff) empty() bool {
	return len(d.Changes) == 0 && len(d.Broadened) == 0 && len(d.Unresolved) == 0
}
