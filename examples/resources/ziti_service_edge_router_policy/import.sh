# By id
terraform import ziti_service_edge_router_policy.agent_services_public_routers 1Kp9mN2wz

# By name
terraform import ziti_service_edge_router_policy.agent_services_public_routers name:agent-services-public-routers
