# An existing config, by name (or id, or a ZitiQL filter).
data "ziti_config" "gateway_intercept" {
  name = "gateway-intercept"
}

output "gateway_addresses" {
  value = jsondecode(data.ziti_config.gateway_intercept.data).addresses
}
