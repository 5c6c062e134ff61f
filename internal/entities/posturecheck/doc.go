// Package posturecheck is the ziti_posture_check_* resources: conditions a dialing device
// must meet at the moment it dials (its operating system and version, a MAC address, a
// Windows domain, a recent MFA), which service policies require through
// posture_check_roles; and their data sources.
//
// One resource per kind, not one resource with a typed block per kind. The controller keeps
// the kind for the life of a check (changing it means a new check), each kind has its own
// required fields, and policies select checks by role attribute whatever their kind: separate
// resource types make every kind's required fields required in the schema (errors at plan,
// on the attribute) instead of "exactly one block" rules, give each kind its own import and
// data sources that only ever show checks of that kind, and match the names users migrating
// from netfoundry/terraform-provider-ziti already have. What all kinds share (name, role
// attributes, tags, the list scope, the read-back of the base) is written once, in base.go.
package posturecheck
