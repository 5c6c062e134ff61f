# The LLM proxy with a fallback: the primary terminator is preferred (precedence
# "required") and marked unhealthy while its health check fails; the secondary one, at a
# higher cost, then takes the traffic.
resource "ziti_host_v2_config" "llm_proxy" {
  name = "llm-proxy-host-v2"

  terminators = [
    {
      protocol       = "tcp"
      address        = "127.0.0.1"
      port           = 8080
      listen_options = { precedence = "required" }
      http_checks = [{
        url      = "http://127.0.0.1:8080/healthz"
        interval = "5s"
        timeout  = "1s"
        actions = [
          { trigger = "fail", consecutive_events = 2, action = "mark unhealthy" },
          { trigger = "pass", action = "mark healthy" },
        ]
      }]
    },
    {
      protocol       = "tcp"
      address        = "llm-proxy-fallback.internal"
      port           = 8080
      listen_options = { cost = 100 }
    },
  ]
}
