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
    condition     = toset(keys(output.agent_ids)) == toset(["${var.name}-agent-0", "${var.name}-agent-1"]) && alltrue([for id in values(output.agent_ids) : id != ""])
    error_message = "The example's agent_ids is ${jsonencode(output.agent_ids)}."
  }

  assert {
    condition     = alltrue([for k, jwt in output.enrollment_jwts : startswith(jwt, "eyJ")]) && length(output.enrollment_jwts) == 2
    error_message = "The example gives no enrollment token per agent."
  }
}
