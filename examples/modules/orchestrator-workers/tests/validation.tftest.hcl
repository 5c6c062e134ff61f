# Inputs the module refuses at plan time, before anything is created.

variables {
  name    = "tftest-validation"
  workers = ["alpha"]
}

run "no_workers" {
  command = plan

  variables {
    workers = []
  }

  expect_failures = [var.workers]
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
    worker_port = 65536
  }

  expect_failures = [var.worker_port]
}
