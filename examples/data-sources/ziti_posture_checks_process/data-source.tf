# Every process posture check whose name starts with "corp-".
data "ziti_posture_checks_process" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_process_checks" {
  value = [for c in data.ziti_posture_checks_process.corp.posture_checks_process : c.name]
}
