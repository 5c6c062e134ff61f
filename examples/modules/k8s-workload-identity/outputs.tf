output "signer_id" {
  description = "Id of the external JWT signer for the cluster's service-account issuer."
  value       = ziti_external_jwt_signer.cluster.id
}

output "auth_policy_id" {
  description = "Id of the auth policy that accepts only the cluster's tokens. Give it to other identities of the cluster (e.g. the agent-sandbox module's workload_identity.auth_policy_id)."
  value       = ziti_auth_policy.workloads.id
}

output "identity_ids" {
  description = "Identity ids, by identity name (the keys of service_accounts)."
  value       = { for k, i in ziti_identity.workload : k => i.id }
}

output "external_ids" {
  description = "The external id of each identity (\"system:serviceaccount:<namespace>:<name>\"), by identity name."
  value       = local.external_ids
}

output "audience" {
  description = "The audience the pods' projected service-account tokens must be minted for."
  value       = var.audience
}
