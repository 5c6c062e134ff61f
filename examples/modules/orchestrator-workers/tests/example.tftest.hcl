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
    condition     = tomap(output.worker_service_names) == tomap({ for w in ["search", "summarise", "cite"] : w => "${var.name}-${w}" })
    error_message = "The example's worker_service_names is ${jsonencode(output.worker_service_names)}."
  }

  assert {
    condition     = alltrue([for k, jwt in output.worker_enrollment_jwts : startswith(jwt, "eyJ")]) && length(output.worker_enrollment_jwts) == 3
    error_message = "The example gives no enrollment token per worker."
  }
}
