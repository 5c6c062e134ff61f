// Package typedconfig is ziti_intercept_v1_config and ziti_host_v1_config: configs of the
// controller's built-in config types intercept.v1 (where clients reach a service) and host.v1
// (where the hosting side sends its traffic), written as typed attributes instead of JSON, and
// their data sources. Both are stored in /configs like any config; what differs per type is
// only its attributes and how they map to the config's `data`, so every typed config is one
// typedConfig (mapping.go) told its config type and its to/from-data functions.
package typedconfig
