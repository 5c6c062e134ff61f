# Every intercept.v1 config of a customer; configs of other types are never listed.
data "ziti_intercept_v1_configs" "acme" {
  filter = "tags.customer = \"acme\""
}

output "acme_intercepted_addresses" {
  value = distinct(flatten(data.ziti_intercept_v1_configs.acme.intercept_v1_configs[*].addresses))
}
