// Package framework is the machinery every entity shares: provider data handed to resources,
// the generic CRUD resource and data sources, role selectors, and shared schema pieces.
package framework
