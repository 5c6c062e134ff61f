# Every host.v2 config with a terminator that has no health check.
data "ziti_host_v2_configs" "all" {
  filter = "name contains \"-host\""
}

output "unchecked_host_configs" {
  value = [for c in data.ziti_host_v2_configs.all.host_v2_configs : c.name
  if anytrue([for t in c.terminators : t.port_checks == null && t.http_checks == null])]
}
