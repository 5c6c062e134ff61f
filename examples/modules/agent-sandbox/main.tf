locals {
  agent_role = coalesce(var.agent_role_attribute, "${var.name}-agents")

  # The expected answer of the isolation checks: every agent dials the platform services and
  # the egress destinations' services, nothing else.
  egress_service_ids = length(ziti_egress_allowlist.agents) == 0 ? [] : [
    for key, id in ziti_egress_allowlist.agents[0].owned_ids : id if startswith(key, "service:")
  ]
  allowed_service_ids = toset(concat([for s in ziti_service.platform : s.id], local.egress_service_ids))
  agent_names         = toset([for a in ziti_identity.agent : a.name])

  # With workload identity, each agent is known by its service account's token subject.
  workload_external_ids = var.workload_identity == null ? {} : {
    for a in var.agents : a => "system:serviceaccount:${var.workload_identity.namespace}:${lookup(var.workload_identity.service_accounts, a, a)}"
  }
}

resource "ziti_identity" "agent" {
  for_each = var.agents

  name            = each.key
  role_attributes = [local.agent_role]
  tags            = var.tags

  # Workload identity: the agent logs in with its service-account token under the cluster's
  # auth policy; it has no enrollment, so there is no token to hand out and no certificate.
  external_id = var.workload_identity == null ? null : local.workload_external_ids[each.key]
  auth_policy = var.workload_identity == null ? null : var.workload_identity.auth_policy_id
  dynamic "enrollment" {
    for_each = var.workload_identity == null ? [] : ["none"]
    content {
      method = enrollment.value
    }
  }
}

# Agents capture <key>:<port> and send it over the overlay; the host connects to the target.
resource "ziti_intercept_v1_config" "platform" {
  for_each = var.platform_services

  name        = "${var.name}-${each.key}-intercept"
  protocols   = ["tcp"]
  addresses   = [each.key]
  port_ranges = [{ low = each.value.port, high = each.value.port }]
  tags        = var.tags
}

resource "ziti_host_v1_config" "platform" {
  for_each = var.platform_services

  name     = "${var.name}-${each.key}-host"
  protocol = "tcp"
  address  = each.value.target_address
  port     = each.value.target_port
  tags     = var.tags
}

resource "ziti_service" "platform" {
  for_each = var.platform_services

  name    = "${var.service_name_prefix}${each.key}"
  configs = [ziti_intercept_v1_config.platform[each.key].id, ziti_host_v1_config.platform[each.key].id]
  tags    = var.tags
}

# The services are named, not selected by attribute: a role attribute added to some other
# service later does not widen the agents' grant.
resource "ziti_service_policy" "agents_dial_platform" {
  name           = "${var.name}-agents-dial-platform"
  type           = "Dial"
  identity_roles = ["#${local.agent_role}"]
  service_roles  = [for s in ziti_service.platform : "@${s.name}"]
  tags           = var.tags
}

resource "ziti_service_policy" "hosts_bind_platform" {
  name           = "${var.name}-hosts-bind-platform"
  type           = "Bind"
  identity_roles = var.host_roles
  service_roles  = [for s in ziti_service.platform : "@${s.name}"]
  tags           = var.tags
}

resource "ziti_egress_allowlist" "agents" {
  count = length(var.egress_destinations) > 0 ? 1 : 0

  name           = "${var.name}-egress"
  identity_roles = ["#${local.agent_role}"]
  gateway_roles  = var.egress_gateway_roles != null ? var.egress_gateway_roles : var.host_roles
  destination    = var.egress_destinations
  tags           = var.tags
}

# What each agent and each platform service can reach, as the controller evaluates the
# policies, read after the grants exist (during apply when a grant changes). These are
# top-level data sources, not scoped ones inside the check blocks: those take no for_each, and
# OpenTofu re-reads them at every apply, so a plan would never be empty.
data "ziti_identity_access" "agent" {
  for_each = ziti_identity.agent

  identity   = each.value.id
  depends_on = [ziti_service_policy.agents_dial_platform, ziti_service_policy.hosts_bind_platform, ziti_egress_allowlist.agents]
}

data "ziti_service_access" "platform" {
  for_each = ziti_service.platform

  service    = each.value.id
  depends_on = [ziti_service_policy.agents_dial_platform, ziti_service_policy.hosts_bind_platform, ziti_egress_allowlist.agents]
}

check "agents_reach_exactly_the_sandbox" {
  assert {
    condition = alltrue([
      for a in data.ziti_identity_access.agent : toset([for g in a.dial : g.service_id]) == local.allowed_service_ids
    ])
    error_message = join("; ", [
      for a in data.ziti_identity_access.agent :
      "agent ${a.identity_name} may dial ${jsonencode(sort([for g in a.dial : g.service_name]))}" if toset([for g in a.dial : g.service_id]) != local.allowed_service_ids
    ])
  }
}

check "agents_host_nothing" {
  assert {
    condition     = alltrue([for a in data.ziti_identity_access.agent : length(a.bind) == 0])
    error_message = "Agents may host (bind) services, so other identities could dial into them: ${join(", ", [for a in data.ziti_identity_access.agent : "${a.identity_name} binds ${jsonencode([for g in a.bind : g.service_name])}" if length(a.bind) > 0])}."
  }
}

check "platform_services_dialed_only_by_the_agents" {
  assert {
    condition = alltrue([
      for s in data.ziti_service_access.platform :
      !s.dialable_by_all && length(setsubtract([for i in s.dial_identities : i.identity_name], local.agent_names)) == 0
    ])
    error_message = join("; ", [
      for s in data.ziti_service_access.platform :
      "${s.service_name} may also be dialed by ${jsonencode(sort(setsubtract([for i in s.dial_identities : i.identity_name], local.agent_names)))}${s.dialable_by_all ? " (a Dial policy grants it to #all)" : ""}"
      if s.dialable_by_all || length(setsubtract([for i in s.dial_identities : i.identity_name], local.agent_names)) > 0
    ])
  }
}

check "platform_services_are_hosted" {
  assert {
    condition     = alltrue([for s in data.ziti_service_access.platform : length(s.bind_identities) > 0])
    error_message = "No identity may host ${join(", ", [for s in data.ziti_service_access.platform : s.service_name if length(s.bind_identities) == 0])}: host_roles selects no identity, so agents' dials fail."
  }
}

# With workload identity: the auth policy the agents are under, as the controller holds it.
data "ziti_auth_policy" "workload" {
  count = var.workload_identity == null ? 0 : 1

  id = var.workload_identity.auth_policy_id
}

check "agents_log_in_only_with_their_service_account_token" {
  assert {
    condition     = alltrue([for p in data.ziti_auth_policy.workload : p.primary_cert == null && p.primary_updb == null && p.primary_ext_jwt != null])
    error_message = "workload_identity.auth_policy_id names an auth policy that allows certificate or password logins (or no JWT login): use the auth_policy_id output of the k8s-workload-identity module."
  }
}
