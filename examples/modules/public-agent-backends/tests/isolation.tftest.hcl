# The backends' isolation promises, asserted on a real controller: each backend hosts its own
# service only and dials nothing (the backends cannot reach each other, nor the agent), and
# only the agent dials them. `tofu test` creates the entities, reads back what the controller
# grants and destroys everything at the end. The provider takes its settings from the
# environment (ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE).

run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "two_backends" {
  command = apply

  variables {
    name       = run.setup.prefix
    agent_name = "${run.setup.prefix}-agent"
    backends = {
      search = { target_address = "127.0.0.1", target_port = 9200 }
      crm    = { address = "crm.${run.setup.prefix}.ziti", port = 8443, target_address = "crm.internal", target_port = 443 }
    }
  }

  assert {
    condition     = tomap(output.backend_addresses) == tomap({ search = "search.ziti:443", crm = "crm.${var.name}.ziti:8443" })
    error_message = "backend_addresses is ${jsonencode(output.backend_addresses)}."
  }

  assert {
    condition     = tomap(output.backend_service_names) == tomap({ search = "${var.name}-search", crm = "${var.name}-crm" })
    error_message = "backend_service_names is ${jsonencode(output.backend_service_names)}."
  }

  # The backends cannot reach each other, nor the agent: no backend may dial anything.
  assert {
    condition     = alltrue([for b in data.ziti_identity_access.backend : length(b.dial) == 0])
    error_message = "A backend may dial: ${jsonencode({ for b in data.ziti_identity_access.backend : b.identity_name => [for g in b.dial : g.service_name] })}."
  }

  # Each backend's identity hosts exactly its own service.
  assert {
    condition     = alltrue([for k, b in data.ziti_identity_access.backend : [for g in b.bind : g.service_name] == ["${var.name}-${k}"]])
    error_message = "A backend hosts more or less than its own service: ${jsonencode({ for b in data.ziti_identity_access.backend : b.identity_name => [for g in b.bind : g.service_name] })}."
  }

  # Each backend's service: dialed by the agent only, hosted by its own identity only.
  assert {
    condition = alltrue([
      for k, s in data.ziti_service_access.backend :
      !s.dialable_by_all && [for i in s.dial_identities : i.identity_name] == ["${var.name}-agent"] && [for i in s.bind_identities : i.identity_name] == ["${var.name}-${k}"]
    ])
    error_message = "A backend's service has other dialers or hosts: ${jsonencode({ for s in data.ziti_service_access.backend : s.service_name => { dial = [for i in s.dial_identities : i.identity_name], bind = [for i in s.bind_identities : i.identity_name] } })}."
  }

  # The agent dials exactly the backends and hosts nothing: no backend can dial into it.
  assert {
    condition     = toset([for g in data.ziti_identity_access.agent.dial : g.service_name]) == toset(values(output.backend_service_names)) && length(data.ziti_identity_access.agent.bind) == 0
    error_message = "The agent may dial ${jsonencode([for g in data.ziti_identity_access.agent.dial : g.service_name])} and bind ${jsonencode([for g in data.ziti_identity_access.agent.bind : g.service_name])}."
  }
}
