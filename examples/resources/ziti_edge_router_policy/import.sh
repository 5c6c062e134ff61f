# By id
terraform import ziti_edge_router_policy.agents_public_routers 6Tq1vR3sx

# By name
terraform import ziti_edge_router_policy.agents_public_routers name:agents-public-routers
