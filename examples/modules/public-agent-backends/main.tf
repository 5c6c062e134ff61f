resource "ziti_identity" "agent" {
  name            = var.agent_name
  role_attributes = var.agent_role_attributes
  tags            = var.tags
}

# The identity that hosts one backend (its tunneler or SDK application).
resource "ziti_identity" "backend" {
  for_each = var.backends

  name = "${var.name}-${each.key}"
  tags = var.tags
}

resource "ziti_intercept_v1_config" "backend" {
  for_each = var.backends

  name        = "${var.name}-${each.key}-intercept"
  protocols   = ["tcp"]
  addresses   = [coalesce(each.value.address, "${each.key}.ziti")]
  port_ranges = [{ low = each.value.port, high = each.value.port }]
  tags        = var.tags
}

resource "ziti_host_v1_config" "backend" {
  for_each = var.backends

  name     = "${var.name}-${each.key}-host"
  protocol = "tcp"
  address  = each.value.target_address
  port     = each.value.target_port
  tags     = var.tags
}

resource "ziti_service" "backend" {
  for_each = var.backends

  name    = "${var.name}-${each.key}"
  configs = [ziti_intercept_v1_config.backend[each.key].id, ziti_host_v1_config.backend[each.key].id]
  tags    = var.tags
}

# Each backend's identity hosts its own service and nothing else; none of them gets a Dial
# grant, so a compromised backend cannot reach another backend (or the agent) over the overlay.
resource "ziti_service_policy" "backend_binds_own" {
  for_each = var.backends

  name           = "${var.name}-${each.key}-bind"
  type           = "Bind"
  identity_roles = ["@${ziti_identity.backend[each.key].name}"]
  service_roles  = ["@${ziti_service.backend[each.key].name}"]
  tags           = var.tags
}

resource "ziti_service_policy" "agent_dials_backends" {
  name           = "${var.name}-agent-dial-backends"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.agent.name}"]
  service_roles  = [for s in ziti_service.backend : "@${s.name}"]
  tags           = var.tags
}

# What the controller grants, read after the module's policies exist (during apply when they
# change). These are top-level data sources, not scoped ones inside the check blocks: those
# take no for_each, and OpenTofu re-reads them at every apply, so a plan would never be empty.
data "ziti_identity_access" "backend" {
  for_each = ziti_identity.backend

  identity   = each.value.id
  depends_on = [ziti_service_policy.agent_dials_backends, ziti_service_policy.backend_binds_own]
}

data "ziti_service_access" "backend" {
  for_each = ziti_service.backend

  service    = each.value.id
  depends_on = [ziti_service_policy.agent_dials_backends, ziti_service_policy.backend_binds_own]
}

locals {
  backend_binds   = { for k, b in data.ziti_identity_access.backend : k => [for g in b.bind : g.service_id] }
  backend_dialers = { for s in data.ziti_service_access.backend : s.service_id => [for i in s.dial_identities : i.identity_id] }
}

check "backends_cannot_reach_each_other" {
  assert {
    condition     = alltrue([for b in data.ziti_identity_access.backend : length(b.dial) == 0])
    error_message = join("; ", [for b in data.ziti_identity_access.backend : "backend ${b.identity_name} may dial ${jsonencode([for g in b.dial : g.service_name])}" if length(b.dial) > 0])
  }
}

check "each_backend_hosts_only_its_own_service" {
  assert {
    condition = alltrue([
      for k, ids in local.backend_binds : ids == [ziti_service.backend[k].id]
    ])
    error_message = join("; ", [
      for k, b in data.ziti_identity_access.backend :
      "backend ${b.identity_name} may host ${jsonencode([for g in b.bind : g.service_name])}, expected only ${ziti_service.backend[k].name}"
      if !(local.backend_binds[k] == [ziti_service.backend[k].id])
    ])
  }
}

check "only_the_agent_dials_the_backends" {
  assert {
    condition = alltrue([
      for ids in values(local.backend_dialers) : ids == [ziti_identity.agent.id]
    ])
    error_message = join("; ", [
      for s in data.ziti_service_access.backend :
      "${s.service_name} may be dialed by ${jsonencode([for i in s.dial_identities : i.identity_name])}, expected only ${ziti_identity.agent.name}"
      if !(local.backend_dialers[s.service_id] == [ziti_identity.agent.id])
    ])
  }
}

data "ziti_identity_access" "agent" {
  identity   = ziti_identity.agent.id
  depends_on = [ziti_service_policy.agent_dials_backends, ziti_service_policy.backend_binds_own]
}

check "the_agent_reaches_exactly_the_backends" {
  assert {
    condition     = toset([for g in data.ziti_identity_access.agent.dial : g.service_id]) == toset([for s in ziti_service.backend : s.id])
    error_message = "${ziti_identity.agent.name} may dial ${jsonencode([for g in data.ziti_identity_access.agent.dial : g.service_name])}, expected exactly the backends ${jsonencode([for s in ziti_service.backend : s.name])}."
  }

  assert {
    condition     = length(data.ziti_identity_access.agent.bind) == 0
    error_message = "${ziti_identity.agent.name} may host ${jsonencode([for g in data.ziti_identity_access.agent.bind : g.service_name])}, so the backends could dial into the agent."
  }
}
