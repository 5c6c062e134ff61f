output "orchestrator_id" {
  description = "Identity id of the orchestrator."
  value       = ziti_identity.orchestrator.id
}

output "orchestrator_enrollment_jwt" {
  description = "One-time enrollment token of the orchestrator. Hand it over as a secret."
  value       = ziti_identity.orchestrator.enrollment_jwt
  sensitive   = true
}

output "worker_ids" {
  description = "Identity ids of the workers, by worker name."
  value       = { for k, w in ziti_identity.worker : k => w.id }
}

output "worker_enrollment_jwts" {
  description = "One-time enrollment tokens of the workers, by worker name."
  value       = { for k, w in ziti_identity.worker : k => w.enrollment_jwt }
  sensitive   = true
}

output "worker_service_names" {
  description = "Names of the workers' services (what the orchestrator dials with the SDK), by worker name."
  value       = { for k, s in ziti_service.worker : k => s.name }
}

output "worker_service_ids" {
  description = "Ids of the workers' services, by worker name."
  value       = { for k, s in ziti_service.worker : k => s.id }
}

output "worker_addresses" {
  description = "What a tunneler-based orchestrator dials, by worker name."
  value       = { for k in var.workers : k => "${k}.${var.intercept_domain}:${var.worker_port}" }
}
