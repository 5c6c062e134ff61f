# Which controller the provider talks to, and as whom.
data "ziti_controller" "current" {}

output "controller_version" {
  value = data.ziti_controller.current.version
}

output "logged_in_as" {
  value = data.ziti_controller.current.identity_name
}

locals {
  # "v1.7.2" -> [1, 7]; an unparsable version compares as 0.0.
  controller_major_minor = try([for n in regex("^v?(\\d+)\\.(\\d+)", data.ziti_controller.current.version) : tonumber(n)], [0, 0])
}

# Warn on every plan when the controller is older than this configuration was written for,
# or when the credentials are not an admin's (managing most entities needs one).
check "controller" {
  assert {
    condition = (
      local.controller_major_minor[0] > 1 ||
      (local.controller_major_minor[0] == 1 && local.controller_major_minor[1] >= 7)
    )
    error_message = "This configuration needs an OpenZiti controller v1.7 or later, found ${data.ziti_controller.current.version}."
  }

  assert {
    condition     = data.ziti_controller.current.is_admin
    error_message = "The provider is logged in as ${data.ziti_controller.current.identity_name}, which is not an admin."
  }
}
