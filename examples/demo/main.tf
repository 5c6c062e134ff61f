# The overlay `make demo` applies to a throwaway local controller (scripts/demo.sh starts it,
# sets ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD and ZITI_CA_FILE, and starts the local
# servers whose ports it passes in as variables).
#
# The story: an AI agent gets a cryptographic identity and a sandbox (the registry module
# examples/modules/agent-sandbox): it reaches the platform services gateway.ziti,
# llm-proxy.ziti and tracing.ziti, one allowlisted egress destination, and nothing else. An
# internal admin API is on the overlay too, for operators only. A second apply with
# revoke_llm_proxy = true takes llm-proxy.ziti out of the sandbox: the provider cuts the
# agent's open connection to it, and new dials are refused.

terraform {
  required_version = ">= 1.5" # check blocks

  required_providers {
    ziti = {
      source = "agentfence/ziti"
    }
  }
}

# Everything comes from the environment scripts/demo.sh exports.
provider "ziti" {}

variable "name_prefix" {
  description = "Prefix for the names of everything the demo creates on the controller."
  type        = string
  default     = "demo"
}

variable "host_router" {
  description = "The tunneler-enabled edge router that hosts the services (connects to the local servers) and is the egress gateway."
  type        = string
  default     = "router-quickstart"
}

variable "upstream_ports" {
  description = "Ports of the local servers standing in for the platform services, the egress destination and the admin API (scripts/demo.sh starts them)."
  type = object({
    llm_proxy = number
    gateway   = number
    tracing   = number
    docs      = number
    admin_api = number
  })
}

variable "revoke_llm_proxy" {
  description = "Take llm-proxy.ziti out of the agent's sandbox (the second apply of the demo)."
  type        = bool
  default     = false
}

locals {
  agent = "${var.name_prefix}-research-agent"

  # Agents dial <key>:<port>; the router connects to the local server on 127.0.0.1.
  llm_proxy = { "llm-proxy.ziti" = { port = 443, target_address = "127.0.0.1", target_port = var.upstream_ports.llm_proxy } }
  platform_services = merge({
    "gateway.ziti" = { port = 443, target_address = "127.0.0.1", target_port = var.upstream_ports.gateway }
    "tracing.ziti" = { port = 4318, target_address = "127.0.0.1", target_port = var.upstream_ports.tracing }
  }, var.revoke_llm_proxy ? {} : local.llm_proxy)
}

# --- The controller ----------------------------------------------------------------------

data "ziti_controller" "this" {}

check "controller" {
  assert {
    condition     = data.ziti_controller.this.is_admin
    error_message = "The demo manages identities and policies, which needs an admin; logged in as ${data.ziti_controller.this.identity_name}."
  }
}

# --- The agent and its sandbox --------------------------------------------------------------
# One identity for the agent; the platform services with their intercept.v1/host.v1 configs,
# hosted by the router; a Dial policy for the agent, a Bind policy for the router; an egress
# allowlist with one destination (a local server standing in for an internet API: the gateway
# connects to the address the agent dialed, on the listed port only). The module's check
# blocks verify through the controller's policy evaluation that the agent reaches exactly this.

module "sandbox" {
  source = "../modules/agent-sandbox"

  name              = var.name_prefix
  agents            = [local.agent]
  host_roles        = ["@${var.host_router}"]
  platform_services = local.platform_services
  egress_destinations = [
    { host = "127.0.0.1", ports = [var.upstream_ports.docs] },
  ]
  tags = { demo = "make demo" }
}

# --- Something the agent must not reach -----------------------------------------------------
# An internal admin API on the overlay, dialable by operators only (one-way, one port).

resource "ziti_identity" "operator" {
  name            = "${var.name_prefix}-operator"
  role_attributes = ["operators"]
}

resource "ziti_private_resource" "admin_api" {
  name           = "admin-api"
  address        = "admin-api.ziti"
  ports          = [443]
  target_address = "127.0.0.1"
  target_port    = var.upstream_ports.admin_api
  host_roles     = ["@${var.host_router}"]
  dial_roles     = ["#operators"]
  tags           = { demo = "make demo" }
}

# --- What an auditor sees -------------------------------------------------------------------
# Read after everything above exists, so it audits the demo's own network.

data "ziti_network_audit" "this" {
  depends_on = [module.sandbox, ziti_private_resource.admin_api, ziti_identity.operator]
}

# --- Outputs ------------------------------------------------------------------------------

output "controller" {
  description = "The controller the demo ran against."
  value = {
    endpoint     = data.ziti_controller.this.endpoint
    version      = data.ziti_controller.this.version
    capabilities = sort(tolist(data.ziti_controller.this.capabilities))
  }
}

output "logged_in_as" {
  description = "The identity the provider authenticated as."
  value = {
    id       = data.ziti_controller.this.identity_id
    name     = data.ziti_controller.this.identity_name
    is_admin = data.ziti_controller.this.is_admin
  }
}

output "agent_name" {
  description = "The agent's identity name."
  value       = local.agent
}

output "agent_enrollment_jwt" {
  description = "The agent's one-time enrollment token: scripts/demo.sh hands it to the agent (never printed)."
  value       = module.sandbox.enrollment_jwts[local.agent]
  sensitive   = true
}

output "sandbox_services" {
  description = "The platform services the agent may dial, by address."
  value       = module.sandbox.service_names
}

output "audit" {
  description = "What ziti_network_audit finds on the demo's network, one line per finding."
  value = join("\n", concat([
    format("%d high, %d medium, %d low, %d info", [for s in ["high", "medium", "low", "info"] : lookup(data.ziti_network_audit.this.counts, s, 0)]...),
    ], [
    for f in data.ziti_network_audit.this.findings : format("%-6s %-28s %s %s: %s", f.severity, f.kind, f.entity_type, f.entity_name, f.message)
  ]))
}
