# A customer's Postgres, reachable only by the billing agents, only on 5432, through the
# connector that runs next to it. The database side cannot dial the agents.
resource "ziti_identity" "orders_db_connector" {
  name = "orders-db-connector"
}

resource "ziti_private_resource" "orders_db" {
  name           = "orders-db"
  address        = "orders-db.ziti" # what agents dial
  ports          = [5432]
  target_address = "10.20.0.15" # where the connector connects
  target_port    = 5432
  host_roles     = ["@${ziti_identity.orders_db_connector.name}"]
  dial_roles     = ["#billing-agents"]

  tags = {
    customer = "acme"
  }
}
