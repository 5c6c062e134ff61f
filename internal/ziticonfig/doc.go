// Package ziticonfig holds the typed data of the built-in config types the provider writes
// (intercept.v1, host.v1, host.v2), as their JSON schemas on the controller define them, and the
// address checks tunnelers apply to them. The typed config resources and the composite
// mission resources both build their configs from these types.
package ziticonfig
