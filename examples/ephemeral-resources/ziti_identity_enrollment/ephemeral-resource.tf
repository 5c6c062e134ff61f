# Terraform 1.11+ / OpenTofu 1.11+: the agent's enrollment token goes from the controller
# straight into the Kubernetes secret its pod mounts, and is stored nowhere else: not in the
# state (enrollment_jwt_in_state = false), not in a saved plan, not in an output.
resource "ziti_identity" "research_agent" {
  name                    = "research-agent-0"
  role_attributes         = ["agents", "tier-research"]
  enrollment_jwt_in_state = false
}

# Opened on every plan and apply: it returns the pending token as it is, and issues a new one
# only when none is pending or it expired unused. Once the agent has enrolled it returns
# enrolled = true and no token.
ephemeral "ziti_identity_enrollment" "research_agent" {
  identity_id = ziti_identity.research_agent.id
}

# data_wo is write-only (hashicorp/kubernetes v2.38+): its value is sent to Kubernetes and
# never kept. Bump data_wo_revision to send a re-issued token.
resource "kubernetes_secret_v1" "research_agent_enrollment" {
  metadata {
    name = "research-agent-0-enrollment"
  }
  data_wo = {
    "identity.jwt" = ephemeral.ziti_identity_enrollment.research_agent.enrollment_jwt
  }
  data_wo_revision = 1
}
