# The quickstart lets every router carry every service (#all / #all).
data "ziti_service_edge_router_policy" "all" {
  name = "all-routers-all-services"
}
