# The controller's built-in config types, e.g. to read their schema.
data "ziti_config_type" "intercept" {
  name = "intercept.v1"
}

data "ziti_config_type" "host" {
  name = "host.v1"
}

output "intercept_v1_required" {
  value = jsondecode(data.ziti_config_type.intercept.schema).required
}
