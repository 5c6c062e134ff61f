# Fixture of the module's tests (tofu test): a name prefix of its own for every test run, so
# that runs against a shared controller do not collide.
resource "terraform_data" "prefix" {
  input = "tftest-${substr(uuid(), 0, 8)}"

  lifecycle {
    ignore_changes = [input]
  }
}

output "prefix" {
  value = terraform_data.prefix.output
}
