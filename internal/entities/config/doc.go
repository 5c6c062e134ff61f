// Package config is ziti_config: a JSON document of some config type (intercept.v1, host.v1
// or your own) that services carry, and its data sources ziti_config and ziti_configs.
package config
