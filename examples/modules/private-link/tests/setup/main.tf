# Fixture of the module's tests (tofu test): a name prefix of its own for every test run, so
# that runs against a shared controller do not collide, and the identity that stands for the
# connector (inside the customer's network) hosting the database.
terraform {
  required_providers {
    ziti = { source = "agentfence/ziti" }
  }
}

resource "terraform_data" "prefix" {
  input = "tftest-${substr(uuid(), 0, 8)}"

  lifecycle {
    ignore_changes = [input]
  }
}

resource "ziti_identity" "connector" {
  name = "${terraform_data.prefix.output}-connector"
}

output "prefix" {
  value = terraform_data.prefix.output
}

output "connector_name" {
  value = ziti_identity.connector.name
}
