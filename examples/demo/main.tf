# The overlay `make demo` applies to a throwaway local controller (scripts/demo.sh starts it
# and sets ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD and ZITI_CA_FILE).
#
# The story it grows into: an AI agent gets a cryptographic identity, the things it may use are
# named services, and it reaches exactly what a Dial policy grants. Each piece is its own
# section below; add new ones above "Outputs".

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

# --- The controller ----------------------------------------------------------------------

data "ziti_controller" "this" {}

check "controller" {
  assert {
    condition     = data.ziti_controller.this.is_admin
    error_message = "The demo manages identities and policies, which needs an admin; logged in as ${data.ziti_controller.this.identity_name}."
  }
}

# --- The agent's identity ------------------------------------------------------------------
# (ziti_identity: the agent, with role attribute "agents")

# --- What the agent may use ----------------------------------------------------------------
# (ziti_service: the service the agent is meant to reach)

# --- The grant ----------------------------------------------------------------------------
# (ziti_service_policy: Dial, "#agents" -> that service; without it nothing is reachable)

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
