# Every os posture check whose name starts with "corp-".
data "ziti_posture_checks_os" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_os_checks" {
  value = [for c in data.ziti_posture_checks_os.corp.posture_checks_os : c.name]
}
