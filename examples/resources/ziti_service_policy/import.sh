# By id
terraform import ziti_service_policy.agents_dial_llm_proxy 4Lw2kYz8q

# By name
terraform import ziti_service_policy.agents_dial_llm_proxy name:agents-dial-llm-proxy

# After an import, role references are in their "@<id>" form; writing them as "@<name>" in the
# configuration shows as an in-place update once, then stays.
