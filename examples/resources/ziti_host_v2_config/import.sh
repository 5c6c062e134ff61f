# By id
terraform import ziti_host_v2_config.llm_proxy 3rdLGg2ucmMRWzCDFRo9Jq

# By name
terraform import ziti_host_v2_config.llm_proxy name:llm-proxy-host-v2
