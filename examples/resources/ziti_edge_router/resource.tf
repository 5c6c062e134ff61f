# A public edge router that agents' identities connect to. Edge router policies select it
# through its role attribute (#public); the router process enrolls with the JWT once.
resource "ziti_edge_router" "public_eu" {
  name            = "public-eu-1"
  role_attributes = ["public", "eu"]
  cost            = 10

  tags = {
    owner = "platform"
  }
}

# Hand the enrollment token to the router's deployment as a secret, never to logs or outputs:
# whoever holds it can join a router to the overlay. With Terraform 1.11+ / OpenTofu 1.11+,
# set enrollment_jwt_in_state = false and pass the token from the ziti_edge_router_enrollment
# ephemeral resource into a write-only attribute instead, so that the state never holds it:
# ephemeral "ziti_edge_router_enrollment" "public_eu" {
#   edge_router_id = ziti_edge_router.public_eu.id
# }
# resource "kubernetes_secret_v1" "public_eu_jwt" {
#   metadata { name = "public-eu-1-enrollment" }
#   data_wo          = { "router.jwt" = ephemeral.ziti_edge_router_enrollment.public_eu.enrollment_jwt }
#   data_wo_revision = 1
# }

# A router inside a customer's network that also tunnels: the controller gives it an identity
# of type Router with the same name, which a Bind policy can name ("@customer-a-connector") so
# that the router hosts the customer's services. It carries no transit traffic.
resource "ziti_edge_router" "customer_a" {
  name                = "customer-a-connector"
  role_attributes     = ["customer-a"]
  is_tunneler_enabled = true
  no_traversal        = true

  app_data = jsonencode({
    site = "customer-a-dc1"
  })
}
