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
