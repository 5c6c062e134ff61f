# Every config type on the controller.
data "ziti_config_types" "all" {}

output "config_type_names" {
  value = [for t in data.ziti_config_types.all.config_types : t.name]
}
