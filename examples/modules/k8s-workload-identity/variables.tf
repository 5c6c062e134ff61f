variable "name" {
  description = "Name of the cluster on the overlay: the external JWT signer is named \"<name>\", the auth policy \"<name>-workloads\"."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._-]*$", var.name))
    error_message = "name must start with a letter or digit and hold only letters, digits, '.', '_' and '-', e.g. \"prod-eu1\"."
  }
}

variable "issuer" {
  description = "The cluster's service-account issuer, exactly as its tokens carry it in `iss` (the API server's --service-account-issuer, e.g. \"https://kubernetes.default.svc.cluster.local\" or the cluster's OIDC issuer URL on EKS/GKE/AKS)."
  type        = string

  validation {
    condition     = length(var.issuer) > 0 && !can(regex("\\s", var.issuer))
    error_message = "issuer must be the cluster's service-account issuer (the `iss` claim of its tokens): not empty, no spaces."
  }
}

variable "jwks_url" {
  description = "URL of the issuer's JSON Web Key Set, which the controller fetches the signing keys from: \"<issuer>/openid/v1/jwks\" when the API server's discovery endpoint is reachable from the controller, or the cloud provider's published keys URL."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/?#[:space:]]+([/?#][^[:space:]]*)?$", var.jwks_url))
    error_message = "jwks_url must be an absolute http:// or https:// URL with a host, e.g. \"https://oidc.example.com/openid/v1/jwks\"."
  }
}

variable "audience" {
  description = "The audience the pods' projected service-account tokens are minted for (the `audience` of the serviceAccountToken volume projection). Tokens for another audience, such as the API server's own, are refused."
  type        = string
  default     = "openziti"

  validation {
    condition     = length(var.audience) > 0 && !can(regex("\\s", var.audience))
    error_message = "audience must not be empty or contain spaces; use the audience of the pods' projected token volume, e.g. \"openziti\"."
  }
}

variable "service_accounts" {
  description = <<-EOT
    One identity per Kubernetes service account, keyed by the identity's name. The identity's external id is
    "system:serviceaccount:<namespace>:<service_account>", the subject of that service account's tokens.
    role_attributes: the identity's own role attributes (added to var.role_attributes).
  EOT
  type = map(object({
    namespace       = string
    service_account = string
    role_attributes = optional(set(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for k, sa in var.service_accounts : length(k) > 0 && !can(regex("\\s", k))])
    error_message = "service_accounts: every key is an identity name: not empty, no spaces."
  }
  validation {
    condition     = alltrue([for sa in values(var.service_accounts) : length(sa.namespace) <= 63 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", sa.namespace))])
    error_message = "service_accounts: namespace must be a Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)."
  }
  validation {
    condition     = alltrue([for sa in values(var.service_accounts) : length(sa.service_account) <= 253 && can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", sa.service_account))])
    error_message = "service_accounts: service_account must be a Kubernetes service account name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters)."
  }
  validation {
    condition     = length(distinct([for sa in values(var.service_accounts) : "${sa.namespace}:${sa.service_account}"])) == length(var.service_accounts)
    error_message = "service_accounts: two identities name the same namespace and service account; a service account's tokens can log in as one identity only."
  }
  validation {
    condition     = alltrue(flatten([for sa in values(var.service_accounts) : [for r in sa.role_attributes : can(regex("^[^#@[:space:]][^[:space:]]*$", r))]]))
    error_message = "service_accounts: role_attributes must not be empty, contain spaces or start with '#' or '@' (policies select them as \"#<attribute>\")."
  }
}

variable "role_attributes" {
  description = "Role attributes every identity of this module carries (e.g. the cluster's name), on top of each service account's own."
  type        = set(string)
  default     = []

  validation {
    condition     = alltrue([for r in var.role_attributes : can(regex("^[^#@[:space:]][^[:space:]]*$", r))])
    error_message = "role_attributes must not be empty, contain spaces or start with '#' or '@' (policies select them as \"#<attribute>\")."
  }
}

variable "tags" {
  description = "Tags set on every entity the module creates."
  type        = map(string)
  default     = {}
}
