# Bad input fails at plan on the variable, before anything reaches the controller.

mock_provider "ziti" {}

variables {
  name     = "prod"
  issuer   = "https://kubernetes.default.svc.cluster.local"
  jwks_url = "https://oidc.example.com/openid/v1/jwks"
}

run "jwks_url_not_a_url" {
  command = plan
  variables { jwks_url = "oidc.example.com/keys" }
  expect_failures = [var.jwks_url]
}

run "issuer_empty" {
  command = plan
  variables { issuer = "" }
  expect_failures = [var.issuer]
}

run "namespace_not_a_namespace" {
  command = plan
  variables {
    service_accounts = { a = { namespace = "Agents_NS", service_account = "a" } }
  }
  expect_failures = [var.service_accounts]
}

run "service_account_not_a_name" {
  command = plan
  variables {
    service_accounts = { a = { namespace = "agents", service_account = "system:serviceaccount:agents:a" } }
  }
  expect_failures = [var.service_accounts]
}

run "same_service_account_twice" {
  command = plan
  variables {
    service_accounts = {
      a = { namespace = "agents", service_account = "worker" }
      b = { namespace = "agents", service_account = "worker" }
    }
  }
  expect_failures = [var.service_accounts]
}

run "role_attribute_with_selector_prefix" {
  command = plan
  variables { role_attributes = ["#agents"] }
  expect_failures = [var.role_attributes]
}
