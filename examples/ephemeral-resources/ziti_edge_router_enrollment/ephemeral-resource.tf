# Terraform 1.11+ / OpenTofu 1.11+: the router's enrollment token reaches the router process's
# secret only; the state keeps enrollment_expires_at and is_verified, not the token.
resource "ziti_edge_router" "edge_eu" {
  name                    = "edge-eu-1"
  role_attributes         = ["public"]
  enrollment_jwt_in_state = false
}

# Returns the pending token; re-issues it (by re-enrolling the router on the controller) only
# while the router has not enrolled and its token expired. An enrolled router is never
# re-enrolled: enrolled = true and no token.
ephemeral "ziti_edge_router_enrollment" "edge_eu" {
  edge_router_id = ziti_edge_router.edge_eu.id
}

resource "kubernetes_secret_v1" "edge_eu_enrollment" {
  metadata {
    name = "edge-eu-1-enrollment"
  }
  data_wo = {
    "router.jwt" = ephemeral.ziti_edge_router_enrollment.edge_eu.enrollment_jwt
  }
  data_wo_revision = 1
}
