# A CA registered outside this configuration, by name (or id, or a ZitiQL filter).
data "ziti_certificate_authority" "corporate" {
  name = "corporate-pki"
}

output "corporate_ca_verified" {
  value = data.ziti_certificate_authority.corporate.verified
}
