variable "name" {
  description = "Name of the sandbox. Prefixes the configs and policies the module creates, the egress allowlist and (by default) the agents' role attribute."
  type        = string

  validation {
    condition     = length(var.name) > 0
    error_message = "name must not be empty."
  }
}

variable "agents" {
  description = "Names of the agents: one identity each, all carrying the sandbox's role attribute. Each agent's sidecar enrolls with its JWT (output enrollment_jwts)."
  type        = set(string)

  validation {
    condition     = length(var.agents) > 0
    error_message = "agents must name at least one agent."
  }
}

variable "agent_role_attribute" {
  description = "Role attribute every agent identity carries; the sandbox's Dial policy and egress allowlist grant this attribute. Default: \"<name>-agents\"."
  type        = string
  default     = null
}

variable "host_roles" {
  description = "Who hosts the platform services (Bind): the connector identities or tunneler-enabled routers that reach their targets, e.g. [\"@router-dc1\"] or [\"#platform-connectors\"]."
  type        = set(string)

  validation {
    condition     = length(var.host_roles) > 0
    error_message = "host_roles must name at least one host (\"@name\", \"@id\" or \"#attribute\")."
  }
}

variable "service_name_prefix" {
  description = "Prefix of the platform services' names (the services are named \"<prefix><key of platform_services>\"); the addresses agents dial stay the keys. Set it when one controller holds several sandboxes."
  type        = string
  default     = ""
}

variable "platform_services" {
  description = <<-EOT
    The platform services the agents may dial, keyed by the address the agents dial (e.g. "llm-proxy.ziti").
    port: the port agents dial (default 443); target_address / target_port: where the host connects.
  EOT
  type = map(object({
    port           = optional(number, 443)
    target_address = string
    target_port    = number
  }))
  default = {
    "gateway.ziti"   = { target_address = "gateway.internal", target_port = 8080 }
    "llm-proxy.ziti" = { target_address = "llm-proxy.internal", target_port = 8080 }
    "tracing.ziti"   = { target_address = "otel-collector.internal", target_port = 4318 }
  }

  validation {
    condition     = alltrue([for s in values(var.platform_services) : s.port >= 1 && s.port <= 65535 && s.target_port >= 1 && s.target_port <= 65535])
    error_message = "platform_services: port and target_port must be between 1 and 65535."
  }
}

variable "egress_destinations" {
  description = "Destinations outside the overlay the agents may reach, each only on its own ports. An empty list creates no allowlist: the agents reach the platform services and nothing else."
  type = list(object({
    host     = string
    ports    = set(number)
    protocol = optional(string, "tcp")
  }))
  default = [{ host = "api.openai.com", ports = [443] }]
}

variable "egress_gateway_roles" {
  description = "Who connects out to the egress destinations (identities or tunneler-enabled routers with internet access). Default: host_roles."
  type        = set(string)
  default     = null
}

variable "workload_identity" {
  description = <<-EOT
    Log the agents in with their Kubernetes service-account tokens instead of one-time enrollment tokens.
    auth_policy_id: the auth policy that accepts the cluster's tokens (output auth_policy_id of the k8s-workload-identity module);
    namespace: the agents' namespace; service_accounts: each agent's service account by agent name (default: the agent's name).
    Null (the default): each agent gets a one-time enrollment token (output enrollment_jwts).
  EOT
  type = object({
    auth_policy_id   = string
    namespace        = string
    service_accounts = optional(map(string), {})
  })
  default = null

  validation {
    condition     = var.workload_identity == null || try(length(var.workload_identity.auth_policy_id) > 0, false)
    error_message = "workload_identity.auth_policy_id must name an auth policy (the k8s-workload-identity module's auth_policy_id output)."
  }
  validation {
    condition     = var.workload_identity == null || try(length(var.workload_identity.namespace) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.workload_identity.namespace)), false)
    error_message = "workload_identity.namespace must be a Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and '-', at most 63 characters)."
  }
  validation {
    condition     = var.workload_identity == null || try(alltrue([for sa in values(var.workload_identity.service_accounts) : length(sa) <= 253 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", sa))]), false)
    error_message = "workload_identity.service_accounts: each value must be a Kubernetes service account name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.')."
  }
}

variable "tags" {
  description = "Tags set on every entity the module creates."
  type        = map(string)
  default     = {}
}
