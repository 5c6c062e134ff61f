# Every enabled signer: the issuers whose tokens the controller accepts as logins.
data "ziti_external_jwt_signers" "enabled" {
  filter = "enabled = true"
}

output "accepted_issuers" {
  value = [for s in data.ziti_external_jwt_signers.enabled.external_jwt_signers : s.issuer]
}
