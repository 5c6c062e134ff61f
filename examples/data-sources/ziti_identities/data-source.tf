# Every identity carrying the "agents" role attribute.
data "ziti_identities" "agents" {
  filter = "anyOf(roleAttributes) = \"agents\""
}

output "agent_names" {
  value = data.ziti_identities.agents.identities[*].name
}
