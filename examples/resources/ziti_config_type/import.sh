# By id
terraform import ziti_config_type.agent_routing J54AD4XQmUBS6Xnh1OPTv

# By name
terraform import ziti_config_type.agent_routing name:agent-routing.v1
