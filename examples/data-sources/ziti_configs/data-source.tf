# Every intercept.v1 config.
data "ziti_config_type" "intercept" {
  name = "intercept.v1"
}

data "ziti_configs" "intercepts" {
  filter = "type = \"${data.ziti_config_type.intercept.id}\""
}

output "intercepted_addresses" {
  value = distinct(flatten([for c in data.ziti_configs.intercepts.configs : jsondecode(c.data).addresses]))
}
