# A posture check created outside this configuration, by name (or id, or a ZitiQL filter).
data "ziti_posture_check_domain" "this" {
  name = "domain-check"
}
