# By id
terraform import ziti_config.customer_db_intercept 4AuCKJRlhpGF2UccIVhdGP

# By name
terraform import ziti_config.customer_db_intercept name:customer-db-intercept
