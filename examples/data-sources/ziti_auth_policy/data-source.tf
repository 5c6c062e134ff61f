# The controller's built-in policy (allows every login method), by name.
data "ziti_auth_policy" "default" {
  name = "default"
}

output "default_allows_passwords" {
  value = data.ziti_auth_policy.default.primary_updb != null
}
