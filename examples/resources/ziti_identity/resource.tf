# One identity per agent pod. The agent's sidecar enrolls with the JWT once; policies grant it
# services through its role attributes (#agents, #tier-research).
resource "ziti_identity" "research_agent" {
  name            = "research-agent-0"
  role_attributes = ["agents", "tier-research"]

  # Keep the token out of the state (Terraform 1.11+ / OpenTofu 1.11+): the agent gets it from
  # the ziti_identity_enrollment ephemeral resource into a write-only attribute instead.
  enrollment_jwt_in_state = false

  tags = {
    owner = "platform"
  }
}

ephemeral "ziti_identity_enrollment" "research_agent" {
  identity_id = ziti_identity.research_agent.id
}

# kubernetes_secret_v1 is from the hashicorp/kubernetes provider (v2.38+ for data_wo).
resource "kubernetes_secret_v1" "research_agent_jwt" {
  metadata {
    name = "research-agent-0-enrollment"
  }
  data_wo          = { "identity.jwt" = ephemeral.ziti_identity_enrollment.research_agent.enrollment_jwt }
  data_wo_revision = 1
}

# The kill switch: a misbehaving agent is cut off at once (its open connections are closed,
# its logins refused) and keeps its identity and grants for the post-mortem. Remove both
# lines (or set disabled = false) to let it back in without enrolling again.
resource "ziti_identity" "quarantined_agent" {
  name            = "research-agent-7"
  role_attributes = ["agents", "tier-research"]
  disabled        = true
  disabled_until  = "2030-01-02T15:04:05Z"
}

# A connector that hosts a customer's database: password enrollment instead of a token.
resource "ziti_identity" "db_connector" {
  name            = "orders-db-connector"
  role_attributes = ["connectors"]

  enrollment {
    method   = "updb"
    username = "orders-db-connector"
  }
}
