# Inputs the module refuses at plan time, before anything is created.

variables {
  name       = "tftest-validation"
  agent_name = "tftest-validation-agent"
  backends = {
    search = { target_address = "search.internal", target_port = 9200 }
  }
}

run "no_backends" {
  command = plan

  variables {
    backends = {}
  }

  expect_failures = [var.backends]
}

run "empty_name" {
  command = plan

  variables {
    name = ""
  }

  expect_failures = [var.name]
}

run "port_out_of_range" {
  command = plan

  variables {
    backends = {
      search = { port = 0, target_address = "search.internal", target_port = 9200 }
    }
  }

  expect_failures = [var.backends]
}
