# Clients capture tcp/5432 on "customer-db.ziti" and send it over the overlay.
resource "ziti_config" "customer_db_intercept" {
  name        = "customer-db-intercept"
  config_type = "intercept.v1" # by name or id
  data = jsonencode({
    protocols  = ["tcp"]
    addresses  = ["customer-db.ziti"]
    portRanges = [{ low = 5432, high = 5432 }]
  })
}

# A config of your own type, e.g. routing hints an agent's sidecar reads.
resource "ziti_config_type" "agent_routing" {
  name = "agent-routing.v1"
  schema = jsonencode({
    type       = "object"
    required   = ["region"]
    properties = { region = { type = "string" } }
  })
}

resource "ziti_config" "eu_routing" {
  name        = "eu-routing"
  config_type = ziti_config_type.agent_routing.name
  data        = jsonencode({ region = "eu-west-1" })
}
