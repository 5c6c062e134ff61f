# Only patched Windows 10/11 and recent macOS laptops reach the admin console.
resource "ziti_posture_check_os" "patched_laptops" {
  name            = "patched-laptops"
  role_attributes = ["laptops"]
  operating_systems = [
    { type = "Windows", versions = [">=10.0.19045"] },
    { type = "macOS", versions = [">=14.0.0"] },
  ]
}

resource "ziti_service_policy" "admin_console" {
  name                = "admin-console-dial"
  type                = "Dial"
  identity_roles      = ["#operators"]
  service_roles       = ["@admin-console"]
  posture_check_roles = ["#laptops"]
}
