output "agent_ids" {
  description = "Identity ids of the agents, by agent name."
  value       = { for k, a in ziti_identity.agent : k => a.id }
}

output "enrollment_jwts" {
  description = "One-time enrollment tokens of the agents, by agent name. Hand each to its agent's sidecar as a secret. Null values with workload_identity (the agents log in with their service-account tokens)."
  value       = { for k, a in ziti_identity.agent : k => a.enrollment_jwt }
  sensitive   = true
}

output "agent_role_attribute" {
  description = "The role attribute the agents carry; grant it more services with your own policies (the sandbox's checks then warn, on purpose)."
  value       = local.agent_role
}

output "service_names" {
  description = "Names of the platform services, by the address agents dial."
  value       = { for k, s in ziti_service.platform : k => s.name }
}

output "service_ids" {
  description = "Ids of the platform services, by the address agents dial."
  value       = { for k, s in ziti_service.platform : k => s.id }
}

output "dial_policy_id" {
  description = "Id of the Dial policy granting the agents the platform services."
  value       = ziti_service_policy.agents_dial_platform.id
}

output "bind_policy_id" {
  description = "Id of the Bind policy letting host_roles host the platform services."
  value       = ziti_service_policy.hosts_bind_platform.id
}

output "egress_allowlist_id" {
  description = "Id of the egress allowlist, null when egress_destinations is empty."
  value       = one(ziti_egress_allowlist.agents[*].id)
}

output "egress_service_ids" {
  description = "Ids of the services the egress allowlist created, one per destination."
  value       = local.egress_service_ids
}

output "external_ids" {
  description = "With workload_identity: each agent's external id (\"system:serviceaccount:<namespace>:<service account>\"), by agent name; empty otherwise."
  value       = local.workload_external_ids
}
