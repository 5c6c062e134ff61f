# The endpoint protection agent, on whichever operating system the laptop runs.
resource "ziti_posture_check_process_multi" "edr" {
  name            = "edr-any-os"
  role_attributes = ["managed"]
  semantic        = "AnyOf"
  processes = [
    { os_type = "Windows", path = "C:\\Program Files\\EDR\\edr.exe" },
    { os_type = "macOS", path = "/Applications/EDR.app/Contents/MacOS/edr" },
  ]
}
