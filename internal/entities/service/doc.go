// Package service is ziti_service: a named thing on the overlay that agents dial (an LLM
// proxy, a gateway, a customer's database), and its data sources ziti_service and
// ziti_services.
package service
