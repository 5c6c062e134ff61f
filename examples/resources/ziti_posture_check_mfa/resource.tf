# People must have passed MFA within the last 15 minutes, and again after unlocking.
resource "ziti_posture_check_mfa" "recent" {
  name             = "recent-mfa"
  role_attributes  = ["humans"]
  timeout_seconds  = 900
  prompt_on_unlock = true
}
