// Package revocation closes open connections whose access was taken away.
//
// Measured on the controller: when a grant is removed, new dials are refused within a second,
// but a connection that is already open stays up for minutes. So after every change that can
// reduce access, the provider lists the open circuits the change could concern and closes
// those whose dialing identity may no longer dial the service (or whose host may no longer
// bind it), asking the controller's policy advice for each identity/service pair first, so
// that nothing still granted is cut. Every resource that can reduce access uses this one
// mechanism.
//
// The sweep:
//   - is scoped (Scope): a change to an identity looks at that identity's circuits, a change
//     to a service at that service's circuits, a change to (or deletion of) a service policy
//     at the circuits of the identities and services its roles selected before the change
//     (only pairs the old policy granted can have lost access through it). A change whose
//     reach cannot be known sweeps every open circuit (Full): a retried sweep after a failed
//     policy change (the old roles are no longer known), and roles the provider cannot read;
//   - lists circuits with keyset paging (client.ListCircuits), so circuits closing meanwhile
//     make no other circuit be skipped;
//   - cuts a circuit only when policy advice says its access is gone, or when its identity or
//     service verifiably no longer exists (GET answers 404). A 404 from policy advice alone is
//     not "revoked": the circuit is left open and the sweep reports it;
//   - continues past individual failures (an advice call, a circuit delete) and reports all of
//     them in one error (*Error), naming what was not swept;
//   - makes a second pass after a short settle for circuits that were being set up during the
//     first (unless no terminator serves a service in scope: then none can be), and further
//     passes while a pass still closes circuits (see Options). The
//     controller (v1.7.2) keeps accepting new dials made with a dial session issued before the
//     change for 25 s and more; a sweep whose last pass still closed circuits reports it.
//
// Revocation is never lost: when a sweep fails after an update, the shared resource CRUD
// (internal/framework, internal/composite) saves the resource with revocation_pending = true
// and returns the error; the next plan shows revocation_pending true -> false, and that apply
// sweeps again. After a failed sweep following a delete the resource stays in state with
// revocation_pending = true; the next refresh finds it gone, sweeps, and only then removes it.
package revocation
