// Package controller serves the ziti_controller data source: which controller the provider
// talks to, its version and capabilities, and who the provider is logged in as.
package controller
