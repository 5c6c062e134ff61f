// Package configtype is ziti_config_type: a config type (a JSON schema that configs of the
// type must match), and its data sources ziti_config_type and ziti_config_types, which also
// look up the controller's built-in types such as intercept.v1 and host.v1.
package configtype
