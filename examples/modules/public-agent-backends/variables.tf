variable "name" {
  description = "Name of the deployment. Prefixes every service, config, policy and backend identity the module creates."
  type        = string

  validation {
    condition     = length(var.name) > 0
    error_message = "name must not be empty."
  }
}

variable "agent_name" {
  description = "Name of the agent identity: the only identity that may dial the backends."
  type        = string
}

variable "agent_role_attributes" {
  description = "Role attributes of the agent identity (for your own edge router policies, say). They grant nothing here: the backends' Dial grant names the agent."
  type        = set(string)
  default     = []
}

variable "backends" {
  description = <<-EOT
    The backends the agent reaches, by key. Each gets a hosting identity ("<name>-<key>", a tunneler or SDK app next to the
    backend) that hosts this backend's service and nothing else, and dials nothing.
    address / port: what the agent dials (default "<key>.ziti" and 443); target_address / target_port: where the host connects.
  EOT
  type = map(object({
    address        = optional(string)
    port           = optional(number, 443)
    target_address = string
    target_port    = number
  }))

  validation {
    condition     = length(var.backends) > 0
    error_message = "backends must name at least one backend."
  }

  validation {
    condition     = alltrue([for b in values(var.backends) : b.port >= 1 && b.port <= 65535 && b.target_port >= 1 && b.target_port <= 65535])
    error_message = "backends: port and target_port must be between 1 and 65535."
  }
}

variable "tags" {
  description = "Tags set on every entity the module creates."
  type        = map(string)
  default     = {}
}
