terraform {
  # check blocks need Terraform 1.5 or OpenTofu 1.6.
  required_version = ">= 1.5"

  required_providers {
    ziti = {
      source = "agentfence/ziti"
    }
  }
}
