# By id
terraform import ziti_posture_check_mfa.this 5Mq2WbgJ0zQeYfNnR1tX7s

# By name
terraform import ziti_posture_check_mfa.this name:mfa-check
