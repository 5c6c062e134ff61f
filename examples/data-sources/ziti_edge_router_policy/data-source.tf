# The quickstart's policy that lets every identity use the #public routers.
data "ziti_edge_router_policy" "public" {
  name = "all-endpoints-public-routers"
}
