# A Kubernetes cluster's service-account issuer: agent pods log in with their projected
# service-account token (audience "openziti"), matched by its subject
# (system:serviceaccount:<namespace>:<name>) to the identity with that external_id.
resource "ziti_external_jwt_signer" "cluster" {
  name          = "k8s-prod"
  issuer        = "https://oidc.prod.example.com"
  jwks_endpoint = "https://oidc.prod.example.com/openid/v1/jwks"
  audience      = "openziti"
  # The defaults, spelled out:
  claims_property = "sub"
  use_external_id = true
}

resource "ziti_identity" "summarizer" {
  name            = "summarizer"
  external_id     = "system:serviceaccount:agents:summarizer"
  role_attributes = ["agents"]
  enrollment { method = "none" }
}
