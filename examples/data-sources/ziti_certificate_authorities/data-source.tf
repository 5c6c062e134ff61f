# CAs whose certificates may enroll identities by themselves: worth an audit.
data "ziti_certificate_authorities" "auto_enrolling" {
  filter = "isAutoCaEnrollmentEnabled = true"
}

output "auto_enrolling_cas" {
  value = [for ca in data.ziti_certificate_authorities.auto_enrolling.certificate_authorities : ca.name]
}
