# Every process_multi posture check whose name starts with "corp-".
data "ziti_posture_checks_process_multi" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_process_multi_checks" {
  value = [for c in data.ziti_posture_checks_process_multi.corp.posture_checks_process_multi : c.name]
}
