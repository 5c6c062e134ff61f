# Plan-level tests: no controller needed (the provider is mocked). Run them with OpenTofu 1.8+
# (`tofu test`): Terraform's mocks cannot return a null nested object (primary_cert = null).
# What the module promises is asserted on the plan, and each check block is shown to fail when
# the controller reports a broken promise. The data-plane proof (logins with real tokens) is the
# Go acceptance test TestAccModuleK8sWorkloadIdentity.

mock_provider "ziti" {
  mock_resource "ziti_external_jwt_signer" {
    defaults = { id = "signer-1" }
  }
  mock_resource "ziti_auth_policy" {
    defaults = { id = "policy-1" }
  }
  mock_data "ziti_auth_policy" {
    defaults = {
      primary_cert    = null
      primary_updb    = null
      primary_ext_jwt = { allowed_signers = ["signer-1"] }
    }
  }
  mock_data "ziti_identity" {
    defaults = { auth_policy = "policy-1", enrolled = false, enrollment_expires_at = null, is_admin = false }
  }
}

variables {
  name     = "prod"
  issuer   = "https://kubernetes.default.svc.cluster.local"
  jwks_url = "https://oidc.example.com/openid/v1/jwks"
  service_accounts = {
    planner = { namespace = "agents", service_account = "planner", role_attributes = ["llm-users"] }
    coder   = { namespace = "agents", service_account = "coder" }
  }
  role_attributes = ["prod"]
}

run "one_identity_per_service_account_token_only" {
  command = apply

  assert {
    condition     = ziti_identity.workload["planner"].external_id == "system:serviceaccount:agents:planner"
    error_message = "The planner's external id is not its service account's token subject."
  }
  assert {
    condition     = ziti_identity.workload["planner"].role_attributes == toset(["prod", "llm-users"]) && ziti_identity.workload["coder"].role_attributes == toset(["prod"])
    error_message = "Role attributes are not the module's plus the service account's own."
  }
  assert {
    condition     = alltrue([for i in ziti_identity.workload : i.enrollment.method == "none" && i.auth_policy == "policy-1"])
    error_message = "An identity has an enrollment (a certificate or password to get) or is not under the module's auth policy."
  }
  assert {
    condition     = ziti_auth_policy.workloads.primary_cert == null && ziti_auth_policy.workloads.primary_updb == null
    error_message = "The auth policy allows certificate or password logins."
  }
  assert {
    condition     = ziti_auth_policy.workloads.primary_ext_jwt.allowed_signers == toset(["signer-1"])
    error_message = "The auth policy does not accept exactly the cluster's signer."
  }
  assert {
    condition     = ziti_external_jwt_signer.cluster.audience == "openziti" && ziti_external_jwt_signer.cluster.claims_property == "sub" && ziti_external_jwt_signer.cluster.use_external_id
    error_message = "The signer does not match the sub claim of tokens for the openziti audience against external ids."
  }
  assert {
    condition     = output.external_ids == { planner = "system:serviceaccount:agents:planner", coder = "system:serviceaccount:agents:coder" }
    error_message = "external_ids output is wrong."
  }
}

run "warns_when_the_policy_allows_passwords" {
  command = apply

  override_data {
    target = data.ziti_auth_policy.workloads
    values = {
      primary_cert = null
      primary_updb = {
        min_password_length = 5, max_attempts = 5, lockout_duration_minutes = 0
        require_mixed_case  = false, require_number_char = false, require_special_char = false
      }
      primary_ext_jwt = { allowed_signers = ["signer-1"] }
    }
  }
  expect_failures = [check.no_certificate_or_password_login]
}

run "warns_when_the_policy_accepts_every_signer" {
  command = apply

  override_data {
    target = data.ziti_auth_policy.workloads
    values = {
      primary_cert    = null
      primary_updb    = null
      primary_ext_jwt = { allowed_signers = [] }
    }
  }
  expect_failures = [check.only_the_cluster_signer]
}

run "warns_when_the_identities_hold_a_password" {
  command = apply

  override_data {
    target = data.ziti_identity.workload
    values = { auth_policy = "policy-1", enrolled = true, enrollment_expires_at = null, is_admin = false }
  }
  expect_failures = [check.identities_hold_no_certificate_or_password]
}

run "warns_when_the_identities_moved_to_another_policy" {
  command = apply

  override_data {
    target = data.ziti_identity.workload
    values = { auth_policy = "default", enrolled = false, enrollment_expires_at = null, is_admin = false }
  }
  expect_failures = [check.no_certificate_or_password_login]
}
