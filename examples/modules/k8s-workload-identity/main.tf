locals {
  # The subject of a service account's tokens, which the signer matches against external ids.
  external_ids = { for k, sa in var.service_accounts : k => "system:serviceaccount:${sa.namespace}:${sa.service_account}" }
}

# The cluster's service-account issuer: the controller fetches its keys from jwks_url and
# accepts its tokens for `audience`, matching the `sub` claim against identities' external ids.
resource "ziti_external_jwt_signer" "cluster" {
  name            = var.name
  issuer          = var.issuer
  audience        = var.audience
  jwks_endpoint   = var.jwks_url
  claims_property = "sub"
  use_external_id = true
  enabled         = true
  tags            = var.tags
}

# The only way in: a token from this cluster's signer. No primary_cert and no primary_updb, so
# the controller refuses certificate and password logins of every identity under this policy.
resource "ziti_auth_policy" "workloads" {
  name            = "${var.name}-workloads"
  primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.cluster.id] }
  tags            = var.tags
}

resource "ziti_identity" "workload" {
  for_each = var.service_accounts

  name            = each.key
  external_id     = local.external_ids[each.key]
  auth_policy     = ziti_auth_policy.workloads.id
  role_attributes = setunion(var.role_attributes, each.value.role_attributes)
  tags            = var.tags

  # No enrollment: no one-time token to hand out, no certificate, no password.
  enrollment {
    method = "none"
  }
}

# What the controller holds, read back for the checks (a change made outside Terraform shows
# at the next plan).
data "ziti_auth_policy" "workloads" {
  id = ziti_auth_policy.workloads.id

  depends_on = [ziti_identity.workload]
}

data "ziti_identity" "workload" {
  for_each = ziti_identity.workload

  id = each.value.id
}

check "no_certificate_or_password_login" {
  assert {
    condition     = data.ziti_auth_policy.workloads.primary_cert == null && data.ziti_auth_policy.workloads.primary_updb == null
    error_message = "The auth policy ${data.ziti_auth_policy.workloads.name} allows ${join(" and ", compact([data.ziti_auth_policy.workloads.primary_cert != null ? "certificate" : "", data.ziti_auth_policy.workloads.primary_updb != null ? "password" : ""]))} logins: the cluster's identities could log in without a service-account token."
  }
  assert {
    condition     = alltrue([for i in data.ziti_identity.workload : i.auth_policy == ziti_auth_policy.workloads.id])
    error_message = "Identities under another auth policy (which may allow certificates or passwords): ${join(", ", [for i in data.ziti_identity.workload : "${i.name} (${i.auth_policy})" if i.auth_policy != ziti_auth_policy.workloads.id])}."
  }
}

check "only_the_cluster_signer" {
  assert {
    condition     = try(toset(data.ziti_auth_policy.workloads.primary_ext_jwt.allowed_signers), toset([])) == toset([ziti_external_jwt_signer.cluster.id])
    error_message = "The auth policy ${data.ziti_auth_policy.workloads.name} accepts the tokens of ${try(length(data.ziti_auth_policy.workloads.primary_ext_jwt.allowed_signers) == 0 ? "every signer the controller knows" : jsonencode(sort(data.ziti_auth_policy.workloads.primary_ext_jwt.allowed_signers)), "no signer")}, not exactly the cluster's signer ${ziti_external_jwt_signer.cluster.id}."
  }
}

check "identities_hold_no_certificate_or_password" {
  assert {
    condition     = alltrue([for i in data.ziti_identity.workload : !i.enrolled && i.enrollment_expires_at == null && !i.is_admin])
    error_message = "Identities that hold (or have a pending enrollment for) a certificate or password, or administer the controller: ${join(", ", [for i in data.ziti_identity.workload : i.name if i.enrolled || i.enrollment_expires_at != null || i.is_admin])}."
  }
}
