# Agents connect to the overlay only through the public edge routers.
resource "ziti_edge_router_policy" "agents_public_routers" {
  name              = "agents-public-routers"
  identity_roles    = ["#agents"]
  edge_router_roles = ["#public"]
}

# The LLM proxy's connector uses one router, by name.
resource "ziti_edge_router_policy" "llm_proxy_connector_router" {
  name              = "llm-proxy-connector-router"
  identity_roles    = ["#llm-proxy-connectors"]
  edge_router_roles = ["@router-quickstart"]
}
