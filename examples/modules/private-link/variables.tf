variable "name" {
  description = "Name of the private resource (its service); the owned configs and policies are named \"<name>-intercept\", \"<name>-dial\", ..."
  type        = string
}

variable "agent_name" {
  description = "Name of the agent identity the module creates: the only identity that may reach the database."
  type        = string
}

variable "agent_role_attributes" {
  description = "Role attributes of the agent identity (for your own edge router policies, say). They grant nothing here: the database's Dial grant names the agent."
  type        = set(string)
  default     = []
}

variable "address" {
  description = "What the agent dials, e.g. \"orders-db.ziti\"."
  type        = string
}

variable "ports" {
  description = "The ports the agent may reach on address; nothing else on it is intercepted or forwarded."
  type        = set(number)
  default     = [5432]

  validation {
    condition     = length(var.ports) > 0 && alltrue([for p in var.ports : p >= 1 && p <= 65535])
    error_message = "ports must list at least one port, each between 1 and 65535."
  }
}

variable "target_address" {
  description = "Where the connector connects: the database's address inside the customer's network."
  type        = string
}

variable "target_port" {
  description = "The database's port as the connector sees it. Default: the port the agent dialed."
  type        = number
  default     = null

  validation {
    condition     = var.target_port == null ? true : var.target_port >= 1 && var.target_port <= 65535
    error_message = "target_port must be between 1 and 65535 (or unset: the port the agent dialed)."
  }
}

variable "host_roles" {
  description = "Who hosts the database on the overlay: the connector identity or tunneler-enabled router inside the customer's network, e.g. [\"@acme-connector\"]."
  type        = set(string)

  validation {
    condition     = length(var.host_roles) > 0
    error_message = "host_roles must name at least one host (\"@name\", \"@id\" or \"#attribute\")."
  }
}

variable "connector_identities" {
  description = "Names or ids of the identities behind host_roles, whose Dial grants the checks inspect. Default: the \"@name\" entries of host_roles."
  type        = set(string)
  default     = null
}

variable "tags" {
  description = "Tags set on the agent and the private resource."
  type        = map(string)
  default     = {}
}
