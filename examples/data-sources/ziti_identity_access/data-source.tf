# What the "orders-agent" identity can reach, and which policies grant it.
data "ziti_identity_access" "orders_agent" {
  identity = "orders-agent" # a name or an id
}

output "orders_agent_can_dial" {
  value = [for g in data.ziti_identity_access.orders_agent.dial : g.service_name]
}

# State the agent's isolation as a promise every plan checks: it reaches exactly the platform
# services it was granted, never hosts anything, and each grant is usable right now.
locals {
  allowed_services = toset(["llm-proxy.ziti", "tracing.ziti"])
  agent_dials      = toset([for g in data.ziti_identity_access.orders_agent.dial : g.service_name])
}

check "orders_agent_isolation" {
  assert {
    condition     = length(setsubtract(local.agent_dials, local.allowed_services)) == 0
    error_message = "orders-agent can dial services it was never meant to: ${join(", ", setsubtract(local.agent_dials, local.allowed_services))}."
  }

  assert {
    condition     = length(data.ziti_identity_access.orders_agent.bind) == 0
    error_message = "orders-agent may host services; an agent must only dial."
  }

  assert {
    condition     = alltrue([for g in data.ziti_identity_access.orders_agent.dial : g.has_online_common_router])
    error_message = "Some of orders-agent's services have no online edge router in common with it, so dials would fail."
  }
}
