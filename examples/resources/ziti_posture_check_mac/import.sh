# By id
terraform import ziti_posture_check_mac.this 5Mq2WbgJ0zQeYfNnR1tX7s

# By name
terraform import ziti_posture_check_mac.this name:mac-check
