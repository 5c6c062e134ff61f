# Workload identities may log in with their cluster's service-account token and nothing else:
# no certificate, no password.
resource "ziti_auth_policy" "workloads" {
  name            = "k8s-workloads"
  primary_ext_jwt = { allowed_signers = [ziti_external_jwt_signer.cluster.id] }
}

# People: a certificate or a password with lockout, plus TOTP.
resource "ziti_auth_policy" "operators" {
  name         = "operators"
  primary_cert = {}
  primary_updb = {
    min_password_length      = 14
    require_mixed_case       = true
    require_number_char      = true
    max_attempts             = 5
    lockout_duration_minutes = 30
  }
  secondary_totp = true
}

resource "ziti_identity" "summarizer" {
  name        = "summarizer"
  external_id = "system:serviceaccount:agents:summarizer"
  auth_policy = ziti_auth_policy.workloads.id
  enrollment { method = "none" }
}
