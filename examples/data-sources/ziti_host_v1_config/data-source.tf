data "ziti_host_v1_config" "llm_proxy" {
  name = "llm-proxy-host"
}
