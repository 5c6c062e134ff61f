# A posture check created outside this configuration, by name (or id, or a ZitiQL filter).
data "ziti_posture_check_mfa" "this" {
  name = "mfa-check"
}
