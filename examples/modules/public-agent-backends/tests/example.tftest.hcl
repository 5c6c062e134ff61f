# examples/basic applies as it stands against the controller and gives its outputs.

run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "example" {
  module {
    source = "./examples/basic"
  }

  variables {
    name = run.setup.prefix
  }

  assert {
    condition     = tomap(output.backend_addresses) == tomap({ search = "search.ziti:443", crm = "crm.${var.name}.ziti:8443" })
    error_message = "The example's backend_addresses is ${jsonencode(output.backend_addresses)}."
  }

  assert {
    condition     = startswith(output.agent_enrollment_jwt, "eyJ")
    error_message = "The example gives no enrollment token for the agent."
  }
}
