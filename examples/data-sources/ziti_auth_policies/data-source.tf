# Every auth policy: an audit of how identities may log in.
data "ziti_auth_policies" "all" {}

output "policies_allowing_passwords" {
  value = [for p in data.ziti_auth_policies.all.auth_policies : p.name if p.primary_updb != null]
}
