# By the id of its Dial policy
terraform import ziti_egress_allowlist.research 2Hq7dVf1k

# By name
terraform import ziti_egress_allowlist.research name:research-egress
