terraform {
  required_providers {
    ziti = {
      source = "agentfence/ziti"
    }
  }
}

# Password authentication against a controller whose certificate is signed by the CA in
# ca_file. Leave any attribute out to take it from the environment instead
# (ZITI_API_URL, ZITI_USERNAME, ZITI_PASSWORD, ZITI_CA_FILE, ...).
provider "ziti" {
  endpoint = "https://ziti-controller.example.internal:1280"
  username = "admin"
  password = var.ziti_admin_password
  ca_file  = "${path.module}/ziti-ca.pem"
}

variable "ziti_admin_password" {
  type      = string
  sensitive = true
}
