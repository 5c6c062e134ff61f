# Every mfa posture check whose name starts with "corp-".
data "ziti_posture_checks_mfa" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_mfa_checks" {
  value = [for c in data.ziti_posture_checks_mfa.corp.posture_checks_mfa : c.name]
}
