# Research agents may reach the OpenAI API on 443 and Google's APIs on 443, through the egress
# gateway; nothing else on the internet is reachable through the overlay.
#
# Catch-all destinations (0.0.0.0/0, ::/0, *.com) are rejected at plan time unless
# allow_catch_all = true; ziti_network_audit reports them either way.
resource "ziti_egress_allowlist" "research" {
  name           = "research-egress"
  identity_roles = ["#research-agents"]
  gateway_roles  = ["@egress-gateway"]

  destination = [
    {
      host  = "api.openai.com"
      ports = [443]
    },
    {
      host  = "*.googleapis.com"
      ports = [443]
    },
    {
      # Split DNS: agents dial the public name, the gateway connects to an internal mirror
      # that serves it (with a certificate for the public name).
      host            = "api.anthropic.com"
      ports           = [443]
      connect_address = "llm-mirror.internal"
    },
  ]
}
