# The hosting side of the LLM proxy: the router (or tunneler) with the Bind grant sends the
# traffic to the proxy listening next to it.
resource "ziti_host_v1_config" "llm_proxy" {
  name     = "llm-proxy-host"
  protocol = "tcp"
  address  = "127.0.0.1"
  port     = 8080

  listen_options = {
    connect_timeout = "10s"
  }
}

# A connector in a customer's network forwards what the agent dialed (address, port and
# protocol), but only within the customer's network and ports.
resource "ziti_host_v1_config" "customer_acme" {
  name = "customer-acme-host"

  forward_protocol  = true
  allowed_protocols = ["tcp", "udp"]

  forward_address   = true
  allowed_addresses = ["10.20.0.0/16", "*.acme.internal"]

  forward_port        = true
  allowed_port_ranges = [{ low = 443, high = 443 }, { low = 5432, high = 5432 }, { low = 8000, high = 8099 }]

  listen_options = {
    precedence = "required"
  }
}

# The orders API behind a health check: while /healthz fails three times in a row the
# router takes its terminator out of service, and puts it back once it passes again. The
# hosting side reaches the API through the site's HTTP proxy.
resource "ziti_host_v1_config" "orders_api" {
  name     = "orders-api-host"
  protocol = "tcp"
  address  = "orders-api.internal"
  port     = 443

  http_checks = [{
    url           = "https://orders-api.internal/healthz"
    expect_status = 200
    interval      = "10s"
    timeout       = "2s"
    actions = [
      { trigger = "fail", consecutive_events = 3, action = "mark unhealthy" },
      { trigger = "pass", action = "mark healthy" },
    ]
  }]

  port_checks = [{
    address  = "orders-api.internal:443"
    interval = "30s"
    timeout  = "1s"
    actions  = [{ trigger = "fail", action = "increase cost 100" }, { trigger = "pass", action = "decrease cost 100" }]
  }]

  proxy = {
    address = "proxy.internal:3128"
  }
}

# A customer whose network overlaps another's: the agent dials 10.20.x.y, the connector
# forwards to the same host in 192.168.x.y.
resource "ziti_host_v1_config" "customer_globex" {
  name     = "customer-globex-host"
  protocol = "tcp"
  port     = 5432

  forward_address              = true
  allowed_addresses            = ["10.20.0.0/16"]
  forward_address_translations = [{ from = "10.20.0.0", to = "192.168.0.0", prefix_length = 16 }]
}
