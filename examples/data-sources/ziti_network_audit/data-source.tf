# Audit the whole network: grants broader than they should be, services nothing hosts,
# admins, expired enrollments, policies that select nothing.
data "ziti_network_audit" "this" {
  include_info = false # leave out the informational findings
}

output "audit_counts" {
  value = data.ziti_network_audit.this.counts # { high = 0, medium = 1, low = 2, info = 0 }
}

output "audit_findings" {
  value = [for f in data.ziti_network_audit.this.findings : "${f.severity} ${f.kind} ${f.entity_type} ${f.entity_name}: ${f.message}"]
}

# Every plan and apply warns while the network has a high finding, naming each one.
check "no_high_findings" {
  assert {
    condition = data.ziti_network_audit.this.counts["high"] == 0
    error_message = join("\n", [
      for f in data.ziti_network_audit.this.findings : "${f.kind} (${f.entity_type} ${f.entity_name}): ${f.message}" if f.severity == "high"
    ])
  }
}
