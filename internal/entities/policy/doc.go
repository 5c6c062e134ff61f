// Package policy is the three policies that decide who reaches what on the overlay:
// ziti_service_policy (which identities may dial or host which services),
// ziti_edge_router_policy (which identities may connect through which edge routers) and
// ziti_service_edge_router_policy (which services are carried by which edge routers), with
// their data sources. They share a name, a semantic and tags (common); each has its own role
// selector sets, written out in its schema and mapping.
package policy
