# Two agents in a sandbox with the module's defaults: the three platform services and egress
# to api.openai.com:443 only. The connector hosts the platform services and connects out.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

# Settings from the environment: ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE.
provider "ziti" {}

variable "name" {
  description = "Name of the sandbox (prefix of everything it creates)."
  type        = string
  default     = "research"
}

variable "connector" {
  description = "Name of the identity or tunneler-enabled router hosting the platform services."
  type        = string
}

module "sandbox" {
  # From the registry: source = "agentfence/agent-sandbox/ziti" with a version constraint.
  source = "../.."

  name                = var.name
  agents              = ["${var.name}-agent-0", "${var.name}-agent-1"]
  host_roles          = ["@${var.connector}"]
  service_name_prefix = "${var.name}-"
}

output "agent_ids" {
  value = module.sandbox.agent_ids
}

# Hand each agent's token to its sidecar as a secret.
output "enrollment_jwts" {
  value     = module.sandbox.enrollment_jwts
  sensitive = true
}
