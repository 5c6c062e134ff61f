output "agent_id" {
  description = "Identity id of the agent."
  value       = ziti_identity.agent.id
}

output "agent_enrollment_jwt" {
  description = "One-time enrollment token of the agent. Hand it to the agent's sidecar as a secret."
  value       = ziti_identity.agent.enrollment_jwt
  sensitive   = true
}

output "service_id" {
  description = "Id of the database's service."
  value       = ziti_private_resource.database.service_id
}

output "service_name" {
  description = "Name of the database's service."
  value       = ziti_private_resource.database.name
}

output "address" {
  description = "What the agent dials."
  value       = ziti_private_resource.database.address
}

output "ports" {
  description = "The ports the agent may reach."
  value       = ziti_private_resource.database.ports
}

output "dial_policy_id" {
  description = "Id of the Dial policy granting the agent the database."
  value       = ziti_private_resource.database.dial_policy_id
}

output "bind_policy_id" {
  description = "Id of the Bind policy letting the connector host the database."
  value       = ziti_private_resource.database.bind_policy_id
}
