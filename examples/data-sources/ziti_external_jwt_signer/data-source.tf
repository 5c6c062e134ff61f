# A signer registered outside this configuration, by name (or id, or a ZitiQL filter).
data "ziti_external_jwt_signer" "cluster" {
  name = "k8s-prod"
}

output "cluster_issuer" {
  value = data.ziti_external_jwt_signer.cluster.issuer
}
