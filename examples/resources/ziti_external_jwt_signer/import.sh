# By id
terraform import ziti_external_jwt_signer.cluster 4bGPBfH4X3Oe8XTC0Ylq7S

# By name
terraform import ziti_external_jwt_signer.cluster name:k8s-prod
