# Every host.v1 config that forwards the intercepted address.
data "ziti_host_v1_configs" "forwarding" {
  filter = "name contains \"-host\""
}

output "forwarding_configs" {
  value = [for c in data.ziti_host_v1_configs.forwarding.host_v1_configs : c.name if c.forward_address]
}
