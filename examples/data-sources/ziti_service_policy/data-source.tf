data "ziti_service_policy" "agents_dial_llm_proxy" {
  name = "agents-dial-llm-proxy"
}

# Who is granted the LLM proxy, as the controller holds it (references in "@<id>" form).
output "llm_proxy_dialers" {
  value = data.ziti_service_policy.agents_dial_llm_proxy.identity_roles
}
