# Two agent pods of one cluster log in with their projected service-account tokens; the
# research agent may dial the LLM proxy, nothing else.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

module "cluster" {
  source = "../.."

  name     = "prod-eu1"
  issuer   = "https://oidc.prod-eu1.example.com"
  jwks_url = "https://oidc.prod-eu1.example.com/openid/v1/jwks"
  audience = "openziti"

  role_attributes = ["prod-eu1"]
  service_accounts = {
    "research-agent" = { namespace = "agents", service_account = "research", role_attributes = ["llm-users"] }
    "billing-agent"  = { namespace = "billing", service_account = "agent" }
  }
}

resource "ziti_service" "llm_proxy" {
  name = "llm-proxy"
}

resource "ziti_service_policy" "llm_users_dial" {
  name           = "llm-users-dial-llm-proxy"
  type           = "Dial"
  identity_roles = ["#llm-users"]
  service_roles  = ["@${ziti_service.llm_proxy.name}"]
}

output "external_ids" {
  value = module.cluster.external_ids
}
