# The team's cert-manager CA: pods with a certificate from it enroll themselves (no token),
# get the role attribute "agents", and log in with that certificate.
variable "ca_private_key" {
  type      = string
  sensitive = true
  ephemeral = true # OpenTofu 1.11+ / Terraform 1.10+: never stored
}

resource "ziti_certificate_authority" "cert_manager" {
  name                 = "cert-manager-prod"
  cert_pem             = file("${path.module}/ca.crt")
  auto_ca_enrollment   = true
  identity_name_format = "[caName]-[commonName]"
  identity_roles       = ["agents"]

  # Verifies the CA in the same apply; write-only, so never in the state or plan.
  verification_key_wo = var.ca_private_key
}

# SPIFFE: the workload's SPIFFE id (URI SAN) is its external id.
resource "ziti_certificate_authority" "spire" {
  name     = "spire"
  cert_pem = file("${path.module}/spire-bundle.pem")
  external_id_claim = {
    location         = "SAN_URI"
    matcher          = "SCHEME"
    matcher_criteria = "spiffe"
  }
}

output "spire_verification_token" {
  value = ziti_certificate_authority.spire.verification_token
}
