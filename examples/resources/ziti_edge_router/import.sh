# By id
terraform import ziti_edge_router.public_eu Vd5f2QdZq

# By name
terraform import ziti_edge_router.public_eu name:public-eu-1
