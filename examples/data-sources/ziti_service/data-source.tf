# A service created outside this configuration, by name (or id, or a ZitiQL filter).
data "ziti_service" "gateway" {
  name = "gateway"
}

output "gateway_configs" {
  value = data.ziti_service.gateway.configs
}
