# One agent reaching a customer's Postgres (10.20.0.5:5432 inside the customer's network)
# through the customer's connector, and nothing else reaching it.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

# Settings from the environment: ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE.
provider "ziti" {}

variable "name" {
  description = "Prefix of the names the example creates."
  type        = string
  default     = "acme"
}

variable "connector" {
  description = "Name of the connector identity (or tunneler-enabled router) inside the customer's network."
  type        = string
}

module "orders_db" {
  # From the registry: source = "agentfence/private-link/ziti" with a version constraint.
  source = "../.."

  name           = "${var.name}-orders-db"
  agent_name     = "${var.name}-billing-agent"
  address        = "${var.name}-orders-db.ziti"
  ports          = [5432]
  target_address = "10.20.0.5"
  host_roles     = ["@${var.connector}"]
}

output "address" {
  value = "${module.orders_db.address}:5432"
}

output "agent_enrollment_jwt" {
  value     = module.orders_db.agent_enrollment_jwt
  sensitive = true
}
