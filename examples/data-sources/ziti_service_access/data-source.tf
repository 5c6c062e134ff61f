# Who may reach the customer's database through the overlay, and who hosts it.
data "ziti_service_access" "orders_db" {
  service = "orders-db" # a name or an id
}

output "orders_db_dialers" {
  value = [for i in data.ziti_service_access.orders_db.dial_identities : i.identity_name]
}

# The database is reachable by the orders agent only, and only the connector hosts it.
check "orders_db_access" {
  assert {
    condition     = !data.ziti_service_access.orders_db.dialable_by_all
    error_message = "A Dial policy grants orders-db to #all identities."
  }

  assert {
    condition     = [for i in data.ziti_service_access.orders_db.dial_identities : i.identity_name] == ["orders-agent"]
    error_message = "orders-db may be dialed by: ${join(", ", [for i in data.ziti_service_access.orders_db.dial_identities : i.identity_name])} (expected orders-agent only)."
  }

  assert {
    condition     = [for i in data.ziti_service_access.orders_db.bind_identities : i.identity_name] == ["orders-db-connector"]
    error_message = "orders-db is hosted by an unexpected identity."
  }
}

# No agent can dial the admin API: no identity that may dial it is anything but an admin.
data "ziti_service_access" "admin_api" {
  service = "ziti-admin-api"
}

check "no_agent_dials_the_admin_api" {
  assert {
    condition     = alltrue([for i in data.ziti_service_access.admin_api.dial_identities : i.is_admin])
    error_message = "Non-admin identities may dial the admin API: ${join(", ", [for i in data.ziti_service_access.admin_api.dial_identities : i.identity_name if !i.is_admin])}."
  }
}
