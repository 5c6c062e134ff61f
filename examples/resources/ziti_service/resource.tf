# The LLM proxy every agent dials as "llm-proxy.ziti": clients capture that address (intercept.v1),
# the hosting router sends the traffic to the proxy's real address (host.v1).
resource "ziti_config" "llm_proxy_intercept" {
  name        = "llm-proxy-intercept"
  config_type = "intercept.v1"
  data = jsonencode({
    protocols  = ["tcp"]
    addresses  = ["llm-proxy.ziti"]
    portRanges = [{ low = 443, high = 443 }]
  })
}

resource "ziti_config" "llm_proxy_host" {
  name        = "llm-proxy-host"
  config_type = "host.v1"
  data = jsonencode({
    protocol = "tcp"
    address  = "llm-proxy.internal"
    port     = 8443
  })
}

resource "ziti_service" "llm_proxy" {
  name            = "llm-proxy"
  role_attributes = ["agent-platform"]
  configs         = [ziti_config.llm_proxy_intercept.id, ziti_config.llm_proxy_host.id]

  # Close connections an agent left idle for five minutes.
  max_idle_time = "5m"

  tags = {
    owner = "platform"
  }
}
