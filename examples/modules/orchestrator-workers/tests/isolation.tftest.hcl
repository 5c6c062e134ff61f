# The team's isolation promises, asserted on a real controller: workers dial nothing and host
# only their own service, only the orchestrator dials them, the orchestrator hosts nothing.
# `tofu test` creates the entities, reads back what the controller grants and destroys
# everything at the end. The provider takes its settings from the environment (ZITI_API_URL,
# ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE).

run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "three_workers" {
  command = apply

  variables {
    name    = run.setup.prefix
    workers = ["alpha", "beta", "gamma"]
  }

  assert {
    condition     = tomap(output.worker_service_names) == tomap({ for w in ["alpha", "beta", "gamma"] : w => "${var.name}-${w}" })
    error_message = "worker_service_names is ${jsonencode(output.worker_service_names)}."
  }

  assert {
    condition     = tomap(output.worker_addresses) == tomap({ for w in ["alpha", "beta", "gamma"] : w => "${w}.workers.ziti:443" })
    error_message = "worker_addresses is ${jsonencode(output.worker_addresses)}."
  }

  # No worker may dial anything: a compromised worker reaches nobody.
  assert {
    condition     = alltrue([for w in data.ziti_identity_access.worker : length(w.dial) == 0])
    error_message = "A worker may dial: ${jsonencode({ for w in data.ziti_identity_access.worker : w.identity_name => [for g in w.dial : g.service_name] })}."
  }

  # Every worker hosts exactly its own service: none can impersonate another.
  assert {
    condition     = alltrue([for k, w in data.ziti_identity_access.worker : [for g in w.bind : g.service_name] == ["${var.name}-${k}"]])
    error_message = "A worker hosts more or less than its own service: ${jsonencode({ for w in data.ziti_identity_access.worker : w.identity_name => [for g in w.bind : g.service_name] })}."
  }

  # Each worker's service: dialed by the orchestrator only, hosted by its worker only.
  assert {
    condition = alltrue([
      for k, s in data.ziti_service_access.worker :
      !s.dialable_by_all && [for i in s.dial_identities : i.identity_name] == ["${var.name}-orchestrator"] && [for i in s.bind_identities : i.identity_name] == ["${var.name}-${k}"]
    ])
    error_message = "A worker's service has other dialers or hosts: ${jsonencode({ for s in data.ziti_service_access.worker : s.service_name => { dial = [for i in s.dial_identities : i.identity_name], bind = [for i in s.bind_identities : i.identity_name] } })}."
  }

  # The orchestrator dials exactly the workers and hosts nothing: workers cannot dial into it.
  assert {
    condition     = toset([for g in data.ziti_identity_access.orchestrator.dial : g.service_name]) == toset(values(output.worker_service_names)) && length(data.ziti_identity_access.orchestrator.bind) == 0
    error_message = "The orchestrator may dial ${jsonencode([for g in data.ziti_identity_access.orchestrator.dial : g.service_name])} and bind ${jsonencode([for g in data.ziti_identity_access.orchestrator.bind : g.service_name])}."
  }
}

# A worker removed is no longer dialable; the others keep their isolation.
run "gamma_removed" {
  command = apply

  variables {
    name    = run.setup.prefix
    workers = ["alpha", "beta"]
  }

  assert {
    condition     = toset([for g in data.ziti_identity_access.orchestrator.dial : g.service_name]) == toset(["${var.name}-alpha", "${var.name}-beta"])
    error_message = "The orchestrator may dial ${jsonencode([for g in data.ziti_identity_access.orchestrator.dial : g.service_name])}, expected alpha and beta only."
  }

  assert {
    condition     = alltrue([for k, w in data.ziti_identity_access.worker : length(w.dial) == 0 && [for g in w.bind : g.service_name] == ["${var.name}-${k}"]])
    error_message = "A remaining worker lost its isolation: ${jsonencode({ for w in data.ziti_identity_access.worker : w.identity_name => { dial = [for g in w.dial : g.service_name], bind = [for g in w.bind : g.service_name] } })}."
  }
}
