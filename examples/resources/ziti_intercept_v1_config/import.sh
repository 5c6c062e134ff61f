# By id
terraform import ziti_intercept_v1_config.llm_proxy 3aMcmzcw3MdFZXZzW3pNGG

# By name
terraform import ziti_intercept_v1_config.llm_proxy name:llm-proxy-intercept
