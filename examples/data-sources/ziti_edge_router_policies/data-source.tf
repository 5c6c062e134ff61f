data "ziti_edge_router_policies" "agents" {
  filter = "anyOf(identityRoles) = \"#agents\""
}

output "agent_router_policies" {
  value = data.ziti_edge_router_policies.agents.edge_router_policies[*].name
}
