// Package reach is the access model of an OpenZiti network held in memory: who may dial or
// bind which service, through which service policies, and whether an edge router exists that
// both may use. It evaluates role selectors with the controller's own semantics (see
// selector.go), reads the live network from the controller (live.go), applies the planned
// changes of a saved Terraform/OpenTofu plan (plan.go) and reports what changes in effective
// access (diff.go) or which rules a network breaks (rules.go). cmd/ziti-access is its CLI.
package reach
