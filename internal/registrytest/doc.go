// Package registrytest is a Terraform/OpenTofu registry for tests: HTTPS on 127.0.0.1 with a
// certificate from a CA the test makes (clients trust it through SSL_CERT_FILE), service
// discovery (/.well-known/terraform.json), the provider registry protocol serving releases as
// a release build writes them (per-platform zips, SHA256SUMS, its signature and the signing
// key) and the module registry protocol serving module directories as tarballs. The CLIs reach
// it under the public registries' host names through `host` blocks in their CLI configuration
// (CLIConfig), so configurations use the production addresses (`agentfence/ziti`,
// `agentfence/agent-sandbox/ziti`) unchanged.
package registrytest
