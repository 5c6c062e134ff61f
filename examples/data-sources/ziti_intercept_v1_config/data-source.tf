data "ziti_intercept_v1_config" "llm_proxy" {
  name = "llm-proxy-intercept"
}

# Exactly one intercept.v1 config must match a filter (configs of other types never match).
data "ziti_intercept_v1_config" "acme" {
  filter = "tags.customer = \"acme\""
}
