# By the id of its service
terraform import ziti_private_resource.orders_db 5sVbFQ2Qm

# By name (the owned entities are found by their ziti-composite tags)
terraform import ziti_private_resource.orders_db name:orders-db
