# Inputs the module refuses at plan time, before anything is created.

variables {
  name           = "tftest-validation-db"
  agent_name     = "tftest-validation-agent"
  address        = "tftest-validation-db.ziti"
  target_address = "10.20.0.5"
  host_roles     = ["@tftest-validation-connector"]
}

run "no_ports" {
  command = plan

  variables {
    ports = []
  }

  expect_failures = [var.ports]
}

run "port_out_of_range" {
  command = plan

  variables {
    ports = [5432, 70000]
  }

  expect_failures = [var.ports]
}

run "target_port_out_of_range" {
  command = plan

  variables {
    target_port = 0
  }

  expect_failures = [var.target_port]
}

run "no_hosts" {
  command = plan

  variables {
    host_roles = []
  }

  expect_failures = [var.host_roles]
}
