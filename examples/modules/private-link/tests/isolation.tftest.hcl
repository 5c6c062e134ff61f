# The private link's promises, asserted on a real controller: one-way, port-specific and
# exclusive. `tofu test` creates the entities, reads back what the controller grants and
# destroys everything at the end. The provider takes its settings from the environment
# (ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE).

run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "one_port" {
  command = apply

  variables {
    name           = "${run.setup.prefix}-orders-db"
    agent_name     = "${run.setup.prefix}-agent"
    address        = "${run.setup.prefix}-orders-db.ziti"
    ports          = [5432]
    target_address = "10.20.0.5"
    host_roles     = ["@${run.setup.connector_name}"]
  }

  assert {
    condition     = output.service_name == var.name && output.address == var.address
    error_message = "service_name/address are ${output.service_name} / ${output.address}."
  }

  # Port-specific: only the listed port is intercepted and forwarded.
  assert {
    condition     = output.ports == toset([5432])
    error_message = "ports is ${jsonencode(output.ports)}, expected [5432]."
  }

  # Exclusive: the agent is the only identity that may dial the database; no #all grant.
  assert {
    condition     = !data.ziti_service_access.database.dialable_by_all && [for i in data.ziti_service_access.database.dial_identities : i.identity_name] == [var.agent_name]
    error_message = "The database may be dialed by ${jsonencode([for i in data.ziti_service_access.database.dial_identities : i.identity_name])} (by #all: ${data.ziti_service_access.database.dialable_by_all}), expected the agent only."
  }

  assert {
    condition     = [for i in data.ziti_service_access.database.bind_identities : i.identity_name] == [trimprefix(one(var.host_roles), "@")]
    error_message = "The database is hosted by ${jsonencode([for i in data.ziti_service_access.database.bind_identities : i.identity_name])}, expected the connector only."
  }

  # The agent reaches exactly the database and hosts nothing: the database side cannot dial it.
  assert {
    condition     = [for g in data.ziti_identity_access.agent.dial : g.service_id] == [output.service_id] && length(data.ziti_identity_access.agent.bind) == 0
    error_message = "The agent may dial ${jsonencode([for g in data.ziti_identity_access.agent.dial : g.service_name])} and bind ${jsonencode([for g in data.ziti_identity_access.agent.bind : g.service_name])}, expected to dial the database only and bind nothing."
  }

  # One-way: the connector dials nothing.
  assert {
    condition     = alltrue([for c in data.ziti_identity_access.connector : length(c.dial) == 0]) && length(data.ziti_identity_access.connector) == 1
    error_message = "The connector may dial ${jsonencode({ for c in data.ziti_identity_access.connector : c.identity_name => [for g in c.dial : g.service_name] })}, expected nothing."
  }
}

# A second port: still one agent, one connector, one way.
run "two_ports" {
  command = apply

  variables {
    name           = "${run.setup.prefix}-orders-db"
    agent_name     = "${run.setup.prefix}-agent"
    address        = "${run.setup.prefix}-orders-db.ziti"
    ports          = [5432, 6432]
    target_address = "10.20.0.5"
    host_roles     = ["@${run.setup.connector_name}"]
  }

  assert {
    condition     = output.ports == toset([5432, 6432])
    error_message = "ports is ${jsonencode(output.ports)}, expected [5432, 6432]."
  }

  assert {
    condition     = [for i in data.ziti_service_access.database.dial_identities : i.identity_name] == [var.agent_name] && [for i in data.ziti_service_access.database.bind_identities : i.identity_name] == [trimprefix(one(var.host_roles), "@")]
    error_message = "After adding a port the database is dialed by ${jsonencode([for i in data.ziti_service_access.database.dial_identities : i.identity_name])} and hosted by ${jsonencode([for i in data.ziti_service_access.database.bind_identities : i.identity_name])}."
  }

  assert {
    condition     = length(data.ziti_identity_access.agent.bind) == 0 && alltrue([for c in data.ziti_identity_access.connector : length(c.dial) == 0])
    error_message = "After adding a port the agent hosts something or the connector dials something."
  }
}
