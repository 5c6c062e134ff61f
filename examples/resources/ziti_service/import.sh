# By id
terraform import ziti_service.llm_proxy 5QMYTCt28v3zJUpxVqVteN

# By name
terraform import ziti_service.llm_proxy name:llm-proxy
