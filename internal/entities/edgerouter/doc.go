// Package edgerouter is ziti_edge_router: an edge router the overlay's identities connect
// through, and its data sources ziti_edge_router and ziti_edge_routers.
package edgerouter
