// Package provider defines the ziti provider: its configuration (authentication, TLS,
// environment fallbacks) and the explicit lists of resources and data sources. Nothing
// entity-specific lives here.
package provider
