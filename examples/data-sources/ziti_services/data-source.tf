# Every service of the agent platform.
data "ziti_services" "platform" {
  filter = "anyOf(roleAttributes) = \"agent-platform\""
}

output "platform_services" {
  value = [for s in data.ziti_services.platform.services : s.name]
}
