data "ziti_identity" "admin" {
  name = "Default Admin"
}

# Exactly one identity must match a filter.
data "ziti_identity" "oncall" {
  filter = "tags.role = \"oncall\""
}
