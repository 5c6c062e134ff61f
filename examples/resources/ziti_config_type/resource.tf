# A config type for routing hints an agent's sidecar reads from the services it dials.
# The controller refuses configs of this type whose data does not match the schema.
resource "ziti_config_type" "agent_routing" {
  name = "agent-routing.v1"
  schema = jsonencode({
    type                 = "object"
    additionalProperties = false
    required             = ["region"]
    properties = {
      region   = { type = "string" }
      priority = { type = "integer", minimum = 0 }
    }
  })
}
