// Zero-trust overlay for AI agents on OpenZiti: identities, services, configs and policies as code.
package ziti
