# Agents reach the LLM proxy at llm-proxy.ziti:443 through their sidecar; nothing else on
# that name or port is intercepted.
resource "ziti_intercept_v1_config" "llm_proxy" {
  name        = "llm-proxy-intercept"
  protocols   = ["tcp"]
  addresses   = ["llm-proxy.ziti"]
  port_ranges = [{ low = 443, high = 443 }]
}

# A customer's private network: a CIDR and a wildcard domain, a range of ports, and a
# longer dial timeout for a slow link.
resource "ziti_intercept_v1_config" "customer_acme" {
  name        = "customer-acme-intercept"
  protocols   = ["tcp", "udp"]
  addresses   = ["10.20.0.0/16", "*.acme.internal"]
  port_ranges = [{ low = 443, high = 443 }, { low = 5432, high = 5432 }, { low = 8000, high = 8099 }]

  dial_options = {
    connect_timeout_seconds = 30
  }

  tags = {
    customer = "acme"
  }
}
