data "ziti_service_edge_router_policies" "all" {}

output "service_edge_router_policies" {
  value = data.ziti_service_edge_router_policies.all.service_edge_router_policies[*].name
}
