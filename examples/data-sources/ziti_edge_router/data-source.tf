# The quickstart's router, e.g. to wait for it to be online or to name it in a policy.
data "ziti_edge_router" "quickstart" {
  name = "router-quickstart"
}

output "quickstart_router_online" {
  value = data.ziti_edge_router.quickstart.is_online
}
