// Package agentnet is what an agent pod does on the overlay with the OpenZiti SDK: enroll a
// one-time token, exchange bytes over a connection, notice when the overlay cuts it, and the
// stand-in upstream servers. The acceptance tests (internal/acctest) and `make demo`'s agent
// (cmd/demo-agent) share it; it does not import testing.
package agentnet
