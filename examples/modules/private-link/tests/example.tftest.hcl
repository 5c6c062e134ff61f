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
    name      = run.setup.prefix
    connector = run.setup.connector_name
  }

  assert {
    condition     = output.address == "${var.name}-orders-db.ziti:5432"
    error_message = "The example's address is ${output.address}."
  }

  assert {
    condition     = startswith(output.agent_enrollment_jwt, "eyJ")
    error_message = "The example gives no enrollment token for the agent."
  }
}
