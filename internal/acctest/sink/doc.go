// Package sink is a test-only Terraform provider standing in for what consumes a secret in a
// real configuration (a Kubernetes secret, a vault entry): its resource sink_secret takes the
// secret in the write-only attribute data_wo, as kubernetes_secret_v1 does, and writes it to a
// file the test names. Tests serve it in-process beside the ziti provider to prove that an
// ephemeral value reaches its consumer while the state and the plan never hold it.
package sink
