# A research team: an orchestrator and three workers that host their own services with the
# OpenZiti SDK and cannot reach each other.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

# Settings from the environment: ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE.
provider "ziti" {}

variable "name" {
  description = "Name of the team (prefix of everything it creates)."
  type        = string
  default     = "research-team"
}

module "team" {
  # From the registry: source = "agentfence/orchestrator-workers/ziti" with a version constraint.
  source = "../.."

  name    = var.name
  workers = ["search", "summarise", "cite"]
}

# What the orchestrator dials with the SDK, by worker.
output "worker_service_names" {
  value = module.team.worker_service_names
}

output "worker_enrollment_jwts" {
  value     = module.team.worker_enrollment_jwts
  sensitive = true
}
