# Only machines joined to the corporate Windows domain.
resource "ziti_posture_check_domain" "corp" {
  name            = "corp-domain"
  role_attributes = ["managed"]
  domains         = ["CORP"]
}
