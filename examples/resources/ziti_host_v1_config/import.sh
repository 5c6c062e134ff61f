# By id
terraform import ziti_host_v1_config.llm_proxy XlMVC7W4MggS3vVHdlsgh

# By name
terraform import ziti_host_v1_config.llm_proxy name:llm-proxy-host
