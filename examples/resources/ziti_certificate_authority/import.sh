# By id
terraform import ziti_certificate_authority.cert_manager 3mVdYqT8dG7nFqf2Lbd6Wz

# By name
terraform import ziti_certificate_authority.cert_manager name:cert-manager-prod
