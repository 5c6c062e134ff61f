output "agent_id" {
  description = "Identity id of the agent."
  value       = ziti_identity.agent.id
}

output "agent_enrollment_jwt" {
  description = "One-time enrollment token of the agent. Hand it to the agent's sidecar as a secret."
  value       = ziti_identity.agent.enrollment_jwt
  sensitive   = true
}

output "backend_identity_ids" {
  description = "Ids of the backends' hosting identities, by backend key."
  value       = { for k, b in ziti_identity.backend : k => b.id }
}

output "backend_enrollment_jwts" {
  description = "One-time enrollment tokens of the backends' hosting identities, by backend key."
  value       = { for k, b in ziti_identity.backend : k => b.enrollment_jwt }
  sensitive   = true
}

output "backend_service_names" {
  description = "Names of the backends' services, by backend key."
  value       = { for k, s in ziti_service.backend : k => s.name }
}

output "backend_service_ids" {
  description = "Ids of the backends' services, by backend key."
  value       = { for k, s in ziti_service.backend : k => s.id }
}

output "backend_addresses" {
  description = "What the agent dials, by backend key."
  value       = { for k, b in var.backends : k => "${coalesce(b.address, "${k}.ziti")}:${b.port}" }
}
