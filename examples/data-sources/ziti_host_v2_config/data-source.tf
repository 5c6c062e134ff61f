data "ziti_host_v2_config" "llm_proxy" {
  name = "llm-proxy-host-v2"
}

output "llm_proxy_backends" {
  value = [for t in data.ziti_host_v2_config.llm_proxy.terminators : "${t.address}:${t.port}"]
}
