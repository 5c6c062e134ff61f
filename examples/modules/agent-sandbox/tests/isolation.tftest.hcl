# The sandbox's isolation promises, asserted on a real controller: `tofu test` creates the
# entities, reads back what the controller grants and destroys everything at the end. The
# provider takes its settings from the environment (ZITI_API_URL, ZITI_USERNAME,
# ZITI_PASSWORD, ZITI_CA_FILE).

run "setup" {
  module {
    source = "./tests/setup"
  }
}

# The defaults: the three platform services and api.openai.com:443 as the only egress.
run "two_agents_default_egress" {
  command = apply

  variables {
    name                = run.setup.prefix
    agents              = ["${run.setup.prefix}-planner", "${run.setup.prefix}-coder"]
    host_roles          = ["@${run.setup.connector_name}"]
    service_name_prefix = "${run.setup.prefix}-"
  }

  assert {
    condition     = tomap(output.service_names) == tomap({ for k in ["gateway.ziti", "llm-proxy.ziti", "tracing.ziti"] : k => "${var.name}-${k}" })
    error_message = "service_names is ${jsonencode(output.service_names)}, expected the three platform services named <prefix><address>."
  }

  assert {
    condition     = toset(keys(output.agent_ids)) == toset(var.agents) && alltrue([for id in values(output.agent_ids) : length(id) > 0])
    error_message = "agent_ids is ${jsonencode(output.agent_ids)}, expected one identity id per agent."
  }

  assert {
    condition     = output.agent_role_attribute == "${var.name}-agents"
    error_message = "agent_role_attribute is ${output.agent_role_attribute}, expected <name>-agents."
  }

  # The Dial grant names the platform services one by one (a role attribute added to another
  # service later cannot widen it) and selects the agents by their role attribute only.
  assert {
    condition     = ziti_service_policy.agents_dial_platform.type == "Dial" && toset(ziti_service_policy.agents_dial_platform.service_roles) == toset([for n in values(output.service_names) : "@${n}"])
    error_message = "The agents' Dial policy selects ${jsonencode(ziti_service_policy.agents_dial_platform.service_roles)}, expected exactly the platform services by name."
  }

  assert {
    condition     = ziti_service_policy.agents_dial_platform.identity_roles == toset(["#${output.agent_role_attribute}"])
    error_message = "The agents' Dial policy selects the identities ${jsonencode(ziti_service_policy.agents_dial_platform.identity_roles)}, expected only #${output.agent_role_attribute}."
  }

  # Every agent may dial exactly the platform services and the one egress destination's
  # service, as the controller evaluates the policies.
  assert {
    condition = alltrue([
      for a in data.ziti_identity_access.agent :
      toset([for g in a.dial : g.service_name]) == toset(concat(values(output.service_names), ["${var.name}-egress-tcp-api.openai.com"]))
    ])
    error_message = "An agent may dial more or less than the sandbox: ${jsonencode({ for a in data.ziti_identity_access.agent : a.identity_name => [for g in a.dial : g.service_name] })}."
  }

  # No agent hosts anything, so nothing on the overlay can dial into an agent.
  assert {
    condition     = alltrue([for a in data.ziti_identity_access.agent : length(a.bind) == 0])
    error_message = "An agent may bind: ${jsonencode({ for a in data.ziti_identity_access.agent : a.identity_name => [for g in a.bind : g.service_name] })}."
  }

  # Only the agents dial the platform services (no #all grant); only host_roles host them.
  assert {
    condition = alltrue([
      for s in data.ziti_service_access.platform :
      !s.dialable_by_all && toset([for i in s.dial_identities : i.identity_name]) == toset(var.agents)
    ])
    error_message = "A platform service may be dialed by someone else: ${jsonencode({ for s in data.ziti_service_access.platform : s.service_name => [for i in s.dial_identities : i.identity_name] })}."
  }

  assert {
    condition     = alltrue([for s in data.ziti_service_access.platform : [for i in s.bind_identities : i.identity_name] == [trimprefix(one(var.host_roles), "@")]])
    error_message = "A platform service is hosted by someone other than host_roles: ${jsonencode({ for s in data.ziti_service_access.platform : s.service_name => [for i in s.bind_identities : i.identity_name] })}."
  }

  # Egress only to the allowlisted host, on its port.
  assert {
    condition     = [for d in ziti_egress_allowlist.agents[0].destination : { host = d.host, ports = d.ports }] == [{ host = "api.openai.com", ports = toset([443]) }]
    error_message = "The egress allowlist holds ${jsonencode(ziti_egress_allowlist.agents[0].destination)}, expected only api.openai.com:443."
  }

  assert {
    condition     = length(output.egress_service_ids) == 1 && output.egress_allowlist_id != null
    error_message = "egress_service_ids is ${jsonencode(output.egress_service_ids)}, expected the one service of api.openai.com."
  }
}

# Narrowing takes exactly that away: one agent fewer, no egress at all.
run "one_agent_no_egress" {
  command = apply

  variables {
    name                = run.setup.prefix
    agents              = ["${run.setup.prefix}-planner"]
    host_roles          = ["@${run.setup.connector_name}"]
    service_name_prefix = "${run.setup.prefix}-"
    egress_destinations = []
  }

  assert {
    condition     = toset(keys(output.agent_ids)) == toset(["${var.name}-planner"])
    error_message = "agent_ids is ${jsonencode(output.agent_ids)}, expected the planner only."
  }

  assert {
    condition     = output.egress_allowlist_id == null && length(output.egress_service_ids) == 0
    error_message = "An egress allowlist remains without egress_destinations."
  }

  assert {
    condition = alltrue([
      for a in data.ziti_identity_access.agent :
      toset([for g in a.dial : g.service_name]) == toset(values(output.service_names)) && length(a.bind) == 0
    ])
    error_message = "Without egress the agent must dial the platform services only and bind nothing: ${jsonencode({ for a in data.ziti_identity_access.agent : a.identity_name => { dial = [for g in a.dial : g.service_name], bind = [for g in a.bind : g.service_name] } })}."
  }

  assert {
    condition     = alltrue([for s in data.ziti_service_access.platform : [for i in s.dial_identities : i.identity_name] == ["${var.name}-planner"]])
    error_message = "The removed agent may still dial a platform service: ${jsonencode({ for s in data.ziti_service_access.platform : s.service_name => [for i in s.dial_identities : i.identity_name] })}."
  }
}
