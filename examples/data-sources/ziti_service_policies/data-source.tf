# Every policy that grants something to the agents (Dial or Bind: see each one's type).
data "ziti_service_policies" "agent_grants" {
  filter = "anyOf(identityRoles) = \"#agents\""
}

output "agent_grants" {
  value = { for p in data.ziti_service_policies.agent_grants.service_policies : p.name => { type = p.type, services = p.service_roles } }
}
