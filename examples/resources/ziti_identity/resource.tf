# One identity per agent pod. The agent's sidecar enrolls with the JWT once; policies grant it
# services through its role attributes (#agents, #tier-research).
resource "ziti_identity" "research_agent" {
  name            = "research-agent-0"
  role_attributes = ["agents", "tier-research"]

  tags = {
    owner = "platform"
  }
}

# Hand the enrollment token to the pod as a secret, never to logs or outputs.
# (kubernetes_secret is from the hashicorp/kubernetes provider.)
# resource "kubernetes_secret" "research_agent_jwt" {
#   metadata { name = "research-agent-0-enrollment" }
#   data     = { "identity.jwt" = ziti_identity.research_agent.enrollment_jwt }
# }

# A connector that hosts a customer's database: password enrollment instead of a token.
resource "ziti_identity" "db_connector" {
  name            = "orders-db-connector"
  role_attributes = ["connectors"]

  enrollment {
    method   = "updb"
    username = "orders-db-connector"
  }
}
