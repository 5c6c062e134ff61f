variable "name" {
  description = "Name of the deployment. Prefixes every identity, service, config and policy the module creates."
  type        = string

  validation {
    condition     = length(var.name) > 0
    error_message = "name must not be empty."
  }
}

variable "workers" {
  description = "Names of the workers: each gets an identity (\"<name>-<worker>\") and a service of its own (\"<name>-<worker>\") that only it hosts and only the orchestrator dials."
  type        = set(string)

  validation {
    condition     = length(var.workers) > 0
    error_message = "workers must name at least one worker."
  }
}

variable "worker_port" {
  description = "The port the orchestrator dials a worker on through a tunneler (\"<worker>.<intercept_domain>:<worker_port>\"). SDK clients dial the service by name and ignore it."
  type        = number
  default     = 443

  validation {
    condition     = var.worker_port >= 1 && var.worker_port <= 65535
    error_message = "worker_port must be between 1 and 65535."
  }
}

variable "intercept_domain" {
  description = "Domain of the addresses a tunneler-based orchestrator dials: \"<worker>.<intercept_domain>\"."
  type        = string
  default     = "workers.ziti"
}

variable "tags" {
  description = "Tags set on every entity the module creates."
  type        = map(string)
  default     = {}
}
