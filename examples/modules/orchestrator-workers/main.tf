resource "ziti_identity" "orchestrator" {
  name = "${var.name}-orchestrator"
  tags = var.tags
}

resource "ziti_identity" "worker" {
  for_each = var.workers

  name = "${var.name}-${each.key}"
  tags = var.tags
}

# A worker hosts its service itself, with the SDK (ziti Listen): there is no host.v1 config.
# The intercept.v1 config lets an orchestrator behind a tunneler dial <worker>.<domain>.
resource "ziti_intercept_v1_config" "worker" {
  for_each = var.workers

  name        = "${var.name}-${each.key}-intercept"
  protocols   = ["tcp"]
  addresses   = ["${each.key}.${var.intercept_domain}"]
  port_ranges = [{ low = var.worker_port, high = var.worker_port }]
  tags        = var.tags
}

resource "ziti_service" "worker" {
  for_each = var.workers

  name    = "${var.name}-${each.key}"
  configs = [ziti_intercept_v1_config.worker[each.key].id]
  tags    = var.tags
}

# One Bind policy per worker, naming the worker and its service: no worker can host, and so
# impersonate, another worker's service.
resource "ziti_service_policy" "worker_binds_own" {
  for_each = var.workers

  name           = "${var.name}-${each.key}-bind"
  type           = "Bind"
  identity_roles = ["@${ziti_identity.worker[each.key].name}"]
  service_roles  = ["@${ziti_service.worker[each.key].name}"]
  tags           = var.tags
}

# The orchestrator dials every worker. No policy lets a worker dial anything.
resource "ziti_service_policy" "orchestrator_dials_workers" {
  name           = "${var.name}-orchestrator-dial-workers"
  type           = "Dial"
  identity_roles = ["@${ziti_identity.orchestrator.name}"]
  service_roles  = [for s in ziti_service.worker : "@${s.name}"]
  tags           = var.tags
}

# What the controller grants, read after the module's policies exist (during apply when they
# change). These are top-level data sources, not scoped ones inside the check blocks: those
# take no for_each, and OpenTofu re-reads them at every apply, so a plan would never be empty.
data "ziti_identity_access" "worker" {
  for_each = ziti_identity.worker

  identity   = each.value.id
  depends_on = [ziti_service_policy.orchestrator_dials_workers, ziti_service_policy.worker_binds_own]
}

data "ziti_service_access" "worker" {
  for_each = ziti_service.worker

  service    = each.value.id
  depends_on = [ziti_service_policy.orchestrator_dials_workers, ziti_service_policy.worker_binds_own]
}

locals {
  worker_binds   = { for k, w in data.ziti_identity_access.worker : k => [for g in w.bind : g.service_id] }
  worker_dialers = { for s in data.ziti_service_access.worker : s.service_id => [for i in s.dial_identities : i.identity_id] }
}

check "workers_dial_nothing" {
  assert {
    condition     = alltrue([for w in data.ziti_identity_access.worker : length(w.dial) == 0])
    error_message = join("; ", [for w in data.ziti_identity_access.worker : "worker ${w.identity_name} may dial ${jsonencode([for g in w.dial : g.service_name])}" if length(w.dial) > 0])
  }
}

check "each_worker_hosts_only_its_own_service" {
  assert {
    condition = alltrue([
      for k, ids in local.worker_binds : ids == [ziti_service.worker[k].id]
    ])
    error_message = join("; ", [
      for k, w in data.ziti_identity_access.worker :
      "worker ${w.identity_name} may host ${jsonencode([for g in w.bind : g.service_name])}, expected only ${ziti_service.worker[k].name}"
      if !(local.worker_binds[k] == [ziti_service.worker[k].id])
    ])
  }
}

check "only_the_orchestrator_dials_the_workers" {
  assert {
    condition = alltrue([
      for ids in values(local.worker_dialers) : ids == [ziti_identity.orchestrator.id]
    ])
    error_message = join("; ", [
      for s in data.ziti_service_access.worker :
      "${s.service_name} may be dialed by ${jsonencode([for i in s.dial_identities : i.identity_name])}, expected only ${ziti_identity.orchestrator.name}"
      if !(local.worker_dialers[s.service_id] == [ziti_identity.orchestrator.id])
    ])
  }
}

data "ziti_identity_access" "orchestrator" {
  identity   = ziti_identity.orchestrator.id
  depends_on = [ziti_service_policy.orchestrator_dials_workers, ziti_service_policy.worker_binds_own]
}

check "the_orchestrator_reaches_exactly_the_workers" {
  assert {
    condition     = toset([for g in data.ziti_identity_access.orchestrator.dial : g.service_id]) == toset([for s in ziti_service.worker : s.id])
    error_message = "${ziti_identity.orchestrator.name} may dial ${jsonencode([for g in data.ziti_identity_access.orchestrator.dial : g.service_name])}, expected exactly the workers' services ${jsonencode([for s in ziti_service.worker : s.name])}."
  }

  assert {
    condition     = length(data.ziti_identity_access.orchestrator.bind) == 0
    error_message = "${ziti_identity.orchestrator.name} may host ${jsonencode([for g in data.ziti_identity_access.orchestrator.bind : g.service_name])}, so workers could dial into it."
  }
}
