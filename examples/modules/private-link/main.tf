locals {
  connectors = var.connector_identities != null ? var.connector_identities : toset([for r in var.host_roles : trimprefix(r, "@") if startswith(r, "@")])
}

resource "ziti_identity" "agent" {
  name            = var.agent_name
  role_attributes = var.agent_role_attributes
  tags            = var.tags
}

# One-way: the connector gets only a Bind grant and the agent only a Dial grant, so the
# database side cannot open a connection to the agent. Port-specific: only ports are
# intercepted and forwarded.
resource "ziti_private_resource" "database" {
  name           = var.name
  address        = var.address
  ports          = var.ports
  target_address = var.target_address
  target_port    = var.target_port
  host_roles     = var.host_roles
  dial_roles     = ["@${ziti_identity.agent.name}"]
  tags           = var.tags
}

# What the controller grants, read after the database's policies exist (during apply when
# they change). These are top-level data sources, not scoped ones inside the check blocks:
# OpenTofu re-reads a check block's own data source at every apply, so a plan would never be
# empty ("will be read during apply").
data "ziti_identity_access" "connector" {
  for_each = local.connectors

  identity   = each.key
  depends_on = [ziti_private_resource.database]
}

data "ziti_service_access" "database" {
  service    = ziti_private_resource.database.service_id
  depends_on = [ziti_private_resource.database]
}

data "ziti_identity_access" "agent" {
  identity   = ziti_identity.agent.id
  depends_on = [ziti_private_resource.database]
}

check "only_the_agent_reaches_the_database" {
  assert {
    condition     = !data.ziti_service_access.database.dialable_by_all
    error_message = "A Dial policy grants ${var.name} to #all identities."
  }

  assert {
    condition     = [for i in data.ziti_service_access.database.dial_identities : i.identity_name] == [ziti_identity.agent.name]
    error_message = "${var.name} may be dialed by ${jsonencode([for i in data.ziti_service_access.database.dial_identities : i.identity_name])}, expected only ${ziti_identity.agent.name}."
  }

  assert {
    condition     = length(data.ziti_service_access.database.bind_identities) > 0
    error_message = "No identity may host ${var.name}: host_roles ${jsonencode(var.host_roles)} selects no identity."
  }
}

check "the_database_cannot_dial_the_agent" {
  # Nothing can dial an identity that hosts nothing.
  assert {
    condition     = length(data.ziti_identity_access.agent.bind) == 0
    error_message = "${ziti_identity.agent.name} may host ${jsonencode([for g in data.ziti_identity_access.agent.bind : g.service_name])}, so other identities could dial into the agent."
  }

  assert {
    condition     = contains([for g in data.ziti_identity_access.agent.dial : g.service_id], ziti_private_resource.database.service_id)
    error_message = "${ziti_identity.agent.name} cannot dial ${var.name}."
  }
}

check "connectors_dial_nothing" {
  assert {
    condition     = alltrue([for c in data.ziti_identity_access.connector : length(c.dial) == 0])
    error_message = join("; ", [for c in data.ziti_identity_access.connector : "connector ${c.identity_name} may dial ${jsonencode([for g in c.dial : g.service_name])}" if length(c.dial) > 0])
  }
}
