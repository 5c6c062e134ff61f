# By id
terraform import ziti_auth_policy.workloads 2Xq8LbEY0MtPWBJb1T6Xa3

# By name
terraform import ziti_auth_policy.workloads name:k8s-workloads
