# Every router with the role attribute "public".
data "ziti_edge_routers" "public" {
  filter = "anyOf(roleAttributes) = \"public\""
}

output "offline_public_routers" {
  value = [for r in data.ziti_edge_routers.public.edge_routers : r.name if !r.is_online]
}
