# Inputs the module refuses at plan time, before anything is created.

variables {
  name       = "tftest-validation"
  agents     = ["tftest-validation-agent"]
  host_roles = ["@tftest-validation-connector"]
}

run "no_hosts" {
  command = plan

  variables {
    host_roles = []
  }

  expect_failures = [var.host_roles]
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
    platform_services = {
      "llm-proxy.ziti" = { port = 0, target_address = "llm-proxy.internal", target_port = 8080 }
    }
  }

  expect_failures = [var.platform_services]
}
