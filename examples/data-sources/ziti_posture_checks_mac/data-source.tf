# Every mac posture check whose name starts with "corp-".
data "ziti_posture_checks_mac" "corp" {
  filter = "name contains \"corp-\""
}

output "corp_mac_checks" {
  value = [for c in data.ziti_posture_checks_mac.corp.posture_checks_mac : c.name]
}
