# The endpoint protection agent must be running.
resource "ziti_posture_check_process" "edr" {
  name            = "edr-running"
  role_attributes = ["managed"]
  os_type         = "Windows"
  path            = "C:\\Program Files\\EDR\\edr.exe"
}
