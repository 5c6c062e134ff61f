# The agent-facing services (role attribute "agent-services": llm-proxy, gateway, tracing)
# are carried by the public edge routers only.
resource "ziti_service_edge_router_policy" "agent_services_public_routers" {
  name              = "agent-services-public-routers"
  service_roles     = ["#agent-services"]
  edge_router_roles = ["#public"]
}
