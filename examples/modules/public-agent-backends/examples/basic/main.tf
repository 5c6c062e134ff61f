# An assistant agent reaching two backends that cannot reach each other.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

# Settings from the environment: ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE.
provider "ziti" {}

variable "name" {
  description = "Name of the deployment (prefix of everything it creates)."
  type        = string
  default     = "assistant"
}

module "assistant" {
  # From the registry: source = "agentfence/public-agent-backends/ziti" with a version constraint.
  source = "../.."

  name       = var.name
  agent_name = "${var.name}-agent"
  backends = {
    search = { target_address = "search.internal", target_port = 9200 }
    crm    = { address = "crm.${var.name}.ziti", port = 8443, target_address = "10.1.2.3", target_port = 443 }
  }
}

output "backend_addresses" {
  value = module.assistant.backend_addresses
}

output "agent_enrollment_jwt" {
  value     = module.assistant.agent_enrollment_jwt
  sensitive = true
}
