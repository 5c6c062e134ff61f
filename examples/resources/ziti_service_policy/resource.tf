# Every agent (role attribute "agents") may dial the LLM proxy, and nothing else this policy
# names. Without a Dial grant a service is invisible to the agent.
resource "ziti_service_policy" "agents_dial_llm_proxy" {
  name           = "agents-dial-llm-proxy"
  type           = "Dial"
  identity_roles = ["#agents"]
  service_roles  = ["@llm-proxy"] # by name; the state keeps "@llm-proxy", the controller holds the id

  tags = {
    owner = "platform"
  }
}

# One agent, referenced through its resource so Terraform creates it first, may also reach
# the tracing collector.
resource "ziti_service_policy" "research_agent_dial_tracing" {
  name           = "research-agent-dial-tracing"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.research_agent.name}"]
  service_roles  = ["@${ziti_service.tracing.name}"]
}

# The connector in front of the real LLM proxy hosts the service.
resource "ziti_service_policy" "connector_bind_llm_proxy" {
  name           = "connector-bind-llm-proxy"
  type           = "Bind"
  identity_roles = ["#llm-proxy-connectors"]
  service_roles  = ["@llm-proxy"]
}

# Only agents that are both in production and in the research tier, and that pass the
# posture checks tagged "trusted-os", may dial the customer database.
resource "ziti_service_policy" "research_prod_dial_orders_db" {
  name                = "research-prod-dial-orders-db"
  type                = "Dial"
  semantic            = "AllOf"
  identity_roles      = ["#prod", "#tier-research"]
  service_roles       = ["#orders-db"]
  posture_check_roles = ["#trusted-os"]
}
