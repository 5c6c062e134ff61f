# Every domain posture check whose name starts with "corp-".
data "ziti_posture_checks_domain" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_domain_checks" {
  value = [for c in data.ziti_posture_checks_domain.corp.posture_checks_domain : c.name]
}
